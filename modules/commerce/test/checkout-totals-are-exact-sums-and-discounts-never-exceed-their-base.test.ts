import fc from 'fast-check';
import t from 'tap';
import { allocate, computeTotals, divideHalfUp, type PricingInput } from '../src/checkout/domain/totals';

const productIds = ['p1', 'p2', 'p3'];
const line = fc.record({
  unitAmount: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  quantity: fc.integer({ min: 1, max: 1000 }),
  productId: fc.constantFrom(...productIds),
  categoryIds: fc.subarray(['c1', 'c2']),
});
const promotion = fc.record({
  id: fc.uuid(),
  code: fc.option(fc.constantFrom('A', 'B'), { nil: null }),
  kind: fc.constantFrom('percentage' as const, 'fixed' as const, 'free_shipping' as const),
  value: fc.bigInt({ min: 1n, max: 10n ** 13n }),
  productIds: fc.subarray(productIds),
  categoryIds: fc.subarray(['c1', 'c2']),
}).map((p) => (p.kind === 'percentage' ? { ...p, value: (p.value % 10_000n) + 1n } : p));
const input: fc.Arbitrary<PricingInput> = fc.record({
  lines: fc.array(line, { minLength: 0, maxLength: 8 }),
  promotions: fc.array(promotion, { maxLength: 4 }),
  shipping: fc.option(fc.record({ amount: fc.bigInt({ min: 0n, max: 10n ** 6n }), freeOver: fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n }), { nil: null }) }), { nil: null }),
  taxRateBp: fc.integer({ min: 0, max: 10_000 }),
  pricesIncludeTax: fc.boolean(),
});

const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);
const RUNS = { numRuns: 2000 };

t.test('totals equal the sum of their parts', async (t) => {
  fc.assert(
    fc.property(input, (i) => {
      const totals = computeTotals(i);
      return (
        totals.subtotal === sum(totals.lines.map((l) => l.subtotal)) &&
        totals.discount === sum(totals.lines.map((l) => l.discount)) &&
        totals.tax === sum(totals.lines.map((l) => l.tax)) + totals.shippingTax &&
        totals.total === totals.subtotal - totals.discount + totals.shipping + (i.pricesIncludeTax ? 0n : totals.tax) &&
        sum(totals.promotions.filter((p) => p.kind !== 'free_shipping').map((p) => p.amount)) === totals.discount
      );
    }),
    RUNS,
  );
  t.pass();
});

t.test('discounts never exceed what they apply to, and nothing goes negative', async (t) => {
  fc.assert(
    fc.property(input, (i) => {
      const totals = computeTotals(i);
      const linesOk = totals.lines.every((l) => l.discount >= 0n && l.discount <= l.subtotal && l.tax >= 0n);
      const includedTaxOk = !i.pricesIncludeTax || totals.lines.every((l) => l.tax <= l.subtotal - l.discount);
      return linesOk && includedTaxOk && totals.discount <= totals.subtotal && totals.total >= 0n && totals.shipping >= 0n;
    }),
    RUNS,
  );
  t.pass();
});

t.test('every amount is a whole number of minor units (bigint), and one percentage is floor(base × bp / 10000)', async (t) => {
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 10_000 }), (lines, bp) => {
      const totals = computeTotals({ lines, promotions: [{ id: 'x', code: null, kind: 'percentage', value: BigInt(bp), productIds: [], categoryIds: [] }], shipping: null, taxRateBp: 0, pricesIncludeTax: false });
      const amounts = [totals.subtotal, totals.discount, totals.tax, totals.total, ...totals.lines.flatMap((l) => [l.subtotal, l.discount, l.tax])];
      return amounts.every((a) => typeof a === 'bigint') && totals.discount === (totals.subtotal * BigInt(bp)) / 10_000n;
    }),
    RUNS,
  );
  t.pass();
});

t.test('allocation splits exactly and in proportion (within one unit)', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 10 }), fc.bigInt({ min: 0n, max: 10n ** 10n }), (bases, wanted) => {
      const total = sum(bases);
      const amount = wanted > total ? total : wanted;
      const shares = allocate(amount, bases);
      return sum(shares) === amount && shares.every((s, k) => s >= 0n && s <= (bases[k] as bigint) && (total === 0n || (s * total - amount * (bases[k] as bigint) < total && amount * (bases[k] as bigint) - s * total < total)));
    }),
    RUNS,
  );
  t.pass();
});

t.test('the written-down rounding rules, by example', async (t) => {
  t.equal(divideHalfUp(5n, 10n), 1n, 'half rounds up');
  t.equal(divideHalfUp(4n, 10n), 0n);
  const excl = computeTotals({ lines: [{ unitAmount: 333n, quantity: 1, productId: 'p1', categoryIds: [] }], promotions: [], shipping: { amount: 500n, freeOver: null }, taxRateBp: 1900, pricesIncludeTax: false });
  t.same([excl.lines[0]?.tax, excl.shippingTax, excl.total], [63n, 95n, 333n + 500n + 63n + 95n], '333 × 19 % = 63.27 → 63; 500 × 19 % = 95');
  const incl = computeTotals({ lines: [{ unitAmount: 1190n, quantity: 1, productId: 'p1', categoryIds: [] }], promotions: [], shipping: null, taxRateBp: 1900, pricesIncludeTax: true });
  t.same([incl.tax, incl.total], [190n, 1190n], 'included tax is the part of the gross that is tax');
  const split = computeTotals({
    lines: [1n, 1n, 1n].map((unitAmount) => ({ unitAmount, quantity: 1, productId: 'p1', categoryIds: [] })),
    promotions: [{ id: 'x', code: 'TWO', kind: 'fixed', value: 2n, productIds: [], categoryIds: [] }],
    shipping: null,
    taxRateBp: 0,
    pricesIncludeTax: false,
  });
  t.same(split.lines.map((l) => l.discount), [1n, 1n, 0n], 'left-over units go to the earliest lines on ties');
  const free = computeTotals({ lines: [{ unitAmount: 10_000n, quantity: 1, productId: 'p1', categoryIds: [] }], promotions: [], shipping: { amount: 500n, freeOver: 10_000n }, taxRateBp: 0, pricesIncludeTax: false });
  t.equal(free.shipping, 0n, 'free over: reaching the amount is enough');
});
