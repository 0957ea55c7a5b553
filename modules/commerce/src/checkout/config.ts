/**
 * Checkout's part of commerce's `config` (schema in the manifest, defaults
 * applied by the kernel). Read from `ctx.config` next to the catalog's keys.
 */
export interface CheckoutConfig {
  /** How long an idempotency key answers with its first result (default 24 h). */
  idempotencyKeyTtlSeconds: number;
  /** Least time between two prunings of a tenant's expired idempotency keys (default 1 h). */
  idempotencyKeyPruneIntervalSeconds: number;
  /** Largest quantity of one cart line. */
  maxLineQuantity: number;
  /** HMAC-SHA256 secret the `manual` provider's webhooks are signed with; unset refuses them. */
  manualPaymentWebhookSecret?: string;
}

export const CHECKOUT_CONFIG_DEFAULTS: CheckoutConfig = { idempotencyKeyTtlSeconds: 86_400, idempotencyKeyPruneIntervalSeconds: 3_600, maxLineQuantity: 100 };

export function checkoutConfig(raw: Readonly<Record<string, unknown>>): CheckoutConfig {
  const ttl = raw.idempotencyKeyTtlSeconds;
  const max = raw.maxLineQuantity;
  const pruneInterval = raw.idempotencyKeyPruneIntervalSeconds;
  const secret = raw.manualPaymentWebhookSecret;
  return {
    idempotencyKeyTtlSeconds: typeof ttl === 'number' ? ttl : CHECKOUT_CONFIG_DEFAULTS.idempotencyKeyTtlSeconds,
    idempotencyKeyPruneIntervalSeconds: typeof pruneInterval === 'number' ? pruneInterval : CHECKOUT_CONFIG_DEFAULTS.idempotencyKeyPruneIntervalSeconds,
    maxLineQuantity: typeof max === 'number' ? max : CHECKOUT_CONFIG_DEFAULTS.maxLineQuantity,
    ...(typeof secret === 'string' && secret.length > 0 ? { manualPaymentWebhookSecret: secret } : {}),
  };
}
