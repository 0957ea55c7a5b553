import t from 'tap';
import { bootBlog, codes, OPERATOR_TOKEN } from './helpers/boot-blog';

interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const nodes = <T>(connection: Connection<T> | undefined) => (connection?.edges ?? []).map((edge) => edge.node);

t.test('the storefront sees published posts and pages only, of its own tenant, in its locale, page by page', async (t) => {
  const blog = await bootBlog(t);
  const alpha = await blog.createTenant('alpha');
  const beta = await blog.createTenant('beta');
  const owner = alpha.as(alpha.ownerToken);
  const post = async (input: Record<string, unknown>, then: 'publish' | 'archive' | 'schedule' | null) => {
    const id = (await blog.must<{ blogCreatePost: { id: string } }>('mutation($input: BlogPostInput!) { blogCreatePost(input: $input) { id } }', { input }, owner)).blogCreatePost.id;
    if (then === 'publish' || then === 'archive') await blog.must('mutation($id: ID!) { blogPublishPost(id: $id) { id } }', { id }, owner);
    if (then === 'archive') await blog.must('mutation($id: ID!) { blogArchivePost(id: $id) { id } }', { id }, owner);
    if (then === 'schedule') await blog.must('mutation($id: ID!, $at: DateTime!) { blogSchedulePost(id: $id, publishAt: $at) { id } }', { id, at: new Date(Date.now() + 3_600_000).toISOString() }, owner);
    return id;
  };
  const news = (await blog.must<{ blogCreateCategory: { id: string } }>('mutation { blogCreateCategory(input: { translations: [{ locale: "en", name: "News" }, { locale: "ru", name: "Новости" }] }) { id } }', {}, owner)).blogCreateCategory.id;
  const local = (await blog.must<{ blogCreateCategory: { id: string } }>('mutation($p: ID!) { blogCreateCategory(input: { translations: [{ locale: "en", name: "Local" }], parentId: $p }) { id } }', { p: news }, owner)).blogCreateCategory.id;
  const tag = (await blog.must<{ blogCreateTag: { id: string } }>('mutation { blogCreateTag(input: { translations: [{ locale: "en", name: "Hot" }] }) { id } }', {}, owner)).blogCreateTag.id;

  const published: string[] = [];
  for (let i = 1; i <= 5; i++) published.push(await post({ translations: [{ locale: 'en', title: `Published ${i}` }, { locale: 'ru', title: `Опубликовано ${i}` }], categoryIds: i === 2 ? [local] : [news], tagIds: i % 2 === 0 ? [tag] : [] }, 'publish'));
  const draft = await post({ translations: [{ locale: 'en', title: 'Draft' }] }, null);
  await post({ translations: [{ locale: 'en', title: 'Archived' }] }, 'archive');
  await post({ translations: [{ locale: 'en', title: 'Scheduled' }] }, 'schedule');
  await post({ translations: [{ locale: 'ru', title: 'Только по-русски' }] }, 'publish');
  await blog.must('mutation { blogCreatePost(input: { translations: [{ locale: "en", title: "Beta post" }] }) { id } }', {}, beta.as(beta.ownerToken));

  const list = async (variables: Record<string, unknown>, headers = alpha.as()) =>
    blog.request<{ blogPosts: Connection<{ id: string; title: string; locale: string }> }>('query($first: Int, $after: String, $locale: String, $filter: BlogPostFilter) { blogPosts(first: $first, after: $after, locale: $locale, filter: $filter) { edges { cursor node { id title locale } } pageInfo { hasNextPage endCursor } } }', variables, headers);

  t.test('pages of two walk every published post once, newest first', async (t) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response = await list({ first: 2, after });
      const connection = response.data?.blogPosts;
      seen.push(...nodes(connection).map((node) => node.title));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    t.same(seen, ['Published 5', 'Published 4', 'Published 3', 'Published 2', 'Published 1'], 'no draft, archived, scheduled or other-language-only post; no duplicates, no gaps');
  });

  t.test('another locale shows its translations; a post only in that locale appears there', async (t) => {
    const ru = nodes((await list({ first: 20, locale: 'ru' })).data?.blogPosts);
    t.same(ru.map((n) => `${n.locale}:${n.title}`), ['ru:Только по-русски', 'ru:Опубликовано 5', 'ru:Опубликовано 4', 'ru:Опубликовано 3', 'ru:Опубликовано 2', 'ru:Опубликовано 1']);
    const byHeader = nodes((await list({ first: 1 }, { ...alpha.as(), 'accept-language': 'ru-RU,ru;q=0.9' })).data?.blogPosts);
    t.same(byHeader.map((n) => n.locale), ['ru'], 'Accept-Language picks the locale when the argument is absent');
  });

  t.test('filters: a category includes its subcategories; a tag; an author', async (t) => {
    t.same(nodes((await list({ filter: { category: 'news' } })).data?.blogPosts).length, 5);
    t.same(nodes((await list({ filter: { category: 'local' } })).data?.blogPosts).map((n) => n.title), ['Published 2']);
    t.same(nodes((await list({ filter: { tag: 'hot' } })).data?.blogPosts).map((n) => n.title), ['Published 4', 'Published 2']);
    t.same(nodes((await list({ filter: { category: 'no-such' } })).data?.blogPosts), []);
  });

  t.test('single reads: by slug, by path, by node id — published only', async (t) => {
    const bySlug = await blog.request('{ a: blogPost(slug: "published-3") { title } b: blogPost(slug: "draft") { title } c: blogPost(slug: "opublikovano-3", locale: "ru") { title slug } }', {}, alpha.as());
    t.same(bySlug.data, { a: { title: 'Published 3' }, b: null, c: { title: 'Опубликовано 3', slug: 'opublikovano-3' } });
    const node = await blog.request('query($a: ID!, $b: ID!) { a: node(id: $a) { ... on BlogPost { title } } b: node(id: $b) { ... on BlogPost { title } } }', { a: published[0], b: draft }, alpha.as());
    t.same(node.data, { a: { title: 'Published 1' }, b: null }, 'a draft is not reachable by id from the storefront');
    const asAdmin = await blog.request('query($b: ID!) { node(id: $b) { ... on BlogPost { title status } } }', { b: draft }, owner);
    t.same(asAdmin.data, { node: { title: 'Draft', status: 'DRAFT' } }, 'but it is for those who may read drafts');
    t.same(codes(await blog.request('query($id: ID!) { blogComments(post: $id) { edges { cursor } } }', { id: draft }, alpha.as())), ['POST_NOT_FOUND'], 'no comments of a draft');
  });

  t.test("another tenant sees none of it, not even by id or slug", async (t) => {
    t.same(nodes((await list({}, beta.as())).data?.blogPosts), []);
    t.same((await blog.request('query($a: ID!) { node(id: $a) { id } }', { a: published[0] }, beta.as(beta.ownerToken))).data, { node: null });
    t.same((await blog.request('{ blogPost(slug: "published-1") { id } }', {}, beta.as())).data, { blogPost: null });
    const betaAdmin = await blog.request<{ blogAdminPosts: Connection<{ title: string }> }>('{ blogAdminPosts { edges { node { title } } } }', {}, beta.as(beta.ownerToken));
    t.same(nodes(betaAdmin.data?.blogAdminPosts).map((n) => n.title), ['Beta post'], "beta's admin list holds beta's post only");
  });

  t.test('a tenant that switched the blog off gets MODULE_DISABLED, also on public fields; others are unaffected', async (t) => {
    await blog.must('mutation { setTenantModule(module: "blog", enabled: false) { enabled } }', {}, alpha.as(alpha.ownerToken));
    t.same(codes(await list({})), ['MODULE_DISABLED']);
    t.same(codes(await blog.request('{ blogCategories { id } }', {}, alpha.as())), ['MODULE_DISABLED']);
    t.same(codes(await list({}, beta.as())), []);
    await blog.must('mutation { setTenantModule(module: "blog", enabled: true) { enabled } }', {}, { ...alpha.as(), authorization: `Bearer ${OPERATOR_TOKEN}` });
  });
});
