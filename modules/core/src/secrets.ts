import { createHash, randomBytes } from 'node:crypto';

/** Prefixes tell credentials apart at a glance (and let secret scanners find leaked ones). */
export const SecretPrefix = Object.freeze({
  session: 'rtk_s_',
  apiToken: 'rtk_t_',
  passwordReset: 'rtk_r_',
  emailVerification: 'rtk_v_',
});

/** A new bearer secret: prefix + 32 random bytes, base64url. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * What the database keeps of a secret. A plain SHA-256 is enough: the
 * secret has 256 random bits, so there is nothing to brute-force, and a
 * deterministic hash lets the lookup use a unique index.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
