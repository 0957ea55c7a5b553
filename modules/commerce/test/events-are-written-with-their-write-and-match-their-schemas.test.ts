import t from 'tap';
import { bootCommerce, localId, ok } from './helpers/boot-commerce';
import { commerceEvents, createProduct, tShirtInput } from './helpers/catalog';

/**
 * Every catalog write emits its events in its own transaction (the kernel
 * validates each payload against the schema in events/): they exist exactly
 * when the write committed.
 */
t.test('product, price and stock events, with versioned names and the payloads their schemas describe', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  const seen = async () => (await commerceEvents(kernel)).map((e) => e.name);
  const since = async (count: number) => (await commerceEvents(kernel)).slice(count);

  const product = await createProduct(kernel, shop, tShirtInput());
  t.same(await seen(), ['commerce.product.created@1', 'commerce.product.published@1'], 'an active new product: created, then published');
  const [created] = await commerceEvents(kernel);
  t.same(created?.payload, { tenantId: shop.id, productId: localId(product.id), handle: 'classic-t-shirt', status: 'active' }, 'created names the tenant, product and handle');

  let mark = (await commerceEvents(kernel)).length;
  ok(await kernel.request('mutation($id: ID!) { commerceUpdateProduct(id: $id, input: { tags: ["new"], vendor: "Northwind" }) { id } }', { id: product.id }, shop.owner));
  t.same((await since(mark)).map((e) => [e.name, e.payload.changes]), [['commerce.product.updated@1', ['tags']]], 'an update lists what changed (the vendor did not)');

  mark = (await commerceEvents(kernel)).length;
  const variantId = product.variants[0]?.id as string;
  const setPrices = (prices: unknown[], remove: string[] = []) => kernel.request('mutation($v: ID!, $p: [CommercePriceInput!]!, $r: [String!]) { commerceSetVariantPrices(variantId: $v, prices: $p, remove: $r) { id } }', { v: variantId, p: prices, r: remove }, shop.owner);
  ok(await setPrices([{ currency: 'EUR', amount: '1999', compareAtAmount: '2999' }, { currency: 'USD', amount: '2500' }, { currency: 'RUB', amount: '150000' }]));
  const priceEvents = await since(mark);
  t.same(
    priceEvents.map((e) => [e.name, e.payload.currency, e.payload.previous, e.payload.current]),
    [
      ['commerce.variant.price-changed@1', 'USD', { amount: '2199', compareAtAmount: null }, { amount: '2500', compareAtAmount: null }],
      ['commerce.variant.price-changed@1', 'RUB', null, { amount: '150000', compareAtAmount: null }],
    ],
    'one event per price that changed, in input order (EUR was written unchanged), with previous and new values in minor units',
  );
  mark = (await commerceEvents(kernel)).length;
  ok(await setPrices([], ['RUB']));
  t.same((await since(mark)).map((e) => [e.payload.currency, e.payload.current]), [['RUB', null]], 'removing a price is a change to null');

  mark = (await commerceEvents(kernel)).length;
  const adjust = (delta: number) => kernel.request('mutation($v: ID!, $d: Int!) { commerceAdjustStock(variantId: $v, delta: $d, reason: CORRECTION) { available } }', { v: variantId, d: delta }, shop.owner);
  ok(await adjust(-4)); // 10 → 6: above the threshold (5)
  ok(await adjust(-2)); // 6 → 4: crosses it
  ok(await adjust(-1)); // 4 → 3: already below, no second alert
  ok(await adjust(+5)); // 3 → 8: back above
  ok(await adjust(-8)); // 8 → 0: crosses again
  const stockEvents = await since(mark);
  t.same(stockEvents.map((e) => e.name), ['commerce.stock.changed@1', 'commerce.stock.changed@1', 'commerce.stock.ran-low@1', 'commerce.stock.changed@1', 'commerce.stock.changed@1', 'commerce.stock.changed@1', 'commerce.stock.ran-low@1'], 'ran-low only when available crosses the threshold downwards');
  t.match(stockEvents[1]?.payload, { onHand: 4, reserved: 0, available: 4, deltaOnHand: -2, deltaReserved: 0, reason: 'correction', sku: 'TS-S' }, 'stock.changed carries the new level, the change and the reason');
  t.match(stockEvents[2]?.payload, { available: 4, threshold: 5, sku: 'TS-S' }, 'ran-low carries the threshold');

  mark = (await commerceEvents(kernel)).length;
  ok(await kernel.request('mutation($id: ID!) { commerceArchiveProduct(id: $id) { id } }', { id: product.id }, shop.owner));
  ok(await kernel.request('mutation($id: ID!) { commerceArchiveProduct(id: $id) { id } }', { id: product.id }, shop.owner));
  ok(await kernel.request('mutation($id: ID!) { commerceDeleteProduct(id: $id) }', { id: product.id }, shop.owner));
  const last = await since(mark);
  t.same(last.map((e) => e.name), ['commerce.product.archived@1', 'commerce.product.deleted@1'], 'archiving twice is one event; then deleted');
  t.equal((last[1]?.payload.variantIds as string[]).length, 3, 'deleted lists the variants that went with it');

  mark = (await commerceEvents(kernel)).length;
  const refused = await kernel.request('mutation($id: ID!) { commerceUpdateProduct(id: $id, input: { tags: ["x"] }) { id } }', { id: product.id }, shop.owner);
  t.equal(refused.errors?.[0]?.extensions?.code, 'PRODUCT_NOT_FOUND');
  t.same(await since(mark), [], 'a refused write emits nothing');
});
