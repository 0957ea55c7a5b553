import t from 'tap';
import { localId, ok } from './helpers/boot-commerce';
import { addToCart, bootStore, CHECKOUT, count, createCart, readyForCheckout, seedCarts, type Store } from './helpers/checkout-store';

async function promotion(store: Store, input: Record<string, unknown>): Promise<string> {
  return ok(await store.kernel.request<{ commerceCreatePromotion: { id: string } }>('mutation($i: CommercePromotionInput!) { commerceCreatePromotion(input: $i) { id } }', { i: input }, store.tenant.owner)).commerceCreatePromotion.id;
}

t.test('promotions', async (t) => {
  const store = await bootStore(t);
  const variant = store.variants[0] as string;
  await store.kernel.sql('UPDATE commerce.stock_levels SET on_hand = 100000 WHERE variant_id = $1', [localId(variant)]);

  t.test('a total usage limit of 7 holds under 100 concurrent checkouts', async (t) => {
    await promotion(store, { code: 'SEVEN', kind: 'PERCENTAGE', value: '1000', usageLimit: 7 });
    const tokens = await seedCarts(store, 100, [{ variantId: localId(variant), quantity: 1, unitAmount: 1999 }]);
    await store.kernel.sql("UPDATE commerce.carts SET promotion_codes = '{SEVEN}' WHERE token = ANY($1::text[])", [tokens]);
    const results = await Promise.all(tokens.map((token) => store.kernel.request<{ commerceCheckout: { discount: { amount: string } } }>('mutation($token: String!) { commerceCheckout(cartToken: $token) { discount { amount } } }', { token }, store.tenant.visitor)));
    const placed = results.filter((r) => r.data?.commerceCheckout != null);
    t.equal(placed.length, 7);
    t.ok(placed.every((r) => r.data?.commerceCheckout.discount.amount === '199'), '10 % of 1999, rounded down');
    t.ok(results.filter((r) => r.errors).every((r) => r.errors?.[0]?.extensions?.code === 'PROMOTION_EXHAUSTED' && r.errors?.[0]?.extensions?.field === 'promotionCodes'));
    const [row] = await store.kernel.sql<{ used_count: number }>("SELECT used_count FROM commerce.promotions WHERE code = 'SEVEN'");
    t.equal(row?.used_count, 7);
    t.equal(await count(store, 'orders', "promotions @> '[{\"code\":\"SEVEN\"}]'"), 7);
  });

  t.test('a per-customer limit of 1 holds under 50 concurrent checkouts by one e-mail', async (t) => {
    await promotion(store, { code: 'ONCE', kind: 'FIXED', value: '500', currency: 'EUR', perCustomerLimit: 1 });
    const tokens = await seedCarts(store, 50, [{ variantId: localId(variant), quantity: 1, unitAmount: 1999 }], 'same@example.test');
    await store.kernel.sql("UPDATE commerce.carts SET promotion_codes = '{ONCE}' WHERE token = ANY($1::text[])", [tokens]);
    const results = await Promise.all(tokens.map((token) => store.kernel.request(CHECKOUT, { token }, store.tenant.visitor)));
    t.equal(results.filter((r) => r.errors === undefined).length, 1);
    t.ok(results.filter((r) => r.errors).every((r) => r.errors?.[0]?.extensions?.code === 'PROMOTION_CUSTOMER_LIMIT_REACHED'));
  });

  t.test('expired, not started and exhausted codes are refused with their code on field "code"; free shipping and targeted discounts apply', async (t) => {
    await promotion(store, { code: 'OLD', kind: 'PERCENTAGE', value: '500', startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' });
    await promotion(store, { code: 'SOON', kind: 'PERCENTAGE', value: '500', startsAt: '2999-01-01T00:00:00Z' });
    await promotion(store, { code: 'SHIPFREE', kind: 'FREE_SHIPPING' });
    await promotion(store, { code: 'TSHIRT', kind: 'FIXED', value: '300', currency: 'EUR', productIds: [store.productId] });
    const cart = await createCart(store);
    await addToCart(store, cart.token, variant, 1);
    await readyForCheckout(store, cart.token);
    const apply = (code: string) => store.kernel.request<{ commerceApplyPromotion: { shipping: { amount: string }; discount: { amount: string }; total: { amount: string } } }>('mutation($t: String!, $c: String!) { commerceApplyPromotion(cartToken: $t, code: $c) { shipping { amount } discount { amount } total { amount } } }', { t: cart.token, c: code }, store.tenant.visitor);
    for (const [code, expected] of [['old', 'PROMOTION_EXPIRED'], ['SOON', 'PROMOTION_NOT_STARTED'], ['SEVEN', 'PROMOTION_EXHAUSTED'], ['NOPE', 'PROMOTION_NOT_FOUND']] as const) {
      const refused = await apply(code);
      t.same([refused.errors?.[0]?.extensions?.code, refused.errors?.[0]?.extensions?.field], [expected, 'code'], code);
    }
    const shipFree = ok(await apply('shipfree')).commerceApplyPromotion;
    t.equal(shipFree.shipping.amount, '0');
    const both = ok(await apply('TSHIRT')).commerceApplyPromotion;
    t.equal(both.discount.amount, '300');
    // 1999 − 300 = 1699; tax 20 % = 339.8 → 340; shipping free.
    t.equal(both.total.amount, String(1699 + 340));
  });
});
