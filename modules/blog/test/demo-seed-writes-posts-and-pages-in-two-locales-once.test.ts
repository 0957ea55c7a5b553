import t from 'tap';
import { bootBlog } from './helpers/boot-blog';

t.test('the demo seed (npm start) writes published posts and pages in English and Russian for the demo tenant, once', async (t) => {
  const blog = await bootBlog(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const printed: string[] = [];
  const ran = await blog.kernel.seed({ print: (line) => printed.push(line) });
  t.same(ran, ['core/demo', 'blog/demo-content'], "core's demo tenant first, then the blog's content");
  t.match(printed.join('\n'), /blog: demo posts, pages, categories and tags written for tenant "demo" \(en, ru\)/);

  const demo = { host: 'localhost' };
  const read = async (locale: string) =>
    blog.must<{ blogPosts: { edges: Array<{ node: { title: string; locale: string; categories: Array<{ name: string }>; commentCount: number } }> }; blogPages: Array<{ title: string; children: Array<{ title: string; path: string }> }>; blogCategories: Array<{ name: string }> }>(
      'query($l: String) { blogPosts(locale: $l) { edges { node { title locale categories { name } commentCount } } } blogPages(locale: $l) { title children { title path } } blogCategories(locale: $l) { name } }',
      { l: locale },
      demo,
    );
  const en = await read('en');
  t.same(en.blogPosts.edges.map((e) => e.node.title), ['Writing posts in Markdown', 'Welcome to RusToK'], 'two published posts; the third waits for its schedule');
  t.same(en.blogPages.map((p) => p.title), ['About', 'Contact']);
  t.same(en.blogPages[0]?.children, [{ title: 'Team', path: 'about/team' }]);
  t.same(en.blogCategories.map((c) => c.name), ['News', 'Guides', 'Getting started']);
  t.equal(en.blogPosts.edges[1]?.node.commentCount, 1);
  const ru = await read('ru');
  t.same(ru.blogPosts.edges.map((e) => `${e.node.locale}:${e.node.title}`), ['ru:Пишем посты в Markdown', 'ru:Добро пожаловать в RusToK']);
  t.same(ru.blogPages[0]?.children, [{ title: 'Команда', path: 'o-nas/komanda' }]);
  t.match(await blog.kernel.events.status(), { scheduled: 1 }, 'the third post is scheduled through the kernel');

  const counts = () => blog.sql('SELECT (SELECT count(*) FROM blog.entries)::int AS entries, (SELECT count(*) FROM blog.categories)::int AS categories');
  const before = await counts();
  t.same(await blog.kernel.seed({ print: () => undefined }), [], 'a second start runs no seed');
  t.same(await counts(), before);
});
