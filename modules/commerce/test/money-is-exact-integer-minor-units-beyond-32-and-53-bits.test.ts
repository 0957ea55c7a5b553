import fc from 'fast-check';
import t from 'tap';
import { money, parseAmount, parseCurrency } from '../src/domain/money';
import { bootCommerce, failures, ok } from './helpers/boot-commerce';
import { createProduct, tShirtInput } from './helpers/catalog';

t.test('amounts are decimal strings of minor units: parsed exactly, shown with the currency exponent', async (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 9_223_372_036_854_775_807n }), (amount) => parseAmount(String(amount), 'amount') === amount && money(amount, 'EUR').amount === String(amount)),
  );
  t.same([money('1999', 'EUR').decimal, money('5', 'EUR').decimal, money('500', 'JPY').decimal, money('1234', 'KWD').decimal, money('7', 'CLF').decimal], ['19.99', '0.05', '500', '1.234', '0.0007'], 'decimal uses the ISO 4217 exponent');
  t.equal(parseCurrency(' eur ', 'c'), 'EUR', 'currency codes are normalized');
  for (const bad of ['1.5', '1,50', '.5']) t.throws(() => parseAmount(bad, 'amount'), { code: 'AMOUNT_FRACTIONAL', extensions: { field: 'amount' } }, `${bad} is a fraction`);
  for (const bad of ['', '-1', '1e3', '0x10', ' 1 2', '9223372036854775808']) t.throws(() => parseAmount(bad, 'amount'), { code: 'AMOUNT_INVALID' }, `"${bad}" is refused`);
});

t.test('prices beyond 32-bit (and JavaScript-safe) integers survive the whole round trip, and bulk updates are all or nothing', async (t) => {
  const kernel = await bootCommerce(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const shop = await kernel.createTenant('shop');
  const big = '9007199254740993'; // 2^53 + 1: a JavaScript number would print 9007199254740992
  const created = await createProduct(kernel, shop, tShirtInput({ options: [], variants: [{ sku: 'YACHT', prices: [{ currency: 'USD', amount: big }, { currency: 'JPY', amount: '3000000000' }] }] }));
  const variant = created.variants[0];
  t.same(variant?.prices.map((p) => [p.currency, p.price.amount, p.price.decimal]), [['JPY', '3000000000', '3000000000'], ['USD', big, '90071992547409.93']], 'read back digit for digit');
  const [stored] = await kernel.sql<{ amount: string }>("SELECT amount::text FROM commerce.variant_prices WHERE currency = 'USD'");
  t.equal(stored?.amount, big, 'stored as bigint');
  t.same(created.priceRanges.find((r) => r.currency === 'USD')?.min, { amount: big }, 'price ranges too');

  const bulk = 'mutation($p: [CommerceVariantPriceUpdate!]!) { commerceBulkUpdatePrices(prices: $p) { changed variants { sku prices { currency price { amount } } } } }';
  const second = await createProduct(kernel, shop, tShirtInput({}, 'BULK'));
  const ids = second.variants.map((v) => v.id);
  const result = ok(await kernel.request<{ commerceBulkUpdatePrices: { changed: number; variants: Array<{ sku: string }> } }>(
    bulk,
    { p: [...ids.map((id) => ({ variantId: id, currency: 'EUR', amount: '1500' })), { variantId: ids[0], currency: 'USD', amount: '2199' }] },
    shop.owner,
  )).commerceBulkUpdatePrices;
  t.same([result.changed, result.variants.map((v) => v.sku)], [3, ['BULK-S', 'BULK-M', 'BULK-L']], 'three EUR prices changed; the unchanged USD price counts for nothing');
  const before = await kernel.sql("SELECT variant_id, currency, amount::text FROM commerce.variant_prices ORDER BY variant_id, currency");
  const refused = await kernel.request(bulk, { p: [{ variantId: ids[0], currency: 'EUR', amount: '1' }, { variantId: ids[1], currency: 'EUR', amount: '2.50' }] }, shop.owner);
  t.same(failures(refused), [['AMOUNT_FRACTIONAL', 'prices[1].amount']], 'one bad entry names itself');
  t.same(await kernel.sql("SELECT variant_id, currency, amount::text FROM commerce.variant_prices ORDER BY variant_id, currency"), before, 'and nothing of the batch was written');
  t.same(failures(await kernel.request(bulk, { p: Array.from({ length: 1001 }, () => ({ variantId: ids[0], currency: 'EUR', amount: '1' })) }, shop.owner)), [['BULK_TOO_LARGE', 'prices']], 'at most 1000 per call');
});
