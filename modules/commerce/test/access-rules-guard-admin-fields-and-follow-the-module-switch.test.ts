import t from 'tap';
import { bootCommerce, codes, ok } from './helpers/boot-commerce';
import { createProduct, tShirtInput } from './helpers/catalog';

t.test('every admin field needs its permission; the storefront is public; a switched-off module answers MODULE_DISABLED', async (t) => {
  const kernel = await bootCommerce(t);
  const shop = await kernel.createTenant('shop');
  const product = await createProduct(kernel, shop, tShirtInput());
  const variantId = product.variants[0]?.id as string;
  const customer = await kernel.userWithRoles(shop, 'customer@shop.test', ['customer']);
  const editor = await kernel.userWithRoles(shop, 'editor@shop.test', ['editor']);
  const admin = await kernel.userWithRoles(shop, 'admin@shop.test', ['admin']);

  const guarded: Array<[string, string, Record<string, unknown>]> = [
    ['commerceAdminProducts', '{ commerceAdminProducts { edges { cursor } } }', {}],
    ['commerceAdminProduct', '{ commerceAdminProduct(handle: "classic-t-shirt") { id } }', {}],
    ['commerceStockAdjustments', 'query($v: ID!) { commerceStockAdjustments(variantId: $v) { edges { cursor } } }', { v: variantId }],
    ['commerceLowStockVariants', '{ commerceLowStockVariants { edges { cursor } } }', {}],
    ['commerceCreateProduct', 'mutation { commerceCreateProduct(input: { translations: [{ locale: "en", title: "X" }] }) { id } }', {}],
    ['commerceDeleteProduct', 'mutation($id: ID!) { commerceDeleteProduct(id: $id) }', { id: product.id }],
    ['commerceAdjustStock', 'mutation($v: ID!) { commerceAdjustStock(variantId: $v, delta: 1, reason: RECEIVED) { onHand } }', { v: variantId }],
    ['commerceCreateCategory', 'mutation { commerceCreateCategory(input: { translations: [{ locale: "en", name: "X" }] }) { id } }', {}],
    ['CommerceProduct.metadata', '{ commerceProduct(handle: "classic-t-shirt") { metadata } }', {}],
    ['CommerceVariant.stock', '{ commerceProduct(handle: "classic-t-shirt") { variants { stock { onHand } } } }', {}],
  ];
  // One code per distinct refusal: a guarded field inside a list fails once per item (compiled execution reports each).
  const refusals = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => [...new Set(codes(await kernel.request(query, variables, headers)))];
  for (const [field, query, variables] of guarded) {
    t.same(await refusals(query, variables, shop.visitor), ['UNAUTHENTICATED'], `${field}: anonymous → UNAUTHENTICATED`);
    t.same(await refusals(query, variables, customer), ['FORBIDDEN'], `${field}: a customer → FORBIDDEN`);
  }
  t.same(codes(await kernel.request('mutation($id: ID!) { commerceDeleteProduct(id: $id) }', { id: product.id }, editor)), ['FORBIDDEN'], 'editors create and publish but do not delete');
  t.same(codes(await kernel.request('mutation($v: ID!) { commerceAdjustStock(variantId: $v, delta: 1, reason: RECEIVED) { onHand } }', { v: variantId }, editor)), ['FORBIDDEN'], 'nor adjust stock');
  t.same(codes(await kernel.request('mutation { commerceCreateProduct(input: { translations: [{ locale: "en", title: "By editor" }] }) { id } }', {}, editor)), [], 'editors create products');
  t.same(codes(await kernel.request('{ commerceProduct(handle: "classic-t-shirt") { variants { stock { onHand } } metadata } }', {}, editor)), [], 'and read stock and metadata');
  t.same(codes(await kernel.request('mutation($v: ID!) { commerceAdjustStock(variantId: $v, delta: 1, reason: RECEIVED) { onHand } }', { v: variantId }, admin)), [], 'admins hold commerce.*.manage');
  t.same(codes(await kernel.request('{ commerceProducts { edges { node { title variants { prices { price { amount } } } } } } commerceCategories { handle } }', {}, shop.visitor)), [], 'the storefront fields are public');

  const audit = ok(await kernel.request<{ auditLog: { edges: Array<{ node: { action: string; outcome: string } }> } }>('{ auditLog(first: 100) { edges { node { action outcome } } } }', {}, shop.owner)).auditLog.edges.map((e) => `${e.node.action}:${e.node.outcome}`);
  t.ok(audit.includes('graphql.Mutation.commerceAdjustStock:SUCCESS'), 'admin mutations are audited');
  t.ok(audit.includes('graphql.Mutation.commerceDeleteProduct:DENIED'), 'and so are denials');

  ok(await kernel.request('mutation { setTenantModule(module: "commerce", enabled: false) { enabled } }', {}, shop.owner));
  t.same(codes(await kernel.request('{ commerceProducts { edges { cursor } } }', {}, shop.visitor)), ['MODULE_DISABLED'], 'switched off: the public listing answers MODULE_DISABLED');
  t.same(codes(await kernel.request('{ commerceAdminProducts { edges { cursor } } }', {}, shop.owner)), ['MODULE_DISABLED'], 'and so do admin fields, even for the owner');
  ok(await kernel.request('mutation { setTenantModule(module: "commerce", enabled: true) { enabled } }', {}, shop.owner));
  t.same(codes(await kernel.request('{ commerceProducts { edges { cursor } } }', {}, shop.visitor)), [], 'switched on again, it answers');
});
