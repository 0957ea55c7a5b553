import t from 'tap';
import { ok } from './helpers/boot-commerce';
import { commerceEvents } from './helpers/catalog';
import { addToCart, bootStore, CHECKOUT, createCart, ORDER_FIELDS, readyForCheckout, stockOf, WEBHOOK_SECRET, type Store } from './helpers/checkout-store';
import { signManualWebhook } from '../src/checkout/domain/payments';

interface Order {
  id: string;
  number: string;
  status: string;
  history: Array<{ from: string | null; to: string; actorKind: string; actorId: string | null; reason: string | null; at: string }>;
  payments: Array<{ id: string; status: string; reference: string | null }>;
}

async function placeOrder(store: Store, quantity = 1): Promise<{ order: Order; token: string }> {
  const cart = await createCart(store);
  await addToCart(store, cart.token, store.variants[2] as string, quantity);
  await readyForCheckout(store, cart.token);
  return { order: ok(await store.kernel.request<{ commerceCheckout: Order }>(CHECKOUT, { token: cart.token }, store.tenant.visitor)).commerceCheckout, token: cart.token };
}

const move = (store: Store, field: string, id: string, reason?: string, headers = store.tenant.owner) =>
  store.kernel.request<Record<string, Order>>(`mutation($id: ID!, $r: String) { ${field}(id: $id, reason: $r) { ${ORDER_FIELDS} } }`, { id, r: reason }, headers);

t.test('order state machine, payments and webhooks', async (t) => {
  const store = await bootStore(t);
  const variant = store.variants[2] as string;

  t.test('pending → confirmed → paid → fulfilled → completed, each with history and an event; fulfilment takes the stock', async (t) => {
    const { order } = await placeOrder(store, 2);
    t.same(await stockOf(store, variant), { onHand: 10, reserved: 2 });
    ok(await move(store, 'commerceConfirmOrder', order.id, 'phoned the customer'));
    const paid = ok(await move(store, 'commerceMarkOrderPaid', order.id, 'bank transfer arrived')).commerceMarkOrderPaid as Order;
    t.equal(paid.status, 'PAID');
    const illegal = await move(store, 'commerceCancelOrder', order.id);
    t.same([illegal.errors?.[0]?.extensions?.code, illegal.errors?.[0]?.extensions?.field], ['ORDER_TRANSITION_INVALID', 'status'], 'a paid order cannot be cancelled (refund it)');
    ok(await move(store, 'commerceFulfilOrder', order.id));
    t.same(await stockOf(store, variant), { onHand: 8, reserved: 0 });
    const done = ok(await move(store, 'commerceCompleteOrder', order.id)).commerceCompleteOrder as Order;
    t.same(done.history.map((h) => [h.from, h.to]), [[null, 'PENDING'], ['PENDING', 'CONFIRMED'], ['CONFIRMED', 'PAID'], ['PAID', 'FULFILLED'], ['FULFILLED', 'COMPLETED']]);
    t.equal(done.history[1]?.reason, 'phoned the customer');
    t.equal(done.history[1]?.actorKind, 'user');
    t.ok(done.history[1]?.actorId);
    const names = (await commerceEvents(store.kernel)).map((e) => e.name).filter((n) => n.startsWith('commerce.order.'));
    t.same(names, ['commerce.order.placed@1', 'commerce.order.confirmed@1', 'commerce.order.paid@1', 'commerce.order.fulfilled@1', 'commerce.order.completed@1']);
    const again = await move(store, 'commerceCompleteOrder', order.id);
    t.equal(again.errors?.[0]?.extensions?.code, 'ORDER_TRANSITION_INVALID');
  });

  t.test('cancelling releases the reservation; a customer without permission is refused', async (t) => {
    const before = await stockOf(store, variant);
    const { order } = await placeOrder(store, 3);
    const customer = await store.kernel.userWithRoles(store.tenant, 'cust@example.test', ['customer']);
    const denied = await move(store, 'commerceCancelOrder', order.id, undefined, customer);
    t.equal(denied.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    ok(await move(store, 'commerceCancelOrder', order.id, 'customer changed their mind'));
    t.same(await stockOf(store, variant), before);
  });

  t.test('manual payment + signed webhooks: verified, deduplicated, safe out of order', async (t) => {
    const { order, token } = await placeOrder(store);
    const payment = ok(await store.kernel.request<{ commerceAddPayment: { id: string; status: string; reference: string } }>('mutation($t: String!, $k: String) { commerceAddPayment(cartToken: $t, provider: "manual", idempotencyKey: $k) { id status reference } }', { t: token, k: 'pay-0123456789abcdef' }, store.tenant.visitor)).commerceAddPayment;
    t.equal(payment.status, 'PENDING');
    t.match(payment.reference, /^manual-/);
    const replay = ok(await store.kernel.request<{ commerceAddPayment: { id: string } }>('mutation($t: String!, $k: String) { commerceAddPayment(cartToken: $t, provider: "manual", idempotencyKey: $k) { id } }', { t: token, k: 'pay-0123456789abcdef' }, store.tenant.visitor)).commerceAddPayment;
    t.equal(replay.id, payment.id);

    const hook = (body: Record<string, unknown>, signature?: string) => {
      const text = JSON.stringify(body);
      return store.kernel.request<{ commerceHandlePaymentWebhook: { outcome: string; payment: { status: string } } }>('mutation($b: String!, $s: String!) { commerceHandlePaymentWebhook(provider: "manual", body: $b, signature: $s) { outcome payment { status } } }', { b: text, s: signature ?? signManualWebhook(WEBHOOK_SECRET, text) }, store.tenant.visitor);
    };
    const forged = await hook({ id: 'evt-1', reference: payment.reference, status: 'captured' }, 'deadbeef');
    t.same([forged.errors?.[0]?.extensions?.code, forged.errors?.[0]?.extensions?.field], ['WEBHOOK_SIGNATURE_INVALID', 'signature']);
    // Out of order: "captured" arrives before "authorized".
    t.equal(ok(await hook({ id: 'evt-2', reference: payment.reference, status: 'captured' })).commerceHandlePaymentWebhook.outcome, 'APPLIED');
    t.equal(ok(await hook({ id: 'evt-2', reference: payment.reference, status: 'captured' })).commerceHandlePaymentWebhook.outcome, 'DUPLICATE');
    const late = ok(await hook({ id: 'evt-1', reference: payment.reference, status: 'authorized' })).commerceHandlePaymentWebhook;
    t.same([late.outcome, late.payment.status], ['STALE', 'CAPTURED']);
    const after = ok(await store.kernel.request<{ commerceAdminOrder: Order }>(`query($id: ID!) { commerceAdminOrder(id: $id) { ${ORDER_FIELDS} } }`, { id: order.id }, store.tenant.owner)).commerceAdminOrder;
    t.equal(after.status, 'PAID');
    t.same(after.history.map((h) => [h.to, h.actorKind]), [['PENDING', 'guest'], ['CONFIRMED', 'system'], ['PAID', 'system']]);
    const dup = await Promise.all(Array.from({ length: 10 }, () => hook({ id: 'evt-3', reference: payment.reference, status: 'refunded' })));
    t.same(dup.map((r) => r.data?.commerceHandlePaymentWebhook.outcome).sort(), ['APPLIED', ...Array(9).fill('DUPLICATE')]);
    const refunded = ok(await store.kernel.request<{ commerceAdminOrder: Order }>(`query($id: ID!) { commerceAdminOrder(id: $id) { ${ORDER_FIELDS} } }`, { id: order.id }, store.tenant.owner)).commerceAdminOrder;
    t.equal(refunded.status, 'REFUNDED');
    const unknown = await store.kernel.request('mutation { commerceAddPayment(cartToken: "x", provider: "stripe") { id } }', {}, store.tenant.visitor);
    t.same([unknown.errors?.[0]?.extensions?.code, unknown.errors?.[0]?.extensions?.field], ['PAYMENT_PROVIDER_UNKNOWN', 'provider']);
  });

  t.test('a signed-in customer sees their orders; admins filter orders', async (t) => {
    const customer = await store.kernel.userWithRoles(store.tenant, 'buyer@example.test', ['customer']);
    const cart = await createCart(store, customer);
    await addToCart(store, cart.token, variant, 1, customer);
    await readyForCheckout(store, cart.token, 'buyer@example.test', customer);
    ok(await store.kernel.request(CHECKOUT, { token: cart.token }, customer));
    const mine = ok(await store.kernel.request<{ commerceMyOrders: { edges: Array<{ node: { email: string } }> } }>('{ commerceMyOrders { edges { node { email } } } }', {}, customer)).commerceMyOrders;
    t.same(mine.edges.map((e) => e.node.email), ['buyer@example.test']);
    const cancelled = ok(await store.kernel.request<{ commerceAdminOrders: { edges: unknown[] } }>('{ commerceAdminOrders(filter: { status: CANCELLED }) { edges { node { number } } } }', {}, store.tenant.owner)).commerceAdminOrders;
    t.equal(cancelled.edges.length, 1);
  });
});
