import t from 'tap';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createProduct, tShirtInput } from './helpers/catalog';

interface Page {
  commerceProducts: { edges: Array<{ cursor: string; node: { handle: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const SEARCH = 'query($q: String!, $first: Int, $after: String) { commerceProducts(first: $first, after: $after, filter: { search: $q }) { edges { cursor node { handle } } pageInfo { hasNextPage endCursor } } }';

const product = (handle: string, en: string, ru: string, descriptionEn: string, sku: string, tags: string[]) =>
  tShirtInput({ handle, tags, translations: [{ locale: 'en', title: en, description: descriptionEn }, { locale: 'ru', title: ru }], options: [], variants: [{ sku, prices: [{ currency: 'EUR', amount: '1000' }], onHand: 1 }] });

t.test('full-text search in English and Russian over titles, descriptions, tags and SKUs, with a trigram fallback for typos', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  await createProduct(kernel, shop, product('classic-tee', 'Classic T-shirt', 'Классическая футболка', 'Soft cotton for every day.', 'TEE-1', ['cotton']));
  await createProduct(kernel, shop, product('leather-boots', 'Leather Boots', 'Кожаные ботинки', 'Waterproof boots for the city.', 'BOOT-42', ['winter']));
  await createProduct(kernel, shop, product('running-shoes', 'Running Shoes', 'Беговые кроссовки', 'Light shoes; the upper is breathable, not leather.', 'RUN-7', ['sport']));
  await createProduct(kernel, shop, { ...product('hidden-leather', 'Leather Draft', 'Кожаный черновик', 'Not published.', 'DRAFT-1', []), status: 'DRAFT' });

  const search = async (q: string) => ok(await kernel.request<Page>(SEARCH, { q, first: 20 }, shop.visitor)).commerceProducts.edges.map((e) => e.node.handle);
  t.same(await search('shirts'), ['classic-tee'], 'English stemming: "shirts" finds "T-shirt"');
  t.same(await search('футболки'), ['classic-tee'], 'Russian stemming: "футболки" finds "футболка"');
  t.same(await search('ботинок'), ['leather-boots'], 'Russian stemming: "ботинок" finds "ботинки"');
  t.same(await search('waterproof'), ['leather-boots'], 'descriptions are searched');
  t.same(await search('BOOT-42'), ['leather-boots'], 'SKUs are searched as written');
  t.same(await search('winter'), ['leather-boots'], 'tags are searched');
  t.same(await search('leather'), ['leather-boots', 'running-shoes'], 'relevance: a title match ranks above a description match; drafts never show');
  t.same(await search('clasic'), ['classic-tee'], 'a typo finds nothing in full text, then the trigram fallback finds it');
  t.same(await search('кросовки'), ['running-shoes'], '…in Russian too');
  t.same(await search('zzqqxx'), [], 'nonsense finds nothing');
  t.same(failures(await kernel.request(SEARCH, { q: 'x'.repeat(201) }, shop.visitor)), [['SEARCH_INVALID', 'filter.search']], 'an overlong search is refused');

  await t.test('paging through search results keeps the order and the mode', async (t) => {
    const first = ok(await kernel.request<Page>(SEARCH, { q: 'leather', first: 1 }, shop.visitor)).commerceProducts;
    const second = ok(await kernel.request<Page>(SEARCH, { q: 'leather', first: 1, after: first.pageInfo.endCursor }, shop.visitor)).commerceProducts;
    t.same([first.edges[0]?.node.handle, first.pageInfo.hasNextPage, second.edges[0]?.node.handle, second.pageInfo.hasNextPage], ['leather-boots', true, 'running-shoes', false]);
    const typoFirst = ok(await kernel.request<Page>(SEARCH, { q: 'shoez', first: 1 }, shop.visitor)).commerceProducts;
    t.equal(typoFirst.edges[0]?.node.handle, 'running-shoes', 'a typo search pages too');
    const typoNext = ok(await kernel.request<Page>(SEARCH, { q: 'shoez', first: 1, after: typoFirst.pageInfo.endCursor }, shop.visitor)).commerceProducts;
    t.notOk(typoNext.edges.some((e) => e.node.handle === 'running-shoes'), 'the next page of a typo search continues after it, in trigram mode');
    t.same(failures(await kernel.request('query($a: String) { commerceProducts(after: $a) { edges { cursor } } }', { a: first.pageInfo.endCursor }, shop.visitor)), [['CURSOR_INVALID', 'after']], 'a search cursor is refused by a list in another order');
  });
});
