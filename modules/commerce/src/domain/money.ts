import { CommerceErrors, commerceError } from '../errors';
import { currencyExponent } from './currencies';

/**
 * Money is integer minor units with an ISO 4217 currency, never a float. In
 * GraphQL the amount travels as a decimal string (`"1999"` = 19.99 EUR), so
 * it survives JSON and never overflows GraphQL's 32-bit Int; in PostgreSQL it
 * is a bigint, which pg hands back as a string as well.
 */
export interface Money {
  /** Integer minor units as a decimal string. */
  amount: string;
  currency: string;
  /** The amount in major units, exactly (`"19.99"`), for display. */
  decimal: string;
}

/** Largest amount accepted: PostgreSQL bigint's maximum. */
const MAX_AMOUNT = 9_223_372_036_854_775_807n;

/** Checks and upper-cases a currency code; CURRENCY_UNKNOWN (with `field`) for anything not in ISO 4217. */
export function parseCurrency(raw: string, field: string): string {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || currencyExponent(code) === null) {
    throw commerceError(CommerceErrors.CURRENCY_UNKNOWN, `"${raw}" is not an ISO 4217 currency code prices can be in.`, { field, fix: 'Use a three-letter code such as EUR, USD or RUB.' });
  }
  return code;
}

/**
 * Parses an amount of minor units: a non-negative integer written in digits.
 * A decimal point (`"19.99"`) is AMOUNT_FRACTIONAL — the caller meant major
 * units, and guessing the scale would be wrong for JPY or KWD.
 */
export function parseAmount(raw: string, field: string): bigint {
  const text = raw.trim();
  if (/^-?\d*[.,]\d+$/.test(text)) {
    throw commerceError(CommerceErrors.AMOUNT_FRACTIONAL, `Amount "${raw}" has a fraction; amounts are integer minor units (cents, kopecks).`, { field, fix: 'Send 1999 for 19.99 EUR, 500 for 500 JPY.' });
  }
  if (!/^\d{1,19}$/.test(text) || BigInt(text) > MAX_AMOUNT) {
    throw commerceError(CommerceErrors.AMOUNT_INVALID, `Amount "${raw}" is not a non-negative integer of minor units.`, { field, fix: `Send digits only, at most ${MAX_AMOUNT}.` });
  }
  return BigInt(text);
}

/** Money as GraphQL serves it, from minor units as PostgreSQL returns them. */
export function money(amount: string | bigint, currency: string): Money {
  const text = String(amount);
  return { amount: text, currency, decimal: toDecimal(text, currencyExponent(currency) ?? 2) };
}

function toDecimal(minor: string, exponent: number): string {
  if (exponent === 0) return minor;
  const padded = minor.padStart(exponent + 1, '0');
  return `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}
