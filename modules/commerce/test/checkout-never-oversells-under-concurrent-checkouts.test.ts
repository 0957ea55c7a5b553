import t from 'tap';
import { localId } from './helpers/boot-commerce';
import { bootStore, count, seedCarts, stockOf, type Store } from './helpers/checkout-store';

const ROUNDS = 20;
const BUYERS = 200;
const CHECKOUT = 'mutation($token: String!) { commerceCheckout(cartToken: $token) { number } }';

/** Resets a variant to `onHand` units, none reserved. */
async function restock(store: Store, variantId: string, onHand: number): Promise<void> {
  await store.kernel.sql('UPDATE commerce.stock_levels SET on_hand = $2, reserved = 0 WHERE variant_id = $1', [localId(variantId), onHand]);
}

async function race(store: Store, tokens: readonly string[]): Promise<{ orders: number; codes: Map<string, number> }> {
  const results = await Promise.all(tokens.map((token) => store.kernel.request<{ commerceCheckout: { number: string } }>(CHECKOUT, { token }, store.tenant.visitor)));
  const codes = new Map<string, number>();
  let orders = 0;
  for (const result of results) {
    if (result.data?.commerceCheckout != null) orders += 1;
    else {
      const code = String(result.errors?.[0]?.extensions?.code);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  }
  return { orders, codes };
}

t.test(`stock 10, ${BUYERS} concurrent checkouts of 1 unit, ${ROUNDS} times: exactly 10 orders and available 0 each time`, async (t) => {
  const store = await bootStore(t);
  const variant = store.variants[0] as string;
  let ordersBefore = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    await restock(store, variant, 10);
    const tokens = await seedCarts(store, BUYERS, [{ variantId: localId(variant), quantity: 1, unitAmount: 1999 }]);
    const { orders, codes } = await race(store, tokens);
    const stock = await stockOf(store, variant);
    const ordersInDb = await count(store, 'orders');
    if (orders !== 10 || stock.reserved !== 10 || ordersInDb - ordersBefore !== 10 || codes.get('STOCK_INSUFFICIENT') !== BUYERS - 10) {
      t.fail(`round ${round}: ${orders} orders, stock ${JSON.stringify(stock)}, errors ${JSON.stringify([...codes])}`);
      return;
    }
    ordersBefore = ordersInDb;
  }
  t.pass(`${ROUNDS} rounds: 10 orders each, available 0, the other ${BUYERS - 10} refused with STOCK_INSUFFICIENT`);
  const numbers = await store.kernel.sql<{ n: string; distinct: string }>('SELECT count(*) AS n, count(DISTINCT number) AS distinct FROM commerce.orders');
  t.equal(numbers[0]?.n, numbers[0]?.distinct, 'order numbers are unique');
  t.equal(await count(store, 'order_lines'), ROUNDS * 10, 'every order has its line and nothing else was written');
  t.equal(await count(store, 'carts', "status = 'completed'"), ROUNDS * 10, 'refused checkouts left their carts open');
});

t.test('two lines of one cart on the same variant count together: stock 10, carts of 1 + 1, 5 orders', async (t) => {
  const store = await bootStore(t);
  const variant = store.variants[1] as string;
  for (let round = 1; round <= 5; round += 1) {
    await restock(store, variant, 10);
    const tokens = await seedCarts(store, BUYERS, [
      { variantId: localId(variant), quantity: 1, unitAmount: 2099 },
      { variantId: localId(variant), quantity: 1, unitAmount: 2099 },
    ]);
    const { orders } = await race(store, tokens);
    const stock = await stockOf(store, variant);
    t.same({ orders, ...stock }, { orders: 5, onHand: 10, reserved: 10 }, `round ${round}`);
  }
  const negative = await store.kernel.sql<{ n: string }>('SELECT count(*) AS n FROM commerce.stock_levels WHERE on_hand - reserved < 0');
  t.equal(negative[0]?.n, '0');
});

t.test('checkouts of carts that hit several variants in different orders do not deadlock', async (t) => {
  const store = await bootStore(t);
  const [a, b] = [localId(store.variants[0] as string), localId(store.variants[2] as string)];
  await restock(store, store.variants[0] as string, 1000);
  await restock(store, store.variants[2] as string, 1000);
  const forward = await seedCarts(store, 100, [{ variantId: a, quantity: 1, unitAmount: 1999 }, { variantId: b, quantity: 1, unitAmount: 2199 }]);
  const backward = await seedCarts(store, 100, [{ variantId: b, quantity: 1, unitAmount: 2199 }, { variantId: a, quantity: 1, unitAmount: 1999 }]);
  const { orders, codes } = await race(store, forward.flatMap((token, i) => [token, backward[i] as string]));
  t.equal(orders, 200, `no failures: ${JSON.stringify([...codes])}`);
});
