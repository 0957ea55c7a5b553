/**
 * The pricing maths of carts and orders, in integer minor units (bigint) and
 * nothing else. The rules, each tested by property (see
 * test/checkout-totals-are-exact-sums-and-discounts-never-exceed-their-base.test.ts):
 *
 * 1. A line's subtotal is unit amount × quantity; the cart's subtotal is the sum of the lines'.
 * 2. Promotions apply one after another, in the order given, each to what the
 *    previous ones left of the lines it targets (all lines, or those of its
 *    products or categories). A percentage takes floor(base × bp / 10 000) —
 *    fractions of a minor unit go to the customer's disadvantage by less than
 *    one unit, never to a negative price; a fixed amount takes at most the base.
 * 3. A discount is allocated to its lines in proportion to what each has
 *    left, rounded down, and the units left over go one each to the lines
 *    with the largest remainders (ties: earlier line). So the lines'
 *    discounts add up to the discount exactly, and no line is discounted
 *    below zero.
 * 4. Shipping is the chosen option's amount, or 0 when a free-shipping
 *    promotion applies or the discounted subtotal reaches the option's
 *    free-over amount.
 * 5. Tax is computed per line (after its discount) and on shipping, each
 *    rounded half up to a whole minor unit, then summed. With prices excluding
 *    tax it is added to the total; with prices including tax it is the part of
 *    each amount that is tax, gross − round(gross × 10 000 / (10 000 + rate)),
 *    and the total does not change.
 * 6. total = subtotal − discount + shipping + (tax when prices exclude it).
 */

export type PromotionKind = 'percentage' | 'fixed' | 'free_shipping';

export interface PricingLine {
  unitAmount: bigint;
  quantity: number;
  productId: string;
  categoryIds: readonly string[];
}

export interface PricingPromotion {
  id: string;
  code: string | null;
  kind: PromotionKind;
  /** Basis points for percentage, minor units for fixed; ignored for free shipping. */
  value: bigint;
  productIds: readonly string[];
  categoryIds: readonly string[];
}

export interface PricingInput {
  lines: readonly PricingLine[];
  promotions: readonly PricingPromotion[];
  shipping: { amount: bigint; freeOver: bigint | null } | null;
  /** Basis points: 2000 = 20 %. */
  taxRateBp: number;
  pricesIncludeTax: boolean;
}

export interface LineTotals {
  subtotal: bigint;
  discount: bigint;
  tax: bigint;
}

export interface AppliedPromotion {
  id: string;
  code: string | null;
  kind: PromotionKind;
  /** What it took off the lines, or the shipping it waived. */
  amount: bigint;
}

export interface Totals {
  lines: LineTotals[];
  subtotal: bigint;
  discount: bigint;
  shipping: bigint;
  shippingTax: bigint;
  tax: bigint;
  total: bigint;
  promotions: AppliedPromotion[];
}

const BP = 10_000n;

/** n / d rounded half up, for n ≥ 0 and d > 0. */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

function targets(promotion: PricingPromotion, line: PricingLine): boolean {
  if (promotion.productIds.length === 0 && promotion.categoryIds.length === 0) return true;
  return promotion.productIds.includes(line.productId) || line.categoryIds.some((id) => promotion.categoryIds.includes(id));
}

/** Splits `amount` over `bases` proportionally (rule 3); requires amount ≤ Σ bases. */
export function allocate(amount: bigint, bases: readonly bigint[]): bigint[] {
  const total = bases.reduce((sum, base) => sum + base, 0n);
  if (total === 0n || amount === 0n) return bases.map(() => 0n);
  const shares = bases.map((base) => (amount * base) / total);
  const remainders = bases.map((base, index) => ({ index, remainder: (amount * base) % total }));
  let leftover = amount - shares.reduce((sum, share) => sum + share, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] as bigint) + 1n;
    leftover -= 1n;
  }
  return shares;
}

function taxOf(amount: bigint, rateBp: bigint, included: boolean): bigint {
  if (rateBp === 0n || amount === 0n) return 0n;
  return included ? amount - divideHalfUp(amount * BP, BP + rateBp) : divideHalfUp(amount * rateBp, BP);
}

export function computeTotals(input: PricingInput): Totals {
  const lines = input.lines.map((line) => ({ subtotal: line.unitAmount * BigInt(line.quantity), discount: 0n, tax: 0n }));
  const subtotal = lines.reduce((sum, line) => sum + line.subtotal, 0n);
  const applied: AppliedPromotion[] = [];
  let freeShipping = false;
  for (const promotion of input.promotions) {
    if (promotion.kind === 'free_shipping') {
      freeShipping = true;
      continue;
    }
    const eligible = input.lines.map((line, index) => (targets(promotion, line) ? index : -1)).filter((index) => index >= 0);
    const bases = eligible.map((index) => (lines[index] as LineTotals).subtotal - (lines[index] as LineTotals).discount);
    const base = bases.reduce((sum, value) => sum + value, 0n);
    const wanted = promotion.kind === 'percentage' ? (base * promotion.value) / BP : promotion.value;
    const amount = wanted < base ? wanted : base;
    allocate(amount, bases).forEach((share, position) => {
      const line = lines[eligible[position] as number] as LineTotals;
      line.discount += share;
    });
    applied.push({ id: promotion.id, code: promotion.code, kind: promotion.kind, amount });
  }
  const discount = lines.reduce((sum, line) => sum + line.discount, 0n);
  const rate = BigInt(input.taxRateBp);
  let shipping = 0n;
  if (input.shipping !== null) {
    const reachesFreeOver = input.shipping.freeOver !== null && subtotal - discount >= input.shipping.freeOver;
    shipping = freeShipping || reachesFreeOver ? 0n : input.shipping.amount;
    for (const promotion of input.promotions) {
      if (promotion.kind === 'free_shipping') applied.push({ id: promotion.id, code: promotion.code, kind: promotion.kind, amount: freeShipping && !reachesFreeOver ? input.shipping.amount : 0n });
    }
  }
  for (const line of lines) line.tax = taxOf(line.subtotal - line.discount, rate, input.pricesIncludeTax);
  const shippingTax = taxOf(shipping, rate, input.pricesIncludeTax);
  const tax = lines.reduce((sum, line) => sum + line.tax, 0n) + shippingTax;
  const total = subtotal - discount + shipping + (input.pricesIncludeTax ? 0n : tax);
  return { lines, subtotal, discount, shipping, shippingTax, tax, total, promotions: applied };
}
