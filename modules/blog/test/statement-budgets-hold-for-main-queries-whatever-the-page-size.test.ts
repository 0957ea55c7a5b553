import t from 'tap';
import { bootBlog, type BlogTestKernel } from './helpers/boot-blog';

/**
 * SQL statements per request, counted as the application role sends them
 * to PostgreSQL (transaction control included: BEGIN, the tenant setting and
 * COMMIT are statements too; core's author lookups as well). Each main query
 * is run with first: 2 and first: 20 over enough data that 20 rows come
 * back: loaders (and the lists' prefetch of post relations) must make the
 * counts equal, and each stays within its budget. Authors are not cached
 * here (authorCacheSeconds: 0), so core's lookup is counted every time.
 */
const QUERIES: Array<{ name: string; query: string; budget: number; admin?: true }> = [
  {
    name: 'storefront post list with authors, categories, tags, comment counts and translations',
    query: 'query($first: Int) { blogPosts(first: $first) { edges { node { id title slug excerpt readingTime publishedAt author { displayName } categories { name slug parent { name } } tags { name slug } commentCount translations { locale slug } } } pageInfo { hasNextPage } } }',
    budget: 6,
  },
  {
    name: 'storefront search with highlights',
    query: 'query($first: Int) { blogPosts(first: $first, filter: { search: "post" }) { edges { node { title highlight author { displayName } categories { name } tags { name } commentCount } } } }',
    budget: 4,
  },
  {
    name: 'admin post list with revisions',
    query: 'query($first: Int) { blogAdminPosts(first: $first) { edges { node { title status author { displayName } tags { name } revisions(first: 5) { edges { node { number changed } } } } } } }',
    budget: 11,
    admin: true,
  },
  {
    // The comments' post is read by a loader, so its categories, tags and count come from loaders too (no prefetch there).
    name: 'storefront comments with replies, authors, and their post with its relations',
    query: 'query($first: Int, $post: ID!) { blogComments(post: $post, first: $first) { edges { node { authorName bodyHtml author { displayName } replies { authorName author { displayName } } post { title categories { name } tags { name } commentCount } } } } }',
    budget: 11,
  },
  {
    name: 'tags with translations',
    query: 'query($first: Int) { blogTags(first: $first) { edges { node { name slug translations { locale name } } } } }',
    budget: 4,
  },
];

async function seed(blog: BlogTestKernel, owner: Record<string, string>): Promise<string> {
  const mutate = <T>(query: string, variables: Record<string, unknown> = {}) => blog.must<T>(query, variables, owner);
  const parent = (await mutate<{ blogCreateCategory: { id: string } }>('mutation { blogCreateCategory(input: { translations: [{ locale: "en", name: "Parent" }] }) { id } }')).blogCreateCategory.id;
  const categories: string[] = [];
  for (let i = 0; i < 3; i++) categories.push((await mutate<{ blogCreateCategory: { id: string } }>('mutation($p: ID!, $n: String!) { blogCreateCategory(input: { translations: [{ locale: "en", name: $n }], parentId: $p }) { id } }', { p: parent, n: `Category ${i}` })).blogCreateCategory.id);
  const tags: string[] = [];
  for (let i = 0; i < 25; i++) tags.push((await mutate<{ blogCreateTag: { id: string } }>('mutation($n: String!) { blogCreateTag(input: { translations: [{ locale: "en", name: $n }, { locale: "ru", name: $n }] }) { id } }', { n: `Tag ${i}` })).blogCreateTag.id);
  let first = '';
  for (let i = 0; i < 22; i++) {
    const id = (
      await mutate<{ blogCreatePost: { id: string } }>('mutation($input: BlogPostInput!) { blogCreatePost(input: $input) { id } }', {
        input: { translations: [{ locale: 'en', title: `Post ${i}`, excerpt: 'An excerpt', body: `Body of post ${i}` }, { locale: 'ru', title: `Пост ${i}` }], categoryIds: [categories[i % 3]], tagIds: [tags[i % 25], tags[(i + 1) % 25]] },
      })
    ).blogCreatePost.id;
    await mutate('mutation($id: ID!) { blogPublishPost(id: $id) { id } }', { id });
    if (i < 3) await mutate('mutation($id: ID!) { blogUpdatePost(id: $id, input: { translations: [{ locale: "en", excerpt: "Edited excerpt" }] }) { id } }', { id });
    if (i === 0) first = id;
  }
  for (let i = 0; i < 22; i++) {
    const top = (await mutate<{ blogAddComment: { id: string } }>('mutation($input: BlogAddCommentInput!) { blogAddComment(input: $input) { id } }', { input: { postId: first, body: `Comment ${i}` } })).blogAddComment.id;
    if (i % 5 === 0) await mutate('mutation($input: BlogAddCommentInput!) { blogAddComment(input: $input) { id } }', { input: { postId: first, parentId: top, body: `Reply ${i}` } });
  }
  const page = async (title: string, parentId: string | null) => {
    const id = (await mutate<{ blogCreatePage: { id: string } }>('mutation($t: String!, $p: ID) { blogCreatePage(input: { translations: [{ locale: "en", title: $t }], parentId: $p }) { id } }', { t: title, p: parentId })).blogCreatePage.id;
    await mutate('mutation($id: ID!) { blogPublishPage(id: $id) { id } }', { id });
    return id;
  };
  for (let i = 0; i < 3; i++) {
    const top = await page(`Top ${i}`, null);
    for (let j = 0; j < 2; j++) await page(`Grandchild of ${i}.${j}`, await page(`Child ${i}.${j}`, top));
  }
  return first;
}

t.test('each main query runs the same number of statements for 2 rows and for 20, within its budget', async (t) => {
  const blog = await bootBlog(t, { blog: { authorCacheSeconds: 0, comments: { rateLimit: { max: 1000 } } }, core: { tenantCacheSeconds: 300 }, env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const post = await seed(blog, owner);

  await t.test('single reads stay within their budgets too', async (t) => {
    for (const [name, query, budget] of [
      ['a post by slug with everything', '{ blogPost(slug: "post-0") { title bodyHtml author { displayName } categories { name parent { name } } tags { name } commentCount translations { locale slug } } }', 6],
      ['the page menu, three levels deep, with paths', '{ blogPages { title path children { title path children { title path } } } }', 8],
      ['the category tree', '{ blogCategories { name parent { name } children { name } translations { locale } } }', 6],
    ] as const) {
      await blog.request(query, {}, tenant.as());
      const { result, statements } = await blog.statements(() => blog.request(query, {}, tenant.as()));
      t.same(result.errors, undefined, `${name}: no errors`);
      t.ok(statements.length <= budget, `${name}: ${statements.length} statements, budget ${budget}`);
      if (process.env.BLOG_SHOW_STATEMENTS) console.log(name, statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 70)));
    }
  });

  for (const { name, query, budget, admin } of QUERIES) {
    const headers = admin ? owner : tenant.as();
    const run = async (first: number) => {
      const { result, statements } = await blog.statements(() => blog.request<Record<string, { edges: unknown[] }>>(query, { first, post }, headers));
      t.same(result.errors, undefined, `${name}: no errors`);
      return { rows: Object.values(result.data ?? {})[0]?.edges.length ?? 0, statements };
    };
    await run(2);
    const small = await run(2);
    const large = await run(20);
    t.equal(small.rows, 2, `${name}: first 2 gives 2`);
    t.equal(large.rows, 20, `${name}: first 20 gives 20`);
    t.equal(large.statements.length, small.statements.length, `${name}: ${large.statements.length} statements for 20 rows, as for 2`);
    t.ok(large.statements.length <= budget, `${name}: ${large.statements.length} statements, budget ${budget}`);
    if (process.env.BLOG_SHOW_STATEMENTS || large.statements.length !== small.statements.length) console.log(name, small.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 60)), large.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 60)));
  }
});
