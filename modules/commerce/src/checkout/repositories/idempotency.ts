import type { Transaction } from 'sequelize';
import { Params, rows } from '../../repositories/sql';
import type { Query } from './checkout';

export type Claim = ({ claimed: true } | { claimed: false; requestHash: string; response: unknown }) & {
  /** Set when this claim started the tenant's pruning schedule: emit the prune event for this time. */
  pruneDueAt: Date | null;
};

/**
 * A schedule whose time passed this long ago is taken for lost (its event
 * was skipped while the module was off for the tenant, or dead-lettered):
 * the next claim starts a new one. Deliveries normally lag by the
 * dispatcher's poll interval, far less than this.
 */
export const LOST_SCHEDULE_GRACE_SECONDS = 600;

/** A key to claim for an operation, with what answers a replay when the answer is known before the work (else null, saved after it). */
export interface KeyClaim {
  scope: string;
  key: string;
  requestHash: string;
  answer: unknown;
  ttlSeconds: number;
  pruneIntervalSeconds: number;
}

/** What a claim folded into an operation's statement reports (`CLAIM_COLUMNS`). */
export interface ClaimOutcome {
  keyClaimed: boolean;
  pruneDueAt: Date | null;
}

/**
 * A claim as two CTEs, `claimed` and `scheduled`, for a statement of its own
 * (`IdempotencyRepository.claim`) or the first statement of the operation
 * (conditional on `EXISTS (SELECT 1 FROM claimed)`), which saves a round
 * trip. It also starts the tenant's pruning schedule when it has none alive:
 * that part inserts nothing (and so locks nothing) while a live schedule
 * exists, which is every claim but about one per prune interval, so
 * concurrent requests never queue on the schedule row. The text depends on
 * nothing but the parameters' positions.
 */
export function claimCtes(params: Params, claim: KeyClaim): string {
  const [scope, key, hash, answer, ttl, interval, grace] = [
    params.add(claim.scope),
    params.add(claim.key),
    params.add(claim.requestHash),
    params.add(claim.answer === null ? null : JSON.stringify(claim.answer), 'jsonb'),
    params.add(claim.ttlSeconds, 'float8'),
    params.add(claim.pruneIntervalSeconds, 'float8'),
    params.add(LOST_SCHEDULE_GRACE_SECONDS, 'float8'),
  ];
  return `claimed AS (
         INSERT INTO commerce.idempotency_keys (tenant_id, scope, key, request_hash, response, expires_at)
         VALUES (rustok.current_tenant_id(), ${scope}, ${key}, ${hash}, ${answer}, now() + make_interval(secs => ${ttl}))
         ON CONFLICT (tenant_id, scope, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = now(), expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at <= now()
         RETURNING key),
       scheduled AS (
         INSERT INTO commerce.idempotency_prune_schedule (tenant_id, due_at)
         SELECT rustok.current_tenant_id(), date_trunc('milliseconds', now() + make_interval(secs => greatest(${ttl}, ${interval})))
          WHERE NOT EXISTS (SELECT 1 FROM commerce.idempotency_prune_schedule WHERE due_at > now() - make_interval(secs => ${grace}))
         ON CONFLICT (tenant_id) DO UPDATE SET due_at = EXCLUDED.due_at
           WHERE idempotency_prune_schedule.due_at <= now() - make_interval(secs => ${grace})
         RETURNING due_at)`;
}

/** The select-list of a claim's outcome, for a statement with `claimCtes`. */
export const CLAIM_COLUMNS = `EXISTS (SELECT 1 FROM claimed) AS "keyClaimed", (SELECT due_at FROM scheduled) AS "pruneDueAt"`;

/**
 * Idempotency keys. A key is claimed by inserting it inside the operation's
 * own transaction: a concurrent request with the same key blocks on the
 * primary key until the first commits (then sees its row and its response)
 * or rolls back (then claims the key itself). So the operation and its key
 * commit together, and a failed operation leaves no key behind.
 */
export class IdempotencyRepository {
  constructor(private readonly query: Query) {}

  /**
   * Claims a key and, in the same statement, starts the tenant's pruning
   * schedule when it has none that is alive. The schedule part inserts
   * nothing (and so locks nothing) while a live schedule exists, which is
   * every claim but about one per prune interval: concurrent checkouts never
   * queue on the schedule row.
   */
  async claim(claim: KeyClaim, t: Transaction): Promise<Claim> {
    const params = new Params();
    const [row] = await this.query<{ keyClaimed: boolean; pruneDueAt: Date | null }>(`WITH ${claimCtes(params, claim)} SELECT ${CLAIM_COLUMNS}`, params.values, { transaction: t });
    const pruneDueAt = row?.pruneDueAt == null ? null : new Date(row.pruneDueAt);
    if (row?.keyClaimed === true) return { claimed: true, pruneDueAt };
    return { ...(await this.existing(claim.scope, claim.key, t)), claimed: false, pruneDueAt };
  }

  /**
   * The key a claim did not get. A separate statement on purpose: a key
   * committed by a concurrent request after the claim's statement began (it
   * waited for it on the primary key) is not in that statement's snapshot.
   */
  async existing(scope: string, key: string, t: Transaction): Promise<{ requestHash: string; response: unknown }> {
    const [existing] = await this.query<{ requestHash: string; response: unknown }>(
      `SELECT request_hash AS "requestHash", response FROM commerce.idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
      { transaction: t },
    );
    if (existing === undefined) throw new Error('An idempotency key vanished between its claim and its read.');
    return existing;
  }

  async saveResponse(scope: string, key: string, response: unknown, t: Transaction): Promise<void> {
    await this.query('UPDATE commerce.idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2', [scope, key, JSON.stringify(response)], { transaction: t });
  }

  /** Deletes the tenant's expired keys; returns how many. */
  async prune(t: Transaction): Promise<number> {
    const [row] = await rows<{ deleted: number }>(t, 'WITH gone AS (DELETE FROM commerce.idempotency_keys WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS deleted FROM gone');
    return row?.deleted ?? 0;
  }

  /** When the earliest remaining key expires; null when there is none. */
  async earliestExpiry(t: Transaction): Promise<Date | null> {
    const [row] = await rows<{ at: Date | null }>(t, 'SELECT min(expires_at) AS at FROM commerce.idempotency_keys');
    return row?.at == null ? null : new Date(row.at);
  }

  /** The tenant's schedule, locked until the transaction ends (one handler at a time moves it). */
  async scheduleForUpdate(t: Transaction): Promise<Date | null> {
    const [row] = await rows<{ dueAt: Date }>(t, 'SELECT due_at AS "dueAt" FROM commerce.idempotency_prune_schedule FOR UPDATE');
    return row === undefined ? null : new Date(row.dueAt);
  }

  async reschedule(dueAt: Date, t: Transaction): Promise<void> {
    await rows(t, 'UPDATE commerce.idempotency_prune_schedule SET due_at = $1', [dueAt]);
  }

  async endSchedule(t: Transaction): Promise<void> {
    await rows(t, 'DELETE FROM commerce.idempotency_prune_schedule');
  }
}
