import t from 'tap';
import { bootBlog, codes, localId } from './helpers/boot-blog';

const ADD = 'mutation($input: BlogAddCommentInput!) { blogAddComment(input: $input) { id status authorName bodyHtml } }';
const LIST = 'query($post: ID!) { blogPost: node(id: $post) { ... on BlogPost { commentCount } } blogComments(post: $post) { edges { node { id authorName body replies { authorName body } } } } }';

interface Added {
  blogAddComment: { id: string; status: string; authorName: string; bodyHtml: string };
}

t.test('comments: guests wait for moderation, members do not; moderators see and decide; replies go one level deep; closed posts refuse', async (t) => {
  const blog = await bootBlog(t, { blog: { comments: { rateLimit: { max: 100, windowSeconds: 60 } } } });
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const member = await blog.createUser(tenant, 'member@alpha.test', ['customer'], 'Mia Member');
  const moderator = await blog.createUser(tenant, 'mod@alpha.test', ['editor']);
  const post = (await blog.must<{ blogCreatePost: { id: string } }>('mutation { blogCreatePost(input: { translations: [{ locale: "en", title: "Discuss" }] }) { id } }', {}, owner)).blogCreatePost.id;
  await blog.must('mutation($id: ID!) { blogPublishPost(id: $id) { id } }', { id: post }, owner);

  const guest = await blog.must<Added>(ADD, { input: { postId: post, body: 'Nice [link](https://example.com) <script>alert(1)</script>', guestName: 'Gus', guestEmail: 'Gus@Example.com' } }, tenant.as());
  t.match(guest.blogAddComment, { status: 'PENDING', authorName: 'Gus' });
  t.match(guest.blogAddComment.bodyHtml, 'rel="nofollow ugc noopener noreferrer"');
  t.notMatch(guest.blogAddComment.bodyHtml, '<script');
  const fromMember = await blog.must<Added>(ADD, { input: { postId: post, body: 'Member here' } }, tenant.as(member.token));
  t.match(fromMember.blogAddComment, { status: 'APPROVED', authorName: 'Mia Member' }, "a member's comment is approved and signed with their display name");

  let listed = await blog.must<{ blogPost: { commentCount: number }; blogComments: { edges: Array<{ node: { authorName: string } }> } }>(LIST, { post }, tenant.as());
  t.same(listed.blogComments.edges.map((e) => e.node.authorName), ['Mia Member'], 'the pending guest comment is not public');
  t.equal(listed.blogPost.commentCount, 1);

  const queue = await blog.request<{ blogModerationQueue: { edges: Array<{ node: { id: string; guestEmail: string; ip: string } }> } }>('{ blogModerationQueue { edges { node { id guestEmail ip } } } }', {}, tenant.as(moderator.token));
  t.same(queue.data?.blogModerationQueue.edges.map((e) => e.node.guestEmail), ['gus@example.com'], 'moderators see the queue, with the guest email');
  t.same(codes(await blog.request('{ blogModerationQueue { edges { cursor } } }', {}, tenant.as(member.token))), ['FORBIDDEN'], 'members do not');
  const hidden = await blog.request<{ blogComments: { edges: Array<{ node: { guestEmail: string | null } }> } }>('query($post: ID!) { blogComments(post: $post) { edges { node { guestEmail } } } }', { post }, tenant.as());
  t.same(codes(hidden), ['UNAUTHENTICATED'], "the public never reads a guest's email");

  const approved = await blog.must<{ blogModerateComment: { status: string } }>('mutation($id: ID!) { blogModerateComment(id: $id, status: APPROVED) { status } }', { id: guest.blogAddComment.id }, tenant.as(moderator.token));
  t.equal(approved.blogModerateComment.status, 'APPROVED');
  const reply = await blog.must<Added>(ADD, { input: { postId: post, parentId: guest.blogAddComment.id, body: 'A reply' } }, tenant.as(member.token));
  t.same(codes(await blog.request(ADD, { input: { postId: post, parentId: reply.blogAddComment.id, body: 'Too deep' } }, tenant.as(member.token))), ['COMMENT_PARENT_INVALID'], 'no reply to a reply');

  listed = await blog.must(LIST, { post }, tenant.as());
  t.same(
    listed.blogComments.edges.map((e) => e.node),
    [
      { id: guest.blogAddComment.id, authorName: 'Gus', body: 'Nice [link](https://example.com) <script>alert(1)</script>', replies: [{ authorName: 'Mia Member', body: 'A reply' }] },
      { id: fromMember.blogAddComment.id, authorName: 'Mia Member', body: 'Member here', replies: [] },
    ],
    'oldest first, replies under their comment',
  );
  t.equal(listed.blogPost.commentCount, 3, 'approved comments, replies included');

  await blog.must('mutation($id: ID!) { blogModerateComment(id: $id, status: SPAM) { status } }', { id: fromMember.blogAddComment.id }, tenant.as(moderator.token));
  listed = await blog.must(LIST, { post }, tenant.as());
  t.equal(listed.blogPost.commentCount, 2, 'spam leaves the count');

  await blog.must('mutation($id: ID!) { blogUpdatePost(id: $id, input: { commentsClosed: true }) { commentsClosed } }', { id: post }, owner);
  const closed = await blog.request(ADD, { input: { postId: post, body: 'Late' } }, tenant.as(member.token));
  t.same(codes(closed), ['COMMENTS_CLOSED']);

  const events = await blog.sql<{ name: string; payload: Record<string, unknown> }>("SELECT name, payload FROM rustok.outbox WHERE name LIKE 'blog.comment.%' ORDER BY created_at, id");
  t.same(events.filter((e) => e.name === 'blog.comment.created').map((e) => e.payload.status), ['pending', 'approved', 'approved']);
  t.same(
    events.filter((e) => e.name === 'blog.comment.moderated').map((e) => [e.payload.commentId, e.payload.from, e.payload.to]),
    [
      [localId(guest.blogAddComment.id), 'pending', 'approved'],
      [localId(fromMember.blogAddComment.id), 'approved', 'spam'],
    ],
  );
});

t.test('per-IP rate limit: of 20 simultaneous comments from one address exactly the limit get through; another address is unaffected', async (t) => {
  const blog = await bootBlog(t, { blog: { comments: { rateLimit: { max: 5, windowSeconds: 3600 } } } });
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const post = (await blog.must<{ blogCreatePost: { id: string } }>('mutation { blogCreatePost(input: { translations: [{ locale: "en", title: "Busy" }] }) { id } }', {}, owner)).blogCreatePost.id;
  await blog.must('mutation($id: ID!) { blogPublishPost(id: $id) { id } }', { id: post }, owner);
  const send = (ip: string, n: number) => blog.request(ADD, { input: { postId: post, body: `comment ${n}`, guestName: 'Spammer', guestEmail: 's@example.com' } }, tenant.as(), { ip });

  const results = await Promise.all(Array.from({ length: 20 }, (_, n) => send('203.0.113.7', n)));
  const outcome = results.map((result) => codes(result)[0] ?? 'OK');
  t.equal(outcome.filter((code) => code === 'OK').length, 5, 'exactly five pass');
  t.equal(outcome.filter((code) => code === 'RATE_LIMITED').length, 15, 'the rest are RATE_LIMITED');
  t.same(await blog.sql("SELECT count(*)::int AS n FROM blog.comments WHERE ip = '203.0.113.7'"), [{ n: 5 }]);
  t.same(codes(await send('198.51.100.1', 99)), [], 'another address still comments');
  t.same(codes(await send('203.0.113.7', 100)), ['RATE_LIMITED'], 'refused attempts count too: the address stays limited');
});
