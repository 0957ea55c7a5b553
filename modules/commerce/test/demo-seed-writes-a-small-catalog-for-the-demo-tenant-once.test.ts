import t from 'tap';
import { bootCommerce, ok } from './helpers/boot-commerce';
import { ADDRESS, ORDER_FIELDS } from './helpers/checkout-store';

t.test('`rustok dev` seeds the demo tenant with a catalog in two locales and two currencies and what checkout needs, once', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const printed: string[] = [];
  const ran = await kernel.kernel.seed({ print: (line) => printed.push(line) });
  t.same(ran, ['core/demo', 'commerce/demo-catalog', 'commerce/demo-checkout'], "core's demo tenant first, then its catalog, then its regions");
  t.match(printed.join('\n'), /Demo catalog written for "demo": 6 categories, \d+ products/);
  t.match(printed.join('\n'), /Demo checkout written for "demo": regions .*USD.*RUB.*promotion codes WELCOME10, FREESHIP/);

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

  t.test('the demo storefront can check out: a region per currency with shipping, and a promotion code', async (t) => {
    const demo = { host: 'localhost' };
    const regions = ok(await kernel.request<{ commerceRegions: Array<{ id: string; currency: string; countries: string[]; pricesIncludeTax: boolean; shippingOptions: Array<{ id: string; name: string }> }> }>(
      '{ commerceRegions { id currency countries pricesIncludeTax shippingOptions { id name } } }',
      {},
      demo,
    )).commerceRegions;
    t.same(regions.map((r) => [r.currency, r.shippingOptions.length]).sort(), [['RUB', 2], ['USD', 2]], 'USD and RUB, two shipping options each');
    const usd = regions.find((r) => r.currency === 'USD') as (typeof regions)[number];
    const products = ok(await kernel.request<{ commerceProducts: { edges: Array<{ node: { variants: Array<{ id: string; availableForSale: boolean }> } }> } }>(
      '{ commerceProducts(first: 10) { edges { node { variants { id availableForSale } } } } }',
      {},
      demo,
    )).commerceProducts;
    const variant = products.edges.flatMap((e) => e.node.variants).find((v) => v.availableForSale) as { id: string };
    const cart = ok(await kernel.request<{ commerceCreateCart: { token: string } }>('mutation($r: ID!) { commerceCreateCart(input: { regionId: $r }) { token } }', { r: usd.id }, demo)).commerceCreateCart;
    ok(await kernel.request('mutation($t: String!, $v: ID!) { commerceAddToCart(cartToken: $t, input: { variantId: $v, quantity: 2 }) { id } }', { t: cart.token, v: variant.id }, demo));
    ok(await kernel.request('mutation($t: String!, $i: CommerceSetShippingAddressInput!) { commerceSetShippingAddress(cartToken: $t, input: $i) { id } }', { t: cart.token, i: { email: 'demo@example.test', shippingAddress: { ...ADDRESS, country: 'US' } } }, demo));
    ok(await kernel.request('mutation($t: String!, $o: ID!) { commerceSetShippingOption(cartToken: $t, shippingOptionId: $o) { id } }', { t: cart.token, o: usd.shippingOptions[0]?.id }, demo));
    ok(await kernel.request('mutation($t: String!) { commerceApplyPromotion(cartToken: $t, code: "welcome10") { id } }', { t: cart.token }, demo));
    const order = ok(await kernel.request<{ commerceCheckout: { status: string; currency: string; discount: { amount: string }; subtotal: { amount: string } } }>(`mutation($t: String!) { commerceCheckout(cartToken: $t) { ${ORDER_FIELDS} } }`, { t: cart.token }, demo)).commerceCheckout;
    t.same([order.status, order.currency], ['PENDING', 'USD']);
    const off = BigInt(order.subtotal.amount) - BigInt(order.discount.amount) * 10n;
    t.ok(off >= -10n && off <= 10n, `WELCOME10 took 10 % off (${order.discount.amount} of ${order.subtotal.amount}, to the minor unit)`);
  });

  t.same(await kernel.kernel.seed({ print: () => undefined }), [], 'a second `rustok dev` seeds nothing');
  t.equal((await kernel.sql<{ n: string }>('SELECT count(*) AS n FROM commerce.regions'))[0]?.n, '2', 'and writes no second set of regions');
  t.equal((await kernel.sql<{ n: string }>('SELECT count(*) AS n FROM commerce.products'))[0]?.n, row?.products, 'and the catalog is as it was');
});
