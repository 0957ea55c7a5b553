import { CommerceErrors, commerceError } from '../../errors';
import { parseAmount, parseCurrency } from '../../domain/money';
import type { PriceInput } from './shapes';

export interface PreparedPrice {
  currency: string;
  amount: bigint;
  compareAt: bigint | null;
}

/** One price: a known currency, integer minor units, a compare-at price above the price. */
export function preparePrice(input: PriceInput, field: string): PreparedPrice {
  const currency = parseCurrency(input.currency, `${field}.currency`);
  const amount = parseAmount(input.amount, `${field}.amount`);
  const compareAt = input.compareAtAmount == null ? null : parseAmount(input.compareAtAmount, `${field}.compareAtAmount`);
  if (compareAt !== null && compareAt <= amount) {
    throw commerceError(CommerceErrors.COMPARE_AT_NOT_ABOVE_PRICE, `The compare-at price (${compareAt}) must be above the price (${amount}); it is what the product cost before.`, { field: `${field}.compareAtAmount` });
  }
  return { currency, amount, compareAt };
}

/** A variant's prices: each checked, one per currency. */
export function preparePrices(inputs: readonly PriceInput[] | null | undefined, field: string): PreparedPrice[] {
  const seen = new Set<string>();
  return (inputs ?? []).map((input, index) => {
    const price = preparePrice(input, `${field}[${index}]`);
    if (seen.has(price.currency)) throw commerceError(CommerceErrors.CURRENCY_DUPLICATE, `${price.currency} is priced twice.`, { field: `${field}[${index}].currency` });
    seen.add(price.currency);
    return price;
  });
}
