import t from 'tap';
import { toGlobalId } from '@rustok/contracts';
import { randomUUID } from 'node:crypto';
import { bootBlog, type BlogTestKernel } from './helpers/boot-blog';

const CREATE = 'mutation($input: BlogPostInput!) { blogCreatePost(input: $input) { id } }';
const UPDATE = 'mutation($id: ID!, $input: BlogPostInput!, $v: Int) { blogUpdatePost(id: $id, input: $input, expectedVersion: $v) { id version } }';
const COMMENT = 'mutation($input: BlogAddCommentInput!) { blogAddComment(input: $input) { id status } }';

/** Rows of every blog table and blog events in the outbox: what a refused mutation must leave as it was. */
async function footprint(blog: BlogTestKernel): Promise<Record<string, number>> {
  const [row] = await blog.sql<Record<string, string>>(`
    SELECT (SELECT count(*) FROM blog.entries) AS entries, (SELECT count(*) FROM blog.entry_translations) AS translations,
           (SELECT count(*) FROM blog.revisions) AS revisions, (SELECT count(*) FROM blog.entry_categories) + (SELECT count(*) FROM blog.entry_tags) AS links,
           (SELECT count(*) FROM blog.categories) + (SELECT count(*) FROM blog.category_translations) AS categories,
           (SELECT count(*) FROM blog.tags) + (SELECT count(*) FROM blog.tag_translations) AS tags,
           (SELECT count(*) FROM blog.comments) AS comments,
           (SELECT count(*) FROM rustok.outbox WHERE emitted_by = 'blog') AS events,
           (SELECT coalesce(sum(version), 0) FROM blog.entries) AS versions,
           (SELECT count(*) FROM blog.entries WHERE status <> 'draft') AS workflow`);
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
}

t.test('each bad input is refused with its own code and field, and leaves every table as it was', async (t) => {
  // A small body limit, so "oversized" is cheap to send; a generous comment limit, so rate limiting stays out of the way.
  const blog = await bootBlog(t, { blog: { maxBodyBytes: 2000, comments: { rateLimit: { max: 1000 } } } });
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const create = async (input: Record<string, unknown>) => (await blog.must<{ blogCreatePost: { id: string } }>(CREATE, { input }, owner)).blogCreatePost.id;

  const taken = await create({ translations: [{ locale: 'en', title: 'Taken', slug: 'taken' }] });
  const closed = await create({ translations: [{ locale: 'en', title: 'Closed' }], commentsClosed: true });
  await blog.must('mutation($id: ID!) { blogPublishPost(id: $id) { id } }', { id: closed }, owner);
  const open = await create({ translations: [{ locale: 'en', title: 'Open' }] });
  await blog.must('mutation($id: ID!) { blogPublishPost(id: $id) { id } }', { id: open }, owner);
  const guest = { guestName: 'Guest', guestEmail: 'guest@example.com' };
  const top = (await blog.must<{ blogAddComment: { id: string } }>(COMMENT, { input: { postId: open, body: 'top', ...guest } }, owner)).blogAddComment.id;
  const reply = (await blog.must<{ blogAddComment: { id: string } }>(COMMENT, { input: { postId: open, parentId: top, body: 'reply', ...guest } }, owner)).blogAddComment.id;
  const parentPage = (await blog.must<{ blogCreatePage: { id: string } }>('mutation { blogCreatePage(input: { translations: [{ locale: "en", title: "Parent" }] }) { id } }', {}, owner)).blogCreatePage.id;
  const childPage = (await blog.must<{ blogCreatePage: { id: string } }>('mutation($p: ID!) { blogCreatePage(input: { translations: [{ locale: "en", title: "Child" }], parentId: $p }) { id } }', { p: parentPage }, owner)).blogCreatePage.id;

  const cyrillic = (chars: number) => 'ж'.repeat(chars);
  const cases: Array<{ name: string; query: string; variables: Record<string, unknown>; code: string; field?: string; anonymous?: true }> = [
    { name: 'duplicate explicit slug', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'New', slug: 'taken' }] } }, code: 'SLUG_TAKEN', field: 'input.translations.0.slug' },
    {
      name: 'duplicate slug in a second translation (the first one valid)',
      query: CREATE,
      variables: { input: { translations: [{ locale: 'ru', title: 'Новый' }, { locale: 'en', title: 'New', slug: 'taken' }] } },
      code: 'SLUG_TAKEN',
      field: 'input.translations.1.slug',
    },
    { name: 'schedule time in the past', query: 'mutation($id: ID!, $at: DateTime!) { blogSchedulePost(id: $id, publishAt: $at) { id } }', variables: { id: taken, at: new Date(Date.now() - 60_000).toISOString() }, code: 'SCHEDULE_IN_PAST', field: 'publishAt' },
    { name: 'comment on a closed post', query: COMMENT, variables: { input: { postId: closed, body: 'hello', ...guest } }, code: 'COMMENTS_CLOSED', field: 'input.postId', anonymous: true },
    { name: 'comment on a draft', query: COMMENT, variables: { input: { postId: taken, body: 'hello', ...guest } }, code: 'POST_NOT_FOUND', field: 'input.postId', anonymous: true },
    { name: 'oversized body (bytes, not characters: 1001 Cyrillic letters are 2002 bytes)', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'Big', body: cyrillic(1001) }] } }, code: 'BODY_TOO_LARGE', field: 'input.translations.0.body' },
    { name: 'body with a NUL character', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'Nul', body: 'a\u0000b' }] } }, code: 'TEXT_INVALID', field: 'input.translations.0.body' },
    { name: 'body with a lone surrogate (not Unicode)', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'Half', body: 'emoji half \ud83d' }] } }, code: 'TEXT_INVALID', field: 'input.translations.0.body' },
    { name: 'Markdown nested deeper than the limit', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'Deep', body: `${'>'.repeat(40)} deep` }] } }, code: 'MARKDOWN_TOO_DEEP', field: 'input.translations.0.body' },
    { name: 'emphasis nested deeper than the limit', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'Deep', body: `${'**'.repeat(40)}x${'**'.repeat(40)}` }] } }, code: 'MARKDOWN_TOO_DEEP', field: 'input.translations.0.body' },
    { name: 'a locale the tenant lacks', query: CREATE, variables: { input: { translations: [{ locale: 'de', title: 'Hallo' }] } }, code: 'LOCALE_UNSUPPORTED', field: 'input.translations.0.locale' },
    { name: 'a storefront locale the tenant lacks', query: '{ blogPosts(locale: "de") { edges { cursor } } }', variables: {}, code: 'LOCALE_UNSUPPORTED', field: 'locale' },
    { name: 'the same locale twice', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'A' }, { locale: 'en', title: 'B' }] } }, code: 'LOCALE_DUPLICATED', field: 'input.translations.1.locale' },
    { name: 'no translation at all', query: CREATE, variables: { input: {} }, code: 'TRANSLATION_REQUIRED', field: 'input.translations' },
    { name: 'removing the last translation', query: UPDATE, variables: { id: taken, input: { removeLocales: ['en'] } }, code: 'TRANSLATION_REQUIRED', field: 'input.translations' },
    { name: 'a blank title', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: '   ' }] } }, code: 'TITLE_INVALID', field: 'input.translations.0.title' },
    { name: 'a new translation without a title', query: UPDATE, variables: { id: taken, input: { translations: [{ locale: 'ru', body: 'текст' }] } }, code: 'TITLE_INVALID', field: 'input.translations.0.title' },
    { name: 'a title over the limit', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'x'.repeat(301) }] } }, code: 'TEXT_TOO_LONG', field: 'input.translations.0.title' },
    { name: 'a slug that is not URL-safe', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'A', slug: 'Hello World' }] } }, code: 'SLUG_INVALID', field: 'input.translations.0.slug' },
    { name: 'an unknown category', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'A' }], categoryIds: [toGlobalId('BlogCategory', randomUUID())] } }, code: 'CATEGORY_NOT_FOUND', field: 'input.categoryIds.0' },
    { name: "an id of another type", query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'A' }], tagIds: [taken] } }, code: 'ID_INVALID', field: 'input.tagIds.0' },
    { name: 'a javascript: media URL', query: CREATE, variables: { input: { translations: [{ locale: 'en', title: 'A' }], featuredMediaUrl: 'javascript:alert(1)' } }, code: 'MEDIA_URL_INVALID', field: 'input.featuredMediaUrl' },
    { name: 'a stale expectedVersion', query: UPDATE, variables: { id: taken, input: { translations: [{ locale: 'en', title: 'Changed' }] }, v: 7 }, code: 'VERSION_CONFLICT', field: 'expectedVersion' },
    { name: 'a guest comment without a name', query: COMMENT, variables: { input: { postId: open, body: 'hi', guestEmail: 'g@example.com' } }, code: 'GUEST_NAME_REQUIRED', field: 'input.guestName', anonymous: true },
    { name: 'a guest comment with a broken email', query: COMMENT, variables: { input: { postId: open, body: 'hi', guestName: 'G', guestEmail: 'not-an-email' } }, code: 'EMAIL_INVALID', field: 'input.guestEmail', anonymous: true },
    { name: 'an empty comment', query: COMMENT, variables: { input: { postId: open, body: '  \n ', ...guest } }, code: 'BODY_REQUIRED', field: 'input.body', anonymous: true },
    { name: 'a reply to a reply (threads are one level deep)', query: COMMENT, variables: { input: { postId: open, parentId: reply, body: 'deeper', ...guest } }, code: 'COMMENT_PARENT_INVALID', field: 'input.parentId', anonymous: true },
    { name: 'a page under its own child', query: 'mutation($id: ID!, $p: ID!) { blogUpdatePage(id: $id, input: { parentId: $p }) { id } }', variables: { id: parentPage, p: childPage }, code: 'PARENT_INVALID', field: 'input.parentId' },
    { name: 'deleting a page with children', query: 'mutation($id: ID!) { blogDeletePage(id: $id) }', variables: { id: parentPage }, code: 'HAS_CHILDREN', field: 'id' },
    { name: 'first beyond 100', query: '{ blogPosts(first: 101) { edges { cursor } } }', variables: {}, code: 'FIRST_INVALID', field: 'first' },
    { name: 'a cursor this list did not issue', query: '{ blogPosts(after: "bm90IGEgY3Vyc29y") { edges { cursor } } }', variables: {}, code: 'CURSOR_INVALID', field: 'after' },
    { name: 'a category with a taken slug', query: 'mutation { blogCreateCategory(input: { translations: [{ locale: "en", name: "X", slug: "dup" }, { locale: "ru", name: "Y", slug: "dup" }] }) { id } }', variables: {}, code: 'SLUG_TAKEN' },
  ];
  // The category the last case collides with.
  await blog.must('mutation { blogCreateCategory(input: { translations: [{ locale: "en", name: "Dup", slug: "dup" }] }) { id } }', {}, owner);

  for (const bad of cases) {
    const before = await footprint(blog);
    const response = await blog.request(bad.query, bad.variables, bad.anonymous ? tenant.as() : owner);
    const error = response.errors?.[0];
    t.equal(error?.extensions?.code, bad.code, `${bad.name}: ${bad.code}`);
    if (bad.field !== undefined) t.equal(error?.extensions?.field, bad.field, `${bad.name}: names ${bad.field}`);
    t.same(await footprint(blog), before, `${bad.name}: nothing written`);
  }

  t.test('a body of exactly the limit is accepted: the limit is in bytes and inclusive', async (t) => {
    const response = await blog.request(CREATE, { input: { translations: [{ locale: 'en', title: 'Fits', body: cyrillic(1000) }] } }, owner);
    t.same(response.errors, undefined);
  });
});
