import t from 'tap';
import { createLogger, loadKernel } from '@rustok/kernel';
import { bootBlog, codes, localId } from './helpers/boot-blog';
import { waitFor } from './helpers/wait-for';

const CREATE = 'mutation($title: String!) { blogCreatePost(input: { translations: [{ locale: "en", title: $title }] }) { id } }';
const SCHEDULE = 'mutation($id: ID!, $at: DateTime!) { blogSchedulePost(id: $id, publishAt: $at) { status scheduledFor } }';

interface Row {
  id: string;
  status: string;
  published_at: Date | null;
  scheduled_for: Date | null;
}

t.test('the kernel publishes a scheduled post at its time, even when the instance that scheduled it is gone; a reschedule or unpublish makes the old schedule a no-op', async (t) => {
  // This instance accepts the schedule but delivers nothing: whatever publishes later is another process's work.
  const api = await bootBlog(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const tenant = await api.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const create = async (title: string) => (await api.must<{ blogCreatePost: { id: string } }>(CREATE, { title }, owner)).blogCreatePost.id;
  const [onTime, rescheduled, unpublished] = [await create('On time'), await create('Rescheduled'), await create('Unpublished')];

  const due = new Date(Date.now() + 1500);
  const scheduled = await api.must<{ blogSchedulePost: { status: string; scheduledFor: string } }>(SCHEDULE, { id: onTime, at: due.toISOString() }, owner);
  t.same(scheduled.blogSchedulePost, { status: 'SCHEDULED', scheduledFor: due.toISOString() });
  await api.must(SCHEDULE, { id: rescheduled, at: new Date(Date.now() + 1200).toISOString() }, owner);
  const later = new Date(Date.now() + 3_600_000);
  await api.must(SCHEDULE, { id: rescheduled, at: later.toISOString() }, owner);
  await api.must(SCHEDULE, { id: unpublished, at: new Date(Date.now() + 1300).toISOString() }, owner);
  await api.must('mutation($id: ID!) { blogUnpublishPost(id: $id) { status } }', { id: unpublished }, owner);
  t.match(await api.kernel.events.status(), { scheduled: 4, pending: 0 }, 'four schedule events wait in the outbox, none of them backlog');
  const storefront = await api.request<{ blogPosts: { edges: unknown[] } }>('{ blogPosts { edges { cursor } } }', {}, tenant.as());
  t.same(storefront.data?.blogPosts.edges, [], 'nothing is visible before its time');

  // "After a restart": a fresh instance on the same database, with delivery on.
  const worker = await loadKernel({ projectRoot: api.projectRoot, env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: api.databaseUrl, PORT: '0', RUSTOK_EVENTS_POLL_MS: '50' }, log: createLogger({ level: 'silent' }) });
  await worker.openDatabase();
  const running = await worker.serve();
  t.teardown(() => running.close());

  const rows = () => api.sql<Row>('SELECT id, status, published_at, scheduled_for FROM blog.entries ORDER BY id');
  const byId = (all: Row[], id: string) => all.find((row) => row.id === localId(id)) as Row;
  const settled = await waitFor(rows, (all) => byId(all, onTime).status === 'published', 10_000);
  t.equal(byId(settled, onTime).status, 'published', 'published by the kernel');
  t.equal(byId(settled, onTime).published_at?.toISOString(), due.toISOString(), 'published_at is the scheduled time');
  t.ok(Date.now() >= due.getTime());

  // Give the stale events (due at +1.2 s and +1.3 s) time to be delivered, then check they changed nothing.
  await waitFor(() => worker.events.status(), (status) => status.scheduled === 1 && status.pending === 0, 10_000);
  const after = await rows();
  t.match(byId(after, rescheduled), { status: 'scheduled', published_at: null }, 'the rescheduled post waits for its new time');
  t.equal(byId(after, rescheduled).scheduled_for?.toISOString(), later.toISOString());
  t.match(byId(after, unpublished), { status: 'draft', published_at: null, scheduled_for: null }, 'the unpublished post stays a draft');

  const me = await api.must<{ me: { id: string } }>('{ me { id } }', {}, owner);
  const published = await api.sql<{ payload: Record<string, unknown> }>("SELECT payload FROM rustok.outbox WHERE name = 'blog.post.published'");
  t.same(published.map((e) => e.payload), [{ tenantId: localId(tenant.id), postId: localId(onTime), authorId: localId(me.me.id), publishedAt: due.toISOString(), scheduled: true, translations: [{ locale: 'en', slug: 'on-time', title: 'On time' }] }], 'exactly one blog.post.published@1, for the post that went live');
  const listed = await api.request<{ blogPosts: { edges: Array<{ node: { title: string } }> } }>('{ blogPosts { edges { node { title } } } }', {}, tenant.as());
  t.same(listed.data?.blogPosts.edges.map((e) => e.node.title), ['On time'], 'the storefront shows it');
});

t.test('a schedule time in the past is refused with SCHEDULE_IN_PAST, and scheduling a published post is refused too', async (t) => {
  const blog = await bootBlog(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const id = (await blog.must<{ blogCreatePost: { id: string } }>(CREATE, { title: 'Post' }, owner)).blogCreatePost.id;
  const past = await blog.request(SCHEDULE, { id, at: new Date(Date.now() - 1000).toISOString() }, owner);
  t.same(codes(past), ['SCHEDULE_IN_PAST']);
  t.equal(past.errors?.[0]?.extensions?.field, 'publishAt');
  await blog.must('mutation($id: ID!) { blogPublishPost(id: $id) { status } }', { id }, owner);
  t.same(codes(await blog.request(SCHEDULE, { id, at: new Date(Date.now() + 60_000).toISOString() }, owner)), ['STATUS_TRANSITION_INVALID']);
  t.same(await blog.sql("SELECT count(*)::int AS n FROM rustok.outbox WHERE name = 'blog.entry.publish-due'"), [{ n: 0 }], 'no schedule event was written');
});

t.test('a schedule that fell due while the tenant had the blog switched off is published once the blog is back', async (t) => {
  const blog = await bootBlog(t, { core: { tenantCacheSeconds: 0 }, env: { RUSTOK_EVENTS_POLL_MS: '50' } });
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const id = (await blog.must<{ blogCreatePost: { id: string } }>(CREATE, { title: 'Paused' }, owner)).blogCreatePost.id;
  await blog.must(SCHEDULE, { id, at: new Date(Date.now() + 800).toISOString() }, owner);
  await blog.must('mutation { setTenantModule(module: "blog", enabled: false) { enabled } }', {}, owner);

  const status = () => blog.sql<{ status: string }>('SELECT status FROM blog.entries');
  await waitFor(() => blog.kernel.events.status(), (s) => s.scheduled === 0 && s.pending === 0, 10_000);
  t.same(await status(), [{ status: 'scheduled' }], 'the kernel skipped the schedule event for the switched-off tenant');

  await blog.must('mutation { setTenantModule(module: "blog", enabled: true) { enabled } }', {}, owner);
  t.same(await waitFor(status, (rows) => rows[0]?.status === 'published', 10_000), [{ status: 'published' }], 'switched back on: published');
});
