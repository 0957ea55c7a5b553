import t from 'tap';
import { bootBlog, codes } from './helpers/boot-blog';

const UPDATE = 'mutation($id: ID!, $input: BlogPostInput!) { blogUpdatePost(id: $id, input: $input) { version } }';
const REVISIONS = 'query($id: ID!) { node(id: $id) { ... on BlogPost { version revisions(first: 10) { edges { node { id number actorKind actorId changed restoredFrom createdAt } } } } } }';

interface Revision {
  id: string;
  number: number;
  actorKind: string;
  actorId: string;
  changed: string[];
  restoredFrom: number | null;
}

t.test('every save writes a revision (who, when, what changed); two can be diffed; restoring one saves its content again', async (t) => {
  const blog = await bootBlog(t);
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const editor = await blog.createUser(tenant, 'editor@alpha.test', ['editor']);
  const tag = (await blog.must<{ blogCreateTag: { id: string } }>('mutation { blogCreateTag(input: { translations: [{ locale: "en", name: "Tag" }] }) { id } }', {}, owner)).blogCreateTag.id;
  const me = (await blog.must<{ me: { id: string } }>('{ me { id } }', {}, owner)).me.id;

  const id = (await blog.must<{ blogCreatePost: { id: string } }>('mutation { blogCreatePost(input: { translations: [{ locale: "en", title: "First", body: "one\\ntwo\\nthree" }] }) { id } }', {}, owner)).blogCreatePost.id;
  await blog.must(UPDATE, { id, input: { translations: [{ locale: 'en', body: 'one\n2\nthree\nfour' }], tagIds: [tag] } }, tenant.as(editor.token));
  const unchanged = await blog.must<{ blogUpdatePost: { version: number } }>(UPDATE, { id, input: { translations: [{ locale: 'en', title: 'First' }] } }, owner);
  t.equal(unchanged.blogUpdatePost.version, 2, 'a save that changes nothing writes no revision');
  await blog.must(UPDATE, { id, input: { translations: [{ locale: 'ru', title: 'Первый' }, { locale: 'en', title: 'First, renamed' }] } }, owner);

  const history = await blog.must<{ node: { version: number; revisions: { edges: Array<{ node: Revision }> } } }>(REVISIONS, { id }, owner);
  const revisions = history.node.revisions.edges.map((e) => e.node);
  t.equal(history.node.version, 3);
  t.same(revisions.map((r) => r.number), [3, 2, 1], 'newest first');
  t.same(revisions[1]?.changed, ['translations.en.body', 'tagIds']);
  t.same(revisions[1]?.actorId, editor.id, 'who: the editor');
  t.same(revisions[2]?.actorId, me, 'and the owner before');
  t.same(revisions[0]?.changed, ['translations.en.title', 'translations.ru.slug', 'translations.ru.title'], 'a new locale shows as its fields; the en slug stayed (URLs are stable across title edits)');

  const [third, second, first] = revisions as [Revision, Revision, Revision];
  const diff = await blog.must<{ blogRevisionDiff: { changes: Array<{ path: string; before: unknown; after: unknown; lines: Array<{ op: string; text: string }> | null }> } }>(
    'query($a: ID!, $b: ID!) { blogRevisionDiff(from: $a, to: $b) { changes { path before after lines { op text } } } }',
    { a: first.id, b: third.id },
    owner,
  );
  const byPath = Object.fromEntries(diff.blogRevisionDiff.changes.map((c) => [c.path, c]));
  t.same(Object.keys(byPath).sort(), ['tagIds', 'translations.en.body', 'translations.en.title', 'translations.ru.slug', 'translations.ru.title']);
  t.same(byPath['translations.en.title'], { path: 'translations.en.title', before: 'First', after: 'First, renamed', lines: null });
  t.same(byPath.tagIds?.after, [tag], 'ids in a diff are global ids');
  t.same(byPath['translations.en.body']?.lines, [
    { op: 'EQUAL', text: 'one' },
    { op: 'DELETE', text: 'two' },
    { op: 'INSERT', text: '2' },
    { op: 'EQUAL', text: 'three' },
    { op: 'INSERT', text: 'four' },
  ]);

  const restored = await blog.must<{ blogRestorePostRevision: { version: number; title: string; body: string; bodyHtml: string; tags: unknown[]; translations: Array<{ locale: string }> } }>(
    'mutation($r: ID!) { blogRestorePostRevision(revision: $r) { version title body bodyHtml tags { id } translations { locale } } }',
    { r: first.id },
    owner,
  );
  t.same(restored.blogRestorePostRevision, { version: 4, title: 'First', body: 'one\ntwo\nthree', bodyHtml: '<p>one\ntwo\nthree</p>\n', tags: [], translations: [{ locale: 'en' }] }, 'the content of revision 1, HTML rendered again, the later locale removed');
  const latest = (await blog.must<{ node: { revisions: { edges: Array<{ node: Revision }> } } }>(REVISIONS, { id }, owner)).node.revisions.edges[0]?.node;
  t.match(latest, { number: 4, restoredFrom: 1 });
  t.ok(latest?.changed.includes('translations.ru.title') && latest.changed.includes('tagIds'));

  t.test('revisions are for those who may read drafts', async (t) => {
    const reader = await blog.createUser(tenant, 'reader@alpha.test', ['customer']);
    t.same(codes(await blog.request('query($a: ID!, $b: ID!) { blogRevisionDiff(from: $a, to: $b) { changes { path } } }', { a: first.id, b: second.id }, tenant.as(reader.token))), ['REVISION_NOT_FOUND']);
    t.same(codes(await blog.request('query($a: ID!, $b: ID!) { blogRevisionDiff(from: $a, to: $b) { changes { path } } }', { a: first.id, b: second.id }, tenant.as())), ['UNAUTHENTICATED']);
  });

  t.test('two revisions of different posts are not diffed', async (t) => {
    const other = (await blog.must<{ blogCreatePost: { id: string } }>('mutation { blogCreatePost(input: { translations: [{ locale: "en", title: "Other" }] }) { id } }', {}, owner)).blogCreatePost.id;
    const otherRevision = (await blog.must<{ node: { revisions: { edges: Array<{ node: Revision }> } } }>(REVISIONS, { id: other }, owner)).node.revisions.edges[0]?.node.id;
    t.same(codes(await blog.request('query($a: ID!, $b: ID!) { blogRevisionDiff(from: $a, to: $b) { changes { path } } }', { a: first.id, b: otherRevision }, owner)), ['REVISIONS_OF_DIFFERENT_ENTRIES']);
  });
});
