import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: HMAC-SHA256, keyed with the subscription's secret (its
 * UTF-8 bytes, as shown once by `rustok webhooks add`), over
 * `<timestamp>.<raw body>`. The kernel sends the result in the
 * `X-Rustok-Signature` header as `t=<unix seconds>,v1=<hex digest>`. Signing
 * the timestamp with the body lets a receiver refuse replays of old requests.
 */

/** Name of the header carrying the signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Rustok-Signature';

/** Why a signature was refused: unparsable header, timestamp outside the tolerance, or wrong digest. */
export type WebhookSignatureFailure = 'malformed' | 'stale' | 'mismatch';

export type WebhookVerification = { ok: true } | { ok: false; reason: WebhookSignatureFailure };

export interface VerifyWebhookSignatureOptions {
  /** The subscription's secret. */
  secret: string;
  /** Value of the `X-Rustok-Signature` header as received (node:http gives `string | string[] | undefined`). */
  header: string | readonly string[] | null | undefined;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  /** Largest accepted distance, in seconds, between the signed timestamp and `now`. @default 300 */
  toleranceSeconds?: number;
  /** Current time in unix seconds. @default the system clock */
  now?: number;
}

/**
 * Signs a webhook body; returns the value of the `X-Rustok-Signature` header.
 *
 * @example
 * signWebhook('whsec_…', Math.floor(Date.now() / 1000), body) // 't=1718000000,v1=5f2c…'
 */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string | Uint8Array): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new RangeError(`timestampSeconds must be a non-negative integer, got ${timestampSeconds}.`);
  return `t=${timestampSeconds},v1=${digest(secret, timestampSeconds, rawBody).toString('hex')}`;
}

/**
 * Checks an `X-Rustok-Signature` header against the raw body, in constant
 * time. Several `v1=` entries may be present (any one matching is enough);
 * unknown entries are ignored, so future schemes can be added alongside.
 *
 * @example
 * const verdict = verifyWebhookSignature({ secret, header: req.headers['x-rustok-signature'], rawBody });
 * if (!verdict.ok) return res.writeHead(401).end(verdict.reason);
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): WebhookVerification {
  const { secret, rawBody, toleranceSeconds = 300, now = Math.floor(Date.now() / 1000) } = options;
  const header = Array.isArray(options.header) ? (options.header.length === 1 ? options.header[0] : undefined) : options.header;
  if (typeof header !== 'string') return { ok: false, reason: 'malformed' };
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (separator <= 0) return { ok: false, reason: 'malformed' };
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return { ok: false, reason: 'malformed' };
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return { ok: false, reason: 'malformed' };
      candidates.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };
  const expected = digest(secret, timestamp, rawBody);
  // Compare against every candidate, so the time taken does not reveal which one matched.
  let matched = false;
  for (const candidate of candidates) matched = timingSafeEqual(candidate, expected) || matched;
  if (!matched) return { ok: false, reason: 'mismatch' };
  if (Math.abs(now - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true };
}

function digest(secret: string, timestampSeconds: number, rawBody: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest();
}
