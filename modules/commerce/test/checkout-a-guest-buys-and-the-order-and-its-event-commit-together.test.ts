import t from 'tap';
import { commerceEvents } from './helpers/catalog';
import { ok } from './helpers/boot-commerce';
import { addToCart, bootStore, CHECKOUT, createCart, readyForCheckout, stockOf } from './helpers/checkout-store';

t.test('a guest adds to cart, checks out, and gets an order with a number, history and commerce.order.placed@1', async (t) => {
  const store = await bootStore(t);
  const cart = await createCart(store);
  t.equal(cart.status, 'OPEN');
  await addToCart(store, cart.token, store.variants[0] as string, 2);
  const priced = await addToCart(store, cart.token, store.variants[1] as string, 1);
  t.same([priced.subtotal.amount, priced.discount.amount], [String(1999 * 2 + 2099), '0']);
  const ready = await readyForCheckout(store, cart.token);
  // 6097 subtotal, 500 shipping (free only from 10000), tax 20 % per line and on shipping, half up.
  t.same([ready.shipping.amount, ready.tax.amount, ready.total.amount], ['500', String(800 + 420 + 100), String(6097 + 500 + 1320)]);

  const order = ok(await store.kernel.request<{ commerceCheckout: { number: string; status: string; total: { amount: string }; history: Array<{ to: string }>; lines: unknown[] } }>(CHECKOUT, { token: cart.token }, store.tenant.visitor)).commerceCheckout;
  t.equal(order.number, '1');
  t.equal(order.status, 'PENDING');
  t.equal(order.total.amount, ready.total.amount);
  t.equal(order.lines.length, 2);
  t.same(order.history.map((h) => h.to), ['PENDING']);
  t.same(await stockOf(store, store.variants[0] as string), { onHand: 10, reserved: 2 });

  const placed = (await commerceEvents(store.kernel)).filter((e) => e.name === 'commerce.order.placed@1');
  t.equal(placed.length, 1);
  t.equal(placed[0]?.payload.total, ready.total.amount);

  const again = await store.kernel.request(CHECKOUT, { token: cart.token }, store.tenant.visitor);
  t.equal(again.errors?.[0]?.extensions?.code, 'CART_COMPLETED');

  const looked = ok(await store.kernel.request<{ commerceOrder: { number: string } | null }>('query($n: String!, $e: String!) { commerceOrder(number: $n, email: $e) { number } }', { n: '1', e: 'ADA@example.test' }, store.tenant.visitor));
  t.equal(looked.commerceOrder?.number, '1');
  const wrong = ok(await store.kernel.request<{ commerceOrder: unknown }>('query($n: String!, $e: String!) { commerceOrder(number: $n, email: $e) { number } }', { n: '1', e: 'eve@example.test' }, store.tenant.visitor));
  t.equal(wrong.commerceOrder, null);
});
