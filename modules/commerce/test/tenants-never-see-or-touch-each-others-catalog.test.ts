import t from 'tap';
import { bootCommerce, codes, failures, ok } from './helpers/boot-commerce';
import { createCategory, createProduct, tShirtInput } from './helpers/catalog';

t.test("tenant A never reads or changes tenant B's catalog, and handles and SKUs are unique per tenant only", async (t) => {
  const kernel = await bootCommerce(t);
  const a = await kernel.createTenant('tenant-a');
  const b = await kernel.createTenant('tenant-b');
  const aProduct = await createProduct(kernel, a, tShirtInput());
  const bProduct = await createProduct(kernel, b, tShirtInput());
  t.equal(bProduct.handle, aProduct.handle, 'the same handle in two tenants');
  t.same(bProduct.variants.map((v) => v.sku), aProduct.variants.map((v) => v.sku), 'and the same SKUs');
  const bCategory = await createCategory(kernel, b, { en: 'B only' });
  const bVariant = bProduct.variants[0]?.id as string;

  const aList = ok(await kernel.request<{ commerceAdminProducts: { edges: Array<{ node: { id: string } }> } }>('{ commerceAdminProducts { edges { node { id } } } }', {}, a.owner)).commerceAdminProducts.edges;
  t.same(aList.map((e) => e.node.id), [aProduct.id], "A's admin list holds A's product only");
  t.same(ok(await kernel.request('query($id: ID!) { node(id: $id) { id } }', { id: bProduct.id }, a.owner)), { node: null }, "B's product id is not found through A");
  t.same(ok(await kernel.request('{ commerceCategories { handle } }', {}, a.visitor)), { commerceCategories: [] }, "B's categories are not in A's tree");

  const attempts: Array<[string, string, Record<string, unknown>, string, string]> = [
    ['update', 'mutation($id: ID!) { commerceUpdateProduct(id: $id, input: { tags: ["hacked"] }) { id } }', { id: bProduct.id }, 'PRODUCT_NOT_FOUND', 'id'],
    ['delete', 'mutation($id: ID!) { commerceDeleteProduct(id: $id) }', { id: bProduct.id }, 'PRODUCT_NOT_FOUND', 'id'],
    ['adjust stock', 'mutation($v: ID!) { commerceAdjustStock(variantId: $v, delta: -10, reason: LOST) { onHand } }', { v: bVariant }, 'VARIANT_NOT_FOUND', 'variantId'],
    ['set prices', 'mutation($v: ID!) { commerceSetVariantPrices(variantId: $v, prices: [{ currency: "EUR", amount: "1" }]) { id } }', { v: bVariant }, 'VARIANT_NOT_FOUND', 'variantId'],
    ['bulk prices', 'mutation($v: ID!) { commerceBulkUpdatePrices(prices: [{ variantId: $v, currency: "EUR", amount: "1" }]) { changed } }', { v: bVariant }, 'VARIANT_NOT_FOUND', 'prices[0].variantId'],
    ["link B's category", 'mutation($id: ID!, $c: ID!) { commerceUpdateProduct(id: $id, input: { categoryIds: [$c] }) { id } }', { id: aProduct.id, c: bCategory }, 'CATEGORY_NOT_FOUND', 'input.categoryIds[0]'],
    ["create under B's category", 'mutation($c: ID!) { commerceCreateCategory(input: { parentId: $c, translations: [{ locale: "en", name: "x" }] }) { id } }', { c: bCategory }, 'CATEGORY_NOT_FOUND', 'input.parentId'],
  ];
  for (const [what, query, variables, code, field] of attempts) t.same(failures(await kernel.request(query, variables, a.owner)), [[code, field]], `${what}: ${code}`);

  const [bState] = await kernel.sql<{ tags: string[]; on_hand: number; amount: string }>(
    "SELECT p.tags, s.on_hand, vp.amount::text FROM commerce.products p JOIN commerce.variants v ON v.product_id = p.id JOIN commerce.stock_levels s ON s.variant_id = v.id JOIN commerce.variant_prices vp ON vp.variant_id = v.id AND vp.currency = 'EUR' WHERE p.tenant_id = $1 AND v.sku = 'TS-S'",
    [b.id],
  );
  t.same(bState, { tags: ['cotton', 'summer'], on_hand: 10, amount: '1999' }, "B's product, stock and price are untouched");
  t.same(codes(await kernel.request('{ commerceAdminProducts { edges { cursor } } }', {}, { ...b.visitor, authorization: a.owner.authorization as string })), ['UNAUTHENTICATED'], "A's session on B's host is refused as a whole");

  await t.test("a storefront read's tenant setting ends with the read: no pooled connection keeps it", async (t) => {
    await Promise.all(Array.from({ length: 20 }, () => kernel.request('{ commerceProducts { edges { node { title variants { sku } } } } }', {}, a.visitor)));
    const app = kernel.kernel.database.sequelize;
    const settings = await Promise.all(Array.from({ length: 20 }, () => app.query("SELECT coalesce(current_setting('rustok.tenant_id', true), '') AS tenant, pg_sleep(0.01)", { plain: true })));
    t.same([...new Set(settings.map((row) => (row as { tenant: string }).tenant))], [''], 'every connection of the application pool is back to no tenant');
    const leaked = await app.query('SELECT count(*)::int AS n FROM commerce.products', { plain: true });
    t.same(leaked, { n: 0 }, 'and a query outside any tenant sees no product at all');
  });
});
