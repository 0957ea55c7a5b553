import t from 'tap';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createProduct } from './helpers/catalog';

interface Page {
  commerceProducts: { totalCount: number; edges: Array<{ node: { handle: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const LIST = 'query($first: Int, $after: String, $filter: CommerceProductFilter, $sort: CommerceProductSort) { commerceProducts(first: $first, after: $after, filter: $filter, sort: $sort) { totalCount edges { node { handle } } pageInfo { hasNextPage endCursor } } }';

/** Product n: price 1000 + n·100 EUR (USD only for even n), tag "odd"/"even", stock for n % 3 ≠ 0, vendor A for n < 5. */
function item(n: number): Record<string, unknown> {
  const prices = [{ currency: 'EUR', amount: String(1000 + n * 100) }, ...(n % 2 === 0 ? [{ currency: 'USD', amount: String(5000 - n * 100) }] : [])];
  return {
    handle: `item-${String(n).padStart(2, '0')}`,
    status: 'ACTIVE',
    vendor: n < 5 ? 'Vendor A' : 'Vendor B',
    tags: [n % 2 === 0 ? 'even' : 'odd', 'all'],
    translations: [{ locale: 'en', title: `Item ${String.fromCharCode(90 - n)}` }],
    variants: [{ sku: `ITEM-${n}`, prices, onHand: n % 3 === 0 ? 0 : 3 }],
  };
}

t.test('filters, sorts and cursor pages of the storefront listing', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  for (let n = 0; n < 12; n += 1) await createProduct(kernel, shop, item(n));
  const list = async (variables: Record<string, unknown>) => ok(await kernel.request<Page>(LIST, { first: 50, ...variables }, shop.visitor)).commerceProducts;
  const handles = async (variables: Record<string, unknown>) => (await list(variables)).edges.map((e) => e.node.handle);
  const n = (...ns: number[]) => ns.map((i) => `item-${String(i).padStart(2, '0')}`);

  t.same(await handles({}), n(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), 'newest published first by default');
  t.same(await handles({ filter: { tags: ['Even'] } }), n(10, 8, 6, 4, 2, 0), 'by tag (case-insensitive)');
  t.same(await handles({ filter: { tags: ['even', 'odd'] } }), [], 'several tags: products with all of them');
  t.same(await handles({ filter: { vendor: 'vendor a' } }), n(4, 3, 2, 1, 0), 'by vendor');
  t.same(await handles({ filter: { inStock: true } }), n(11, 10, 8, 7, 5, 4, 2, 1), 'in stock only');
  t.same(await handles({ filter: { inStock: false } }), n(9, 6, 3, 0), 'out of stock only');
  t.same(await handles({ filter: { priceRange: { currency: 'EUR', min: '1500', max: '1800' } } }), n(8, 7, 6, 5), 'a price range in one currency, bounds included');
  t.same(await handles({ filter: { priceRange: { currency: 'USD', max: '4400' } } }), n(10, 8, 6), 'a price range in another currency sees only products priced in it');
  t.same(await handles({ sort: { field: 'PRICE', currency: 'USD' } }), n(10, 8, 6, 4, 2, 0, 1, 3, 5, 7, 9, 11), 'by price ascending; products without a USD price last (ties by id, in the same direction)');
  t.same(await handles({ sort: { field: 'PRICE', currency: 'EUR', direction: 'DESC' } }), n(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), 'by price descending');
  t.same(await handles({ sort: { field: 'TITLE' } }), n(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), 'by title (Item O … Item Z)');
  t.equal((await list({ first: 2, filter: { tags: ['odd'] } })).totalCount, 6, 'totalCount counts the whole filtered list, not the page');

  await t.test('walking every sort order page by page returns each product exactly once, in order', async (t) => {
    for (const sort of [null, { field: 'PRICE', currency: 'USD' }, { field: 'PRICE', currency: 'EUR', direction: 'DESC' }, { field: 'TITLE' }, { field: 'CREATED_AT', direction: 'ASC' }]) {
      const all = await handles({ sort });
      const walked: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page += 1) {
        const result: Page['commerceProducts'] = await list({ first: 5, after, sort });
        walked.push(...result.edges.map((e) => e.node.handle));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      t.same(walked, all, `sort ${JSON.stringify(sort)}`);
    }
  });

  t.same(failures(await kernel.request(LIST, { first: 101 }, shop.visitor)), [['FIRST_INVALID', 'first']], 'first is capped at 100');
  t.same(failures(await kernel.request(LIST, { first: 0 }, shop.visitor)), [['FIRST_INVALID', 'first']], 'and at least 1');
  t.same(failures(await kernel.request(LIST, { after: 'not-a-cursor' }, shop.visitor)), [['CURSOR_INVALID', 'after']], 'a cursor this API did not issue');
  t.same(failures(await kernel.request(LIST, { sort: { field: 'PRICE' } }, shop.visitor)), [['SORT_INVALID', 'sort.currency']], 'PRICE needs a currency');
  t.same(failures(await kernel.request(LIST, { sort: { field: 'RELEVANCE' } }, shop.visitor)), [['SORT_INVALID', 'sort.field']], 'RELEVANCE needs a search');
  t.same(failures(await kernel.request(LIST, { filter: { priceRange: { currency: 'EUR', min: '10.5' } } }, shop.visitor)), [['AMOUNT_FRACTIONAL', 'filter.priceRange.min']], 'price bounds are minor units');
  t.same(failures(await kernel.request(LIST, { filter: { priceRange: { currency: 'ABC' } } }, shop.visitor)), [['CURRENCY_UNKNOWN', 'filter.priceRange.currency']], 'in a real currency');
  t.same(failures(await kernel.request('{ commerceProducts { edges { cursor } } }', {}, { host: 'platform.test' })), [['TENANT_REQUIRED', undefined]], 'a request for no tenant is told so');
});
