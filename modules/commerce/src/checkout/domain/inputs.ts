import { CheckoutErrors, checkoutError } from '../errors';

/** A postal address as stored in carts and snapshotted into orders. */
export interface Address {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  phone: string | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export function parseEmail(raw: string, field: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 320) throw checkoutError(CheckoutErrors.EMAIL_INVALID, `"${raw}" is not an e-mail address.`, { field });
  return email;
}

export function parseCountry(raw: string, field: string): string {
  const country = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw checkoutError(CheckoutErrors.COUNTRY_INVALID, `"${raw}" is not an ISO 3166-1 alpha-2 country code.`, { field, fix: 'Send two letters, e.g. DE or FR.' });
  return country;
}

function text(raw: unknown, field: string, required: boolean): string | null {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value.length === 0) {
    if (required) throw checkoutError(CheckoutErrors.ADDRESS_INVALID, `${field} is required.`, { field });
    return null;
  }
  if (value.length > 200) throw checkoutError(CheckoutErrors.ADDRESS_INVALID, `${field} is longer than 200 characters.`, { field });
  return value;
}

export function parseAddress(raw: Record<string, unknown>, field: string): Address {
  return {
    name: text(raw.name, `${field}.name`, true) as string,
    line1: text(raw.line1, `${field}.line1`, true) as string,
    line2: text(raw.line2, `${field}.line2`, false),
    city: text(raw.city, `${field}.city`, true) as string,
    postalCode: text(raw.postalCode, `${field}.postalCode`, true) as string,
    country: parseCountry(String(raw.country ?? ''), `${field}.country`),
    phone: text(raw.phone, `${field}.phone`, false),
  };
}

/** QUANTITY_INVALID below 1 (or not whole), QUANTITY_ABOVE_MAXIMUM above the configured maximum. */
export function parseQuantity(quantity: number, max: number, field: string): number {
  if (!Number.isInteger(quantity) || quantity < 1) throw checkoutError(CheckoutErrors.QUANTITY_INVALID, `Quantity must be a whole number of at least 1; got ${quantity}.`, { field, fix: 'Use removeCartLine to take a line out.' });
  if (quantity > max) throw checkoutError(CheckoutErrors.QUANTITY_ABOVE_MAXIMUM, `At most ${max} units per line; got ${quantity}.`, { field });
  return quantity;
}

/** Basis points 0–10 000 (2000 = 20 %). */
export function parseTaxRate(bp: number, field: string): number {
  if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) throw checkoutError(CheckoutErrors.TAX_RATE_INVALID, `A tax rate is whole basis points from 0 to 10000 (2000 = 20 %); got ${bp}.`, { field });
  return bp;
}
