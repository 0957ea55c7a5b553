import { randomUUID } from 'node:crypto';
import t from 'tap';
import { toGlobalId } from '@rustok/contracts';
import { bootBlog, codes } from './helpers/boot-blog';

const CREATE = 'mutation($title: String!) { blogCreatePost(input: { translations: [{ locale: "en", title: $title }] }) { id author { id } } }';
const UPDATE = 'mutation($id: ID!, $title: String!) { blogUpdatePost(id: $id, input: { translations: [{ locale: "en", title: $title }] }) { title } }';
const ASSIGN = 'mutation($id: ID!, $author: ID!) { blogUpdatePost(id: $id, input: { authorId: $author }) { author { id } } }';
const PUBLISH = 'mutation($id: ID!) { blogPublishPost(id: $id) { status } }';
const DELETE = 'mutation($id: ID!) { blogDeletePost(id: $id) }';

t.test('authors change only their own posts; blog.post.manage changes any; the kernel refuses those without the permission', async (t) => {
  const blog = await bootBlog(t);
  const tenant = await blog.createTenant('alpha');
  await blog.createRole(tenant, 'author', ['blog.post.read', 'blog.post.create', 'blog.post.update', 'blog.post.publish', 'blog.post.delete']);
  const alice = await blog.createUser(tenant, 'alice@alpha.test', ['author'], 'Alice');
  const bob = await blog.createUser(tenant, 'bob@alpha.test', ['author'], 'Bob');
  const editor = await blog.createUser(tenant, 'editor@alpha.test', ['editor']);
  const reader = await blog.createUser(tenant, 'reader@alpha.test', ['customer']);
  const asAlice = tenant.as(alice.token);
  const asBob = tenant.as(bob.token);
  const asEditor = tenant.as(editor.token);

  const created = await blog.must<{ blogCreatePost: { id: string; author: { id: string } } }>(CREATE, { title: "Alice's" }, asAlice);
  const post = created.blogCreatePost.id;
  t.equal(created.blogCreatePost.author.id, alice.id, 'the creating user is the author');

  t.test('another author is refused every change, and nothing changes', async (t) => {
    t.same(codes(await blog.request(UPDATE, { id: post, title: 'Bob was here' }, asBob)), ['NOT_AUTHOR']);
    t.same(codes(await blog.request(PUBLISH, { id: post }, asBob)), ['NOT_AUTHOR']);
    t.same(codes(await blog.request(DELETE, { id: post }, asBob)), ['NOT_AUTHOR']);
    t.same(codes(await blog.request('mutation($id: ID!, $at: DateTime!) { blogSchedulePost(id: $id, publishAt: $at) { id } }', { id: post, at: new Date(Date.now() + 3_600_000).toISOString() }, asBob)), ['NOT_AUTHOR']);
    const [row] = await blog.sql<{ title: string; status: string }>("SELECT t.title, e.status FROM blog.entries e JOIN blog.entry_translations t ON t.entry_id = e.id WHERE t.locale = 'en'");
    t.same(row, { title: "Alice's", status: 'draft' });
  });

  t.test('the author changes her own post', async (t) => {
    t.same((await blog.must<{ blogUpdatePost: { title: string } }>(UPDATE, { id: post, title: "Alice's, edited" }, asAlice)).blogUpdatePost.title, "Alice's, edited");
    t.same((await blog.must<{ blogPublishPost: { status: string } }>(PUBLISH, { id: post }, asAlice)).blogPublishPost.status, 'PUBLISHED');
  });

  t.test('an editor (blog.post.manage) changes anyone\'s post and may reassign it; authors may not', async (t) => {
    t.same(codes(await blog.request(ASSIGN, { id: post, author: bob.id }, asAlice)), ['AUTHOR_ASSIGNMENT_FORBIDDEN'], 'an author cannot hand her post to someone else');
    t.same((await blog.must<{ blogUpdatePost: { title: string } }>(UPDATE, { id: post, title: 'Edited by the editor' }, asEditor)).blogUpdatePost.title, 'Edited by the editor');
    t.same(codes(await blog.request(ASSIGN, { id: post, author: toGlobalId('User', randomUUID()) }, asEditor)), ['AUTHOR_UNKNOWN'], 'the author must be a user of the tenant');
    t.same((await blog.must<{ blogUpdatePost: { author: { id: string } } }>(ASSIGN, { id: post, author: bob.id }, asEditor)).blogUpdatePost.author.id, bob.id);
    t.same(codes(await blog.request(UPDATE, { id: post, title: 'Alice again' }, asAlice)), ['NOT_AUTHOR'], 'reassigned: Alice may no longer edit it');
    t.same(codes(await blog.request(UPDATE, { id: post, title: 'Bob now' }, asBob)), [], 'and Bob may');
  });

  t.test('an author cannot restore a revision of someone else\'s post', async (t) => {
    const revisions = await blog.must<{ node: { revisions: { edges: Array<{ node: { id: string } }> } } }>('query($id: ID!) { node(id: $id) { ... on BlogPost { revisions { edges { node { id } } } } } }', { id: post }, asEditor);
    const first = revisions.node.revisions.edges.at(-1)?.node.id as string;
    t.same(codes(await blog.request('mutation($r: ID!) { blogRestorePostRevision(revision: $r) { id } }', { r: first }, asAlice)), ['NOT_AUTHOR']);
  });

  t.test('without the permission the kernel refuses before the blog runs', async (t) => {
    t.same(codes(await blog.request(CREATE, { title: 'x' }, tenant.as(reader.token))), ['FORBIDDEN'], 'a customer');
    t.same(codes(await blog.request(CREATE, { title: 'x' }, tenant.as())), ['UNAUTHENTICATED'], 'anonymous');
    t.same(codes(await blog.request('{ blogAdminPosts { edges { cursor } } }', {}, tenant.as(reader.token))), ['FORBIDDEN'], 'admin lists need blog.post.read');
  });

  t.test("an author's deletion of her own post removes it with its revisions", async (t) => {
    const own = (await blog.must<{ blogCreatePost: { id: string } }>(CREATE, { title: 'Short-lived' }, asAlice)).blogCreatePost.id;
    t.same(codes(await blog.request(DELETE, { id: own }, asAlice)), []);
    t.same(await blog.sql("SELECT count(*)::int AS n FROM blog.revisions r JOIN blog.entry_translations t ON t.entry_id = r.entry_id WHERE t.title = 'Short-lived'"), [{ n: 0 }]);
  });
});
