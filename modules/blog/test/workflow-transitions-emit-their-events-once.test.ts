import t from 'tap';
import { bootBlog, localId } from './helpers/boot-blog';

t.test('publish, unpublish, archive and delete each emit their versioned event once; transitions that change nothing emit nothing', async (t) => {
  const blog = await bootBlog(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const me = localId((await blog.must<{ me: { id: string } }>('{ me { id } }', {}, owner)).me.id);
  const events = async () => (await blog.sql<{ name: string; version: number; payload: Record<string, unknown> }>("SELECT name, version, payload FROM rustok.outbox WHERE emitted_by = 'blog' ORDER BY created_at, id")).map((e) => ({ name: `${e.name}@${e.version}`, ...e.payload }));

  for (const [kind, Kind] of [['post', 'Post'], ['page', 'Page']] as const) {
    const id = (await blog.must<Record<string, { id: string }>>(`mutation { r: blogCreate${Kind}(input: { translations: [{ locale: "en", title: "A ${kind}" }, { locale: "ru", title: "Тоже" }] }) { id } }`, {}, owner)).r?.id as string;
    const act = async (verb: string) => (await blog.must<Record<string, { status: string }>>(`mutation($id: ID!) { r: blog${verb}${Kind}(id: $id) { status } }`, { id }, owner)).r?.status;
    const before = (await events()).length;
    t.equal(await act('Publish'), 'PUBLISHED');
    t.equal(await act('Publish'), 'PUBLISHED', 'publishing again changes nothing');
    t.equal(await act('Unpublish'), 'DRAFT');
    t.equal(await act('Unpublish'), 'DRAFT');
    t.equal(await act('Archive'), 'ARCHIVED');
    t.equal(await act('Archive'), 'ARCHIVED');
    await blog.must(`mutation($id: ID!) { blogDelete${Kind}(id: $id) }`, { id }, owner);
    const emitted = (await events()).slice(before);
    const key = `${kind}Id`;
    t.match(emitted, [
      { name: `blog.${kind}.published@1`, tenantId: localId(tenant.id), [key]: localId(id), authorId: me, scheduled: false, translations: [{ locale: 'en', slug: `a-${kind}`, title: `A ${kind}` }, { locale: 'ru', slug: 'tozhe', title: 'Тоже' }] },
      { name: `blog.${kind}.unpublished@1`, [key]: localId(id) },
      { name: `blog.${kind}.archived@1`, [key]: localId(id), previousStatus: 'draft' },
      { name: `blog.${kind}.deleted@1`, [key]: localId(id) },
    ]);
    t.equal(emitted.length, 4, `${kind}: four events, one per change`);
  }
});
