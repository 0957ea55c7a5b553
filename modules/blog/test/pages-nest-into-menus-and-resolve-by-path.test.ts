import t from 'tap';
import { bootBlog, codes } from './helpers/boot-blog';

interface Page {
  title: string;
  path: string;
  children: Array<{ title: string; path: string }>;
}

t.test('pages nest into menus, resolve by path in each locale, and show published pages only', async (t) => {
  const blog = await bootBlog(t);
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const page = async (en: string, ru: string | null, parentId: string | null, menuPosition: number, publish = true) => {
    const translations = [{ locale: 'en', title: en, body: `${en} body` }, ...(ru === null ? [] : [{ locale: 'ru', title: ru }])];
    const id = (await blog.must<{ blogCreatePage: { id: string } }>('mutation($input: BlogPageInput!) { blogCreatePage(input: $input) { id } }', { input: { translations, parentId, menuPosition } }, owner)).blogCreatePage.id;
    if (publish) await blog.must('mutation($id: ID!) { blogPublishPage(id: $id) { id } }', { id }, owner);
    return id;
  };
  const about = await page('About', 'О нас', null, 1);
  await page('Contact', 'Контакты', null, 2);
  await page('Home', null, null, 0);
  await page('Draft', null, null, 3, false);
  const team = await page('Team', 'Команда', about, 1);
  await page('History', null, about, 0);
  await page('Founders', 'Основатели', team, 0);
  await page('Hidden', null, about, 2, false);

  const menu = await blog.must<{ blogPages: Page[] }>('{ blogPages { title path children { title path } } }', {}, tenant.as());
  t.same(menu.blogPages, [
    { title: 'Home', path: 'home', children: [] },
    { title: 'About', path: 'about', children: [{ title: 'History', path: 'about/history' }, { title: 'Team', path: 'about/team' }] },
    { title: 'Contact', path: 'contact', children: [] },
  ], 'top level and children in menu order, drafts left out');

  const ru = await blog.must<{ blogPages: Page[] }>('{ blogPages(locale: "ru") { title path children { title path } } }', {}, tenant.as());
  t.same(ru.blogPages[1], { title: 'О нас', path: 'o-nas', children: [{ title: 'History', path: 'o-nas/history' }, { title: 'Команда', path: 'o-nas/komanda' }] }, 'Russian titles and slugs where they exist, the default elsewhere');

  const byPath = await blog.request('{ a: blogPage(path: "about/team/founders") { title path parent { title } } b: blogPage(path: "o-nas/komanda", locale: "ru") { title } c: blogPage(path: "about/hidden") { title } d: blogPage(path: "team") { title } e: blogPage(path: "/about/") { title bodyHtml } }', {}, tenant.as());
  t.same(byPath.data, {
    a: { title: 'Founders', path: 'about/team/founders', parent: { title: 'Team' } },
    b: { title: 'Команда' },
    c: null,
    d: null,
    e: { title: 'About', bodyHtml: '<p>About body</p>\n' },
  });

  const under = await blog.must<{ blogPages: Array<{ title: string }> }>('query($p: ID!) { blogPages(parent: $p) { title } }', { p: team }, tenant.as());
  t.same(under.blogPages.map((p) => p.title), ['Founders']);

  t.test('moving a page moves its path; a cycle is refused', async (t) => {
    await blog.must('mutation($id: ID!) { blogUpdatePage(id: $id, input: { parentId: null, menuPosition: 9 }) { id } }', { id: team }, owner);
    t.same((await blog.request('{ blogPage(path: "team/founders") { title } }', {}, tenant.as())).data, { blogPage: { title: 'Founders' } });
    t.same(codes(await blog.request('mutation($id: ID!, $p: ID!) { blogUpdatePage(id: $id, input: { parentId: $p }) { id } }', { id: team, p: team }, owner)), ['PARENT_INVALID']);
  });

  t.test('admins list every page; a page cannot be the parent of a post (posts have no parentId)', async (t) => {
    const all = await blog.must<{ blogAdminPages: { edges: Array<{ node: { title: string; status: string } }> } }>('{ blogAdminPages(first: 20) { edges { node { title status } } } }', {}, owner);
    t.equal(all.blogAdminPages.edges.length, 8);
    t.ok(all.blogAdminPages.edges.some((e) => e.node.status === 'DRAFT'));
    t.same(codes(await blog.request('mutation { blogCreatePost(input: { translations: [{ locale: "en", title: "x" }], parentId: "x" }) { id } }', {}, owner)), ['GRAPHQL_VALIDATION_FAILED']);
  });
});
