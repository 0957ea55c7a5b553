import t from 'tap';
import { bootCommerce, ok } from './helpers/boot-commerce';

t.test('`rustok dev` seeds the demo tenant with a catalog in two locales and two currencies, once', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const printed: string[] = [];
  const ran = await kernel.kernel.seed({ print: (line) => printed.push(line) });
  t.same(ran, ['core/demo', 'commerce/demo-catalog'], "core's demo tenant first, then its catalog");
  t.match(printed.join('\n'), /Demo catalog written for "demo": 6 categories, \d+ products/);

  const counts = await kernel.sql<{ products: string; variants: string; currencies: string[]; locales: string[]; active: string; categories: string }>(`
    SELECT (SELECT count(*) FROM commerce.products) AS products, (SELECT count(*) FROM commerce.variants) AS variants,
           (SELECT array_agg(DISTINCT currency ORDER BY currency) FROM commerce.variant_prices) AS currencies,
           (SELECT array_agg(DISTINCT locale ORDER BY locale) FROM commerce.product_translations) AS locales,
           (SELECT count(*) FROM commerce.products WHERE status = 'active') AS active,
           (SELECT count(*) FROM commerce.categories) AS categories`);
  const [row] = counts;
  t.ok(Number(row?.products) >= 25 && Number(row?.products) <= 40, `about thirty products (${row?.products})`);
  t.ok(Number(row?.variants) > Number(row?.products), 'with variants');
  t.same([row?.currencies, row?.locales, row?.categories], [['RUB', 'USD'], ['en', 'ru'], '6'], 'priced in USD and RUB, texts in English and Russian, six categories');

  const storefront = ok(await kernel.request<{ commerceProducts: { totalCount: number; edges: Array<{ node: { title: string; variants: Array<{ prices: Array<{ currency: string }> }> } }> } }>(
    '{ commerceProducts(first: 3, locale: "ru", filter: { category: "apparel" }) { totalCount edges { node { title variants { prices { currency } } } } } }',
    {},
    { host: 'localhost' },
  )).commerceProducts;
  t.ok(storefront.totalCount >= 10, 'the demo storefront (localhost) lists the apparel subtree');
  t.match(storefront.edges[0]?.node.title, /[а-яё]/i, 'in Russian when asked');

  t.same(await kernel.kernel.seed({ print: () => undefined }), [], 'a second `rustok dev` seeds nothing');
  t.equal((await kernel.sql<{ n: string }>('SELECT count(*) AS n FROM commerce.products'))[0]?.n, row?.products, 'and the catalog is as it was');
});
