import { createHash } from 'node:crypto';
import { CheckoutErrors, checkoutError } from '../errors';

/**
 * Keys are chosen by clients; at least 16 characters, so that one client
 * cannot stumble on another's key (a replay returns the first result, which
 * may carry a cart token) — use a UUID.
 */
const KEY = /^[A-Za-z0-9._:-]{16,128}$/;

export function checkIdempotencyKey(key: string | null | undefined): string | null {
  if (key == null) return null;
  if (!KEY.test(key)) {
    throw checkoutError(CheckoutErrors.IDEMPOTENCY_KEY_INVALID, 'An idempotency key is 16 to 128 letters, digits or . _ : -.', { field: 'idempotencyKey', fix: 'Send a fresh UUID per intended operation.' });
  }
  return key;
}

/** A stable hash of a request's input: object keys sorted, so key order never matters. */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(stableJson(input)).digest('hex');
}

function stableJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
