import t from 'tap';
import { bootBlog } from './helpers/boot-blog';

interface Hit {
  title: string;
  highlight: string | null;
}

interface Connection {
  edges: Array<{ node: Hit }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

t.test('full-text search per locale: stemmed (english, russian), ranked title over body, highlighted and escaped, paged', async (t) => {
  const blog = await bootBlog(t);
  const tenant = await blog.createTenant('alpha');
  const owner = tenant.as(tenant.ownerToken);
  const post = async (translations: Array<Record<string, string>>, publish = true) => {
    const id = (await blog.must<{ blogCreatePost: { id: string } }>('mutation($t: [BlogTranslationInput!]) { blogCreatePost(input: { translations: $t }) { id } }', { t: translations }, owner)).blogCreatePost.id;
    if (publish) await blog.must('mutation($id: ID!) { blogPublishPost(id: $id) { id } }', { id }, owner);
  };
  await post([{ locale: 'en', title: 'Gardening notes', body: 'Our dog runs around while we plant **tomatoes**. <b>Bold</b> claims & "quotes".' }]);
  await post([{ locale: 'en', title: 'Running a marathon', body: 'Training plans for long distances.' }, { locale: 'ru', title: 'Бег на марафон', body: 'Планы тренировок для длинных дистанций.' }]);
  await post([{ locale: 'en', title: 'Cooking', excerpt: 'She runs, then eats pasta.', body: 'Nothing about sport here.' }]);
  await post([{ locale: 'ru', title: 'Книги о кошках', body: 'Мы читаем книгу про кошку и собак.' }]);
  await post([{ locale: 'en', title: 'Running drafts', body: 'unpublished running' }], false);

  const search = async (text: string, locale = 'en', extra = '', admin = false) =>
    blog.must<{ list: Connection }>(
      `query($text: String!, $locale: String, $after: String) { list: ${admin ? 'blogAdminPosts' : 'blogPosts'}(first: 2, after: $after, locale: $locale, filter: { search: $text }) { edges { node { title highlight } } pageInfo { hasNextPage endCursor } } }`,
      { text, locale, ...(extra === '' ? {} : { after: extra }) },
      admin ? owner : tenant.as(),
    );

  t.test('English stemming: "running" finds runs and run; title matches rank first', async (t) => {
    const first = await search('running');
    t.same(first.list.edges.map((e) => e.node.title), ['Running a marathon', 'Cooking'], 'title (weight A) before excerpt (B)');
    t.ok(first.list.pageInfo.hasNextPage);
    const second = await search('running', 'en', first.list.pageInfo.endCursor as string);
    t.same(second.list.edges.map((e) => e.node.title), ['Gardening notes'], 'body (C) last, on the next page; the draft is never found');
    t.notOk(second.list.pageInfo.hasNextPage);
  });

  t.test('Russian stemming: "книга кошка" finds "Книги о кошках"; Russian text is searched in Russian only', async (t) => {
    t.same((await search('книга кошка', 'ru')).list.edges.map((e) => e.node.title), ['Книги о кошках']);
    t.same((await search('марафон', 'ru')).list.edges.map((e) => e.node.title), ['Бег на марафон']);
    t.same((await search('марафон', 'en')).list.edges, [], 'the English translations do not contain it');
  });

  t.test('highlights mark matches and escape everything else', async (t) => {
    const [hit] = (await search('dog tomatoes')).list.edges.map((e) => e.node);
    t.match(hit?.highlight, /<mark>dog<\/mark>/);
    t.match(hit?.highlight, /<mark>tomatoes<\/mark>/);
    t.notMatch(hit?.highlight, /<b>|<\/b>/, 'markup from the content never comes through');
    const quoted = (await search('quotes')).list.edges[0]?.node.highlight ?? '';
    t.match(quoted, '&amp;', 'ampersands are escaped');
    t.match(quoted, '&quot;<mark>quotes</mark>', 'quotes are escaped, the match marked');
    t.same((await blog.must<{ blogPosts: Connection }>('{ blogPosts { edges { node { title highlight } } pageInfo { hasNextPage endCursor } } }', {}, tenant.as())).blogPosts.edges[0]?.node.highlight, null, 'no highlight outside search');
  });

  t.test('websearch syntax: phrases and exclusions; the admin search also finds drafts', async (t) => {
    t.same((await search('"long distances"')).list.edges.map((e) => e.node.title), ['Running a marathon']);
    t.same((await search('running -marathon')).list.edges.map((e) => e.node.title), ['Cooking', 'Gardening notes']);
    t.same((await search('unpublished', 'en', '', true)).list.edges.map((e) => e.node.title), ['Running drafts']);
    t.same((await search('unpublished')).list.edges, []);
  });
});
