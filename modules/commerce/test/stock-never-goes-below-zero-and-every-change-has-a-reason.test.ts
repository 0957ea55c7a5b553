import t from 'tap';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createProduct, tShirtInput } from './helpers/catalog';

const ADJUST = 'mutation($v: ID!, $d: Int!, $r: CommerceStockReason!, $n: String) { commerceAdjustStock(variantId: $v, delta: $d, reason: $r, note: $n) { onHand reserved available } }';
const SET = 'mutation($v: ID!, $n: Int!) { commerceSetStock(variantId: $v, onHand: $n) { onHand available } }';

t.test('stock adjustments keep available ≥ 0, record their reason, and hold under concurrency', async (t) => {
  const kernel = await bootCommerce(t);
  const shop = await kernel.createTenant('shop');
  const product = await createProduct(kernel, shop, tShirtInput());
  const variantId = product.variants[0]?.id as string;
  const adjust = (delta: number, reason = 'CORRECTION', note: string | null = null) => kernel.request<{ commerceAdjustStock: { onHand: number; reserved: number; available: number } }>(ADJUST, { v: variantId, d: delta, r: reason, n: note }, shop.owner);

  t.same(ok(await adjust(5, 'RECEIVED', 'delivery 42')).commerceAdjustStock, { onHand: 15, reserved: 0, available: 15 }, '10 + 5 received');
  t.same(ok(await adjust(-3, 'DAMAGED')).commerceAdjustStock, { onHand: 12, reserved: 0, available: 12 }, '3 damaged');
  t.same(failures(await adjust(-13)), [['STOCK_INSUFFICIENT', 'delta']], 'removing more than is available is refused');
  t.same(failures(await adjust(0)), [['QUANTITY_INVALID', 'delta']], 'a zero delta is refused');
  t.same(failures(await adjust(1, 'SOLD')), [['STOCK_REASON_INVALID', 'reason']], 'checkout-only reasons are refused to admins');
  t.same(ok(await kernel.request(SET, { v: variantId, n: 7 }, shop.owner)), { commerceSetStock: { onHand: 7, available: 7 } }, 'a recount sets on hand');
  t.same(failures(await kernel.request(SET, { v: variantId, n: -1 }, shop.owner)), [['QUANTITY_INVALID', 'onHand']], 'a negative recount is refused');

  const ledger = ok(await kernel.request<{ commerceStockAdjustments: { edges: Array<{ node: { deltaOnHand: number; onHandAfter: number; reason: string; note: string | null; actorId: string | null } }> } }>(
    'query($v: ID!) { commerceStockAdjustments(variantId: $v, first: 10) { edges { node { deltaOnHand onHandAfter reason note actorId } } } }',
    { v: variantId },
    shop.owner,
  )).commerceStockAdjustments.edges.map((e) => e.node);
  t.same(
    ledger.map((a) => [a.reason, a.deltaOnHand, a.onHandAfter, a.note]),
    [['RECOUNT', -5, 7, null], ['DAMAGED', -3, 12, null], ['RECEIVED', 5, 15, 'delivery 42'], ['RECEIVED', 10, 10, 'initial stock']],
    'every change is in the ledger, newest first, with its reason; refused ones are not',
  );
  t.ok(ledger.slice(0, 3).every((a) => a.actorId !== null), 'and who made it');

  await t.test('the database itself refuses reserved > on hand, whoever writes', async (t) => {
    const attempt = kernel.sql('UPDATE commerce.stock_levels SET reserved = on_hand + 1 WHERE variant_id = (SELECT id FROM commerce.variants WHERE sku = $1)', ['TS-S']);
    await t.rejects(attempt, /stock_levels_available_non_negative/, 'a direct UPDATE (as the owner, past every service) breaks the CHECK constraint');
  });

  await t.test('20 concurrent removals of 1 unit from stock 7: exactly 7 succeed, none below zero', async (t) => {
    const results = await Promise.all(Array.from({ length: 20 }, () => adjust(-1, 'LOST')));
    const succeeded = results.filter((r) => r.errors === undefined).length;
    const refused = results.flatMap((r) => failures(r).map(([code]) => code));
    t.equal(succeeded, 7, 'seven removals went through');
    t.same([...new Set(refused)], ['STOCK_INSUFFICIENT'], 'the rest were refused as insufficient');
    const [level] = await kernel.sql<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM commerce.stock_levels WHERE variant_id = (SELECT id FROM commerce.variants WHERE sku = $1)', ['TS-S']);
    t.same(level, { on_hand: 0, reserved: 0 }, 'on hand is exactly zero');
    const lost = await kernel.sql<{ n: string }>("SELECT count(*) AS n FROM commerce.stock_adjustments WHERE reason = 'lost'");
    t.equal(Number(lost[0]?.n), 7, 'one ledger row per removal that happened');
  });
});
