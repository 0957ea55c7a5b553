import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';

export type Claim = { claimed: true } | { claimed: false; requestHash: string; response: unknown };

/**
 * Idempotency keys. A key is claimed by inserting it inside the operation's
 * own transaction: a concurrent request with the same key blocks on the
 * primary key until the first commits (then sees its row and its response)
 * or rolls back (then claims the key itself). So the operation and its key
 * commit together, and a failed operation leaves no key behind.
 */
export class IdempotencyRepository {
  async claim(scope: string, key: string, requestHash: string, ttlSeconds: number, t: Transaction): Promise<Claim> {
    const claimed = await rows(
      t,
      `INSERT INTO commerce.idempotency_keys (tenant_id, scope, key, request_hash, expires_at)
       VALUES (rustok.current_tenant_id(), $1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (tenant_id, scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, response = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()
       RETURNING key`,
      [scope, key, requestHash, ttlSeconds],
    );
    if (claimed.length > 0) return { claimed: true };
    const [existing] = await rows<{ requestHash: string; response: unknown }>(
      t,
      `SELECT request_hash AS "requestHash", response FROM commerce.idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (existing === undefined) throw new Error('An idempotency key vanished between its claim and its read.');
    return { claimed: false, requestHash: existing.requestHash, response: existing.response };
  }

  async saveResponse(scope: string, key: string, response: unknown, t: Transaction): Promise<void> {
    await rows(t, 'UPDATE commerce.idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2', [scope, key, JSON.stringify(response)]);
  }

  /** Deletes expired keys; returns how many. */
  async prune(t: Transaction): Promise<number> {
    return (await rows(t, 'DELETE FROM commerce.idempotency_keys WHERE expires_at <= now() RETURNING key')).length;
  }
}
