import t from 'tap';
import { localId, ok } from './helpers/boot-commerce';
import { bootStore, seedCarts } from './helpers/checkout-store';

/**
 * Order lists read lines, history and payments through loaders: a page of
 * 2 and a page of 20 orders cost the same number of SQL statements. Each
 * budget is written next to its query; the dispatcher is off so no event
 * polling lands inside a measurement.
 */
const ORDER_PARTS = `number status total { amount } lines { sku quantity unitPrice { amount } tax { amount } }
  history { from to actorKind at } payments { provider status amount { amount } }`;

const MY_ORDERS = `query($first: Int!) { commerceMyOrders(first: $first) { edges { cursor node { ${ORDER_PARTS} } } pageInfo { hasNextPage endCursor } } }`;
/**
 * core's session check for the signed-in customer (6: START, tenant setting,
 * session, user roles, roles, COMMIT) + 1 for the page (with the tenant
 * setting in the same message) + 1 each for lines, history and payments.
 */
const MY_ORDERS_BUDGET = 10;

const ADMIN_ORDERS = `query($first: Int!) { commerceAdminOrders(first: $first, filter: { status: PENDING }) { edges { node { email ${ORDER_PARTS} } } } }`;
/** The same for the owner: session check (6) + page (1) + lines, history, payments (3). */
const ADMIN_ORDERS_BUDGET = 10;

t.test('myOrders and adminOrders with lines, history and payments run a constant number of statements for first: 2 and first: 20', async (t) => {
  const store = await bootStore(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const { kernel, tenant } = store;
  const customer = await kernel.userWithRoles(tenant, 'regular@example.test', ['customer']);
  await kernel.sql('UPDATE commerce.stock_levels SET on_hand = 1000');
  // Two lines per order (variants S and L), each order checked out by the customer and given a manual payment.
  const tokens = await seedCarts(store, 22, [
    { variantId: localId(store.variants[0] as string), quantity: 1, unitAmount: 1999 },
    { variantId: localId(store.variants[2] as string), quantity: 1, unitAmount: 2199 },
  ]);
  for (const token of tokens) {
    ok(await kernel.request('mutation($t: String!) { commerceCheckout(cartToken: $t) { id } }', { t: token }, customer));
    ok(await kernel.request('mutation($t: String!) { commerceAddPayment(cartToken: $t, provider: "manual") { id } }', { t: token }, customer));
  }

  const measure = async (query: string, first: number, headers: Record<string, string>) => {
    ok(await kernel.request(query, { first }, headers)); // warm-up: session touched, tenant cached
    const { result, statements } = await kernel.statementsOf(() => kernel.request<Record<string, { edges: Array<{ node: { lines: unknown[]; history: unknown[]; payments: unknown[] } }> }>>(query, { first }, headers));
    const edges = Object.values(ok(result))[0]?.edges ?? [];
    return { statements, edges };
  };

  for (const [name, query, headers, budget] of [
    ['commerceMyOrders (customer)', MY_ORDERS, customer, MY_ORDERS_BUDGET],
    ['commerceAdminOrders (owner)', ADMIN_ORDERS, tenant.owner, ADMIN_ORDERS_BUDGET],
  ] as const) {
    const small = await measure(query, 2, headers);
    const large = await measure(query, 20, headers);
    t.equal(large.edges.length, 20, `${name}: a page of 20`);
    t.ok(
      large.edges.every((edge) => edge.node.lines.length === 2 && edge.node.history.length === 1 && edge.node.payments.length === 1),
      `${name}: every order with its own two lines, one history entry and one payment`,
    );
    t.equal(large.statements.length, small.statements.length, `${name}: first 20 runs as many statements as first 2 (${small.statements.length})`);
    t.ok(large.statements.length <= budget, `${name}: ${large.statements.length} statements, budget ${budget}`);
    if (large.statements.length > budget) t.comment(large.statements.join('\n---\n'));
  }
});
