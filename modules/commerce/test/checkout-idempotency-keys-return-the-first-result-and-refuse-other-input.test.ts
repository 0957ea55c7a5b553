import t from 'tap';
import { ok } from './helpers/boot-commerce';
import { ADD_TO_CART, addToCart, bootStore, CHECKOUT, count, createCart, readyForCheckout, stockOf } from './helpers/checkout-store';

const key = (name: string) => `${name}-0123456789abcdef`;

t.test('idempotency keys', async (t) => {
  // The default time to live (24 h): a short one raced the concurrent subtests on a busy host (a key expiring
  // while 50 requests still queued behind it was taken over). Expiry is tested by moving a key's expiry back.
  const store = await bootStore(t);
  const variant = store.variants[0] as string;

  t.test('createCart: the same key and input return the same cart; other input is IDEMPOTENCY_KEY_REUSED', async (t) => {
    const first = await createCart(store, store.tenant.visitor, key('create'));
    const second = await createCart(store, store.tenant.visitor, key('create'));
    t.equal(second.id, first.id);
    t.equal(second.token, first.token);
    const other = await store.kernel.request('mutation($i: CommerceCreateCartInput!, $k: String) { commerceCreateCart(input: $i, idempotencyKey: $k) { id } }', { i: { regionId: store.regionId, email: 'x@example.test' }, k: key('create') }, store.tenant.visitor);
    t.same([other.errors?.[0]?.extensions?.code, other.errors?.[0]?.extensions?.field], ['IDEMPOTENCY_KEY_REUSED', 'idempotencyKey']);
    const bad = await store.kernel.request('mutation($i: CommerceCreateCartInput!, $k: String) { commerceCreateCart(input: $i, idempotencyKey: $k) { id } }', { i: { regionId: store.regionId }, k: 'short' }, store.tenant.visitor);
    t.equal(bad.errors?.[0]?.extensions?.code, 'IDEMPOTENCY_KEY_INVALID');
  });

  t.test('addToCart: 20 concurrent retries with one key add one line', async (t) => {
    const cart = await createCart(store);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.kernel.request<{ commerceAddToCart: { lines: unknown[] } }>(ADD_TO_CART, { token: cart.token, input: { variantId: variant, quantity: 1 }, key: key('add') }, store.tenant.visitor)));
    t.ok(results.every((r) => r.data?.commerceAddToCart.lines.length === 1), JSON.stringify(results.find((r) => r.errors)?.errors));
    t.equal(await count(store, 'cart_lines', 'cart_id = (SELECT id FROM commerce.carts WHERE token = $1)', [cart.token]), 1);
    const other = await store.kernel.request(ADD_TO_CART, { token: cart.token, input: { variantId: variant, quantity: 2 }, key: key('add') }, store.tenant.visitor);
    t.equal(other.errors?.[0]?.extensions?.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  t.test('checkout: 50 concurrent requests with one key make one order and all answer it', async (t) => {
    const cart = await createCart(store);
    await addToCart(store, cart.token, variant, 1);
    await readyForCheckout(store, cart.token);
    const before = await stockOf(store, variant);
    const results = await Promise.all(Array.from({ length: 50 }, () => store.kernel.request<{ commerceCheckout: { id: string; number: string } }>(CHECKOUT, { token: cart.token, key: key('checkout') }, store.tenant.visitor)));
    const ids = new Set(results.map((r) => r.data?.commerceCheckout.id ?? JSON.stringify(r.errors)));
    t.equal(ids.size, 1, [...ids].join(' | '));
    t.equal(await count(store, 'orders', 'cart_id = (SELECT id FROM commerce.carts WHERE token = $1)', [cart.token]), 1);
    t.equal((await stockOf(store, variant)).reserved, before.reserved + 1);
    const events = await store.kernel.sql<{ n: string }>("SELECT count(*) AS n FROM rustok.outbox WHERE name = 'commerce.order.placed' AND payload->>'orderId' = $1", [[...ids][0] !== undefined ? (await store.kernel.sql<{ id: string }>('SELECT id FROM commerce.orders WHERE cart_id = (SELECT id FROM commerce.carts WHERE token = $1)', [cart.token]))[0]?.id : '']);
    t.equal(events[0]?.n, '1', 'one order.placed event');

    const otherCart = await createCart(store);
    const reused = await store.kernel.request(CHECKOUT, { token: otherCart.token, key: key('checkout') }, store.tenant.visitor);
    t.equal(reused.errors?.[0]?.extensions?.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  t.test('a refused request leaves no key behind; an expired key starts afresh', async (t) => {
    const cart = await createCart(store);
    const empty = await store.kernel.request(CHECKOUT, { token: cart.token, key: key('retry') }, store.tenant.visitor);
    t.equal(empty.errors?.[0]?.extensions?.code, 'EMAIL_REQUIRED');
    await addToCart(store, cart.token, variant, 1);
    await readyForCheckout(store, cart.token);
    const placed = ok(await store.kernel.request<{ commerceCheckout: { id: string } }>(CHECKOUT, { token: cart.token, key: key('retry') }, store.tenant.visitor));
    t.ok(placed.commerceCheckout.id);

    const first = await createCart(store, store.tenant.visitor, key('expires'));
    t.equal((await createCart(store, store.tenant.visitor, key('expires'))).id, first.id, 'a live key answers the first cart');
    await store.kernel.sql("UPDATE commerce.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1", [key('expires')]);
    const later = await createCart(store, store.tenant.visitor, key('expires'));
    t.not(later.id, first.id, 'after expiry the key starts afresh');
  });
});
