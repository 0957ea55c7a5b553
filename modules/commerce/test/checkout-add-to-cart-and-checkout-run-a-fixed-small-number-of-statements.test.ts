import t from 'tap';
import { localId, ok } from './helpers/boot-commerce';
import { ADD_TO_CART, bootStore, seedCarts } from './helpers/checkout-store';

/**
 * Every SQL round trip is what add-to-cart and checkout cost, so their
 * statement counts are budgets, each written next to its request (the
 * dispatcher is off so no event polling lands inside a measurement). The
 * budgets hold whatever the number of promotions: the lines and promotions
 * are read and written in the same statements for one or many.
 */

/** The transaction (START, COMMIT; its pooled connection already carries the tenant) + one statement that checks, adds and reads the cart back. */
const ADD_TO_CART_BUDGET = 3;
/**
 * The transaction (2) + claiming the key (its answer stored with it), closing
 * the cart and reading its parts in one + the order's writes in one + its
 * events in one (commerce.stock.changed@1 of each reserved variant, here 2, and
 * commerce.order.placed@1): a cart with more lines costs no more statements.
 */
const CHECKOUT_BUDGET = 2 + 1 + 1 + 1;

t.test('add-to-cart and checkout (two lines, two promotions, an idempotency key) run a fixed number of statements', async (t) => {
  const store = await bootStore(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const { kernel, tenant } = store;
  for (const input of [
    { code: 'TENOFF', kind: 'PERCENTAGE', value: '1000', usageLimit: 100, perCustomerLimit: 5 },
    { code: 'FIVEOFF', kind: 'FIXED', value: '500', currency: 'EUR' },
  ]) {
    ok(await kernel.request('mutation($i: CommercePromotionInput!) { commerceCreatePromotion(input: $i) { id } }', { i: input }, tenant.owner));
  }
  const [warm, token] = await seedCarts(store, 2, [{ variantId: localId(store.variants[0] as string), quantity: 1, unitAmount: 1999 }]);
  await kernel.sql("UPDATE commerce.carts SET promotion_codes = '{TENOFF,FIVEOFF}'");
  const checkout = (cartToken: string, key: string) =>
    kernel.request<{ commerceCheckout: { number: string } }>('mutation($t: String!, $k: String) { commerceCheckout(cartToken: $t, idempotencyKey: $k) { number } }', { t: cartToken, k: key }, tenant.visitor);
  const add = (cartToken: string) => kernel.request<{ commerceAddToCart: { lines: unknown[]; discount: { amount: string } } }>(ADD_TO_CART, { token: cartToken, input: { variantId: store.variants[1], quantity: 2 } }, tenant.visitor);

  // Warm-up: tenant cached, statements prepared, the key pruning schedule started.
  ok(await add(warm as string));
  ok(await checkout(warm as string, 'warm-up-key-0123456789'));

  const added = await kernel.statementsOf(() => add(token as string));
  t.equal(ok(added.result).commerceAddToCart.lines.length, 2, 'the cart shows both lines');
  t.not(ok(added.result).commerceAddToCart.discount.amount, '0', 'and prices them with its promotions');
  t.ok(added.statements.length <= ADD_TO_CART_BUDGET, `add-to-cart: ${added.statements.length} statements, budget ${ADD_TO_CART_BUDGET}`);
  if (added.statements.length > ADD_TO_CART_BUDGET) t.comment(added.statements.join('\n---\n'));

  const placed = await kernel.statementsOf(() => checkout(token as string, 'measured-key-0123456789'));
  t.equal(ok(placed.result).commerceCheckout.number, '2');
  t.ok(placed.statements.length <= CHECKOUT_BUDGET, `checkout: ${placed.statements.length} statements, budget ${CHECKOUT_BUDGET}`);
  if (placed.statements.length > CHECKOUT_BUDGET) t.comment(placed.statements.join('\n---\n'));
  t.comment(`add-to-cart ${added.statements.length}, checkout ${placed.statements.length} statements`);
});
