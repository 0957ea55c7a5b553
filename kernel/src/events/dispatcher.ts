import type { Logger } from 'pino';
import type { Sequelize, Transaction } from 'sequelize';
import { deepFreeze } from '../deep-freeze';
import type { EventSettings } from '../settings';
import { runInScope } from '../tenancy/scope';
import { SET_TENANT_SQL } from '../tenancy/tenant-transaction';
import { retryDelayMs } from './backoff';
import { markHandling, type Subscription } from './event-bus';
import { autocommit, inTransaction, simpleInTransaction, sqlState, type Prepared } from './raw-sql';
import type { OutboxWakeup } from './outbox-wakeup';

interface ClaimedRow {
  event_id: string;
  handler: string;
  /** What the claim did: `run` counted this attempt and leased the row; `dead` dead-lettered it; `deferred` put off a handler this instance lacks. */
  outcome: 'run' | 'dead' | 'deferred';
  /** The attempt this claim counted (attempts after the claim). */
  attempt: number;
  name: string;
  version: number;
  emitted_by: string;
  payload: unknown;
  correlation_id: string;
  causation_id: string | null;
  tenant_id: string | null;
  created_at: Date;
}

/**
 * The claim, in one autocommitted statement (one round trip, no BEGIN/COMMIT): lock up to $1 due
 * deliveries nobody else holds, then in the same statement count the attempt and lease each row
 * this instance can run, dead-letter those whose earlier attempts all died with their process
 * (kill -9, OOM, a shutdown deadline), and put off those whose handler this instance lacks.
 * Committing it before any handler runs is what makes an attempt lost with its process count.
 */
const CLAIM: Prepared = {
  name: 'rustok_events_claim_v1',
  text: `
  WITH due AS (
    SELECT d.event_id, d.handler, d.attempts, d.next_attempt_at,
           d.handler = ANY ($2::text[]) AS known, d.attempts >= $3 AS exhausted
      FROM rustok.deliveries d
     WHERE d.status = 'pending' AND d.next_attempt_at <= clock_timestamp() AND d.handler NOT LIKE 'webhook:%'
     ORDER BY d.next_attempt_at
     LIMIT $1
       FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE rustok.deliveries d
       SET attempts = CASE WHEN due.known AND NOT due.exhausted THEN d.attempts + 1 ELSE d.attempts END,
           status = CASE WHEN due.known AND due.exhausted THEN 'dead' ELSE d.status END,
           last_error = CASE WHEN NOT due.known THEN $6
                             WHEN due.exhausted THEN 'the process running the handler ended during attempt ' || d.attempts || ' (crash, kill or shutdown deadline)'
                             ELSE d.last_error END,
           next_attempt_at = CASE WHEN NOT due.known THEN clock_timestamp() + $5 * interval '1 millisecond'
                                  WHEN due.exhausted THEN d.next_attempt_at
                                  ELSE clock_timestamp() + $4 * interval '1 millisecond' END
      FROM due
     WHERE d.event_id = due.event_id AND d.handler = due.handler
    RETURNING d.event_id, d.handler, d.attempts AS attempt, due.next_attempt_at AS due_at,
              CASE WHEN NOT due.known THEN 'deferred' WHEN due.exhausted THEN 'dead' ELSE 'run' END AS outcome
  )
  SELECT c.event_id, c.handler, c.outcome, c.attempt, o.name, o.version, o.emitted_by, o.payload, o.correlation_id, o.causation_id, o.tenant_id, o.created_at
    FROM claimed c JOIN rustok.outbox o ON o.id = c.event_id
   ORDER BY c.due_at, c.event_id, c.handler`,
};

/**
 * Locks again, in the batch transaction, the rows this instance claimed and still owns: a row whose
 * attempt count moved on was taken over by another instance after its lease ran out. Holding the
 * lock while the handlers run keeps other claimers (SKIP LOCKED) off these rows even past the lease.
 */
const RELOCK: Prepared = {
  name: 'rustok_events_relock_v1',
  text: `SELECT d.event_id, d.handler FROM rustok.deliveries d JOIN unnest($1::uuid[], $2::text[], $3::int[]) AS k(event_id, handler, attempts)
            ON d.event_id = k.event_id AND d.handler = k.handler AND d.attempts = k.attempts
          WHERE d.status = 'pending' ORDER BY d.event_id, d.handler FOR UPDATE OF d`,
};

const MARK_DELIVERED: Prepared = {
  name: 'rustok_events_delivered_v1',
  text: `UPDATE rustok.deliveries d SET status = 'delivered', delivered_at = clock_timestamp(), last_error = NULL
           FROM unnest($1::uuid[], $2::text[]) AS k(event_id, handler) WHERE d.event_id = k.event_id AND d.handler = k.handler`,
};

const MARK_FAILED: Prepared = {
  name: 'rustok_events_failed_v1',
  text: `UPDATE rustok.deliveries SET last_error = $3, status = CASE WHEN $4 THEN 'dead' ELSE 'pending' END,
                next_attempt_at = clock_timestamp() + $5 * interval '1 millisecond'
          WHERE event_id = $1 AND handler = $2`,
};

const SET_TENANT: Prepared = { name: 'rustok_events_set_tenant_v1', text: SET_TENANT_SQL };

const UNKNOWN_HANDLER_ERROR = 'no instance running this handler picked it up (is its module enabled everywhere?)';

/** Whether a module is switched on for a tenant; without an access provider every module always is. */
export type ModuleEnabledCheck = (tenantId: string, moduleId: string) => Promise<boolean>;

/** How long a delivery for a handler this instance does not have waits before another instance may try. */
const UNKNOWN_HANDLER_DEFER_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;
/** Thrown to roll back an optimistic pass after a handler failed in it. */
const OPTIMISTIC_PASS_FAILED = Symbol('optimistic pass failed');

/**
 * Delivers outbox events to module handlers. Each loop claims a batch of due
 * deliveries with FOR UPDATE SKIP LOCKED, so any number of instances share
 * the work without a broker. The handlers run in one batch transaction, which
 * commits their effects together with their "delivered" marks: a crash rolls
 * both back, and the event is delivered again, so each handler's effect
 * happens exactly once. A failing handler rolls back only its own effects (the
 * batch is rerun with a savepoint per handler) and is retried later.
 */
export class Dispatcher {
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  private missedWake = false;
  private unsubscribe: (() => void) | null = null;
  private lastPrune = 0;
  /** The handlers this instance runs, as the claim's parameter. */
  private readonly handlerIds: string[];

  constructor(
    private readonly sequelize: Sequelize,
    private readonly handlers: ReadonlyMap<string, Subscription>,
    private readonly settings: EventSettings,
    private readonly log: Logger,
    private readonly wakeup: OutboxWakeup,
    private readonly moduleEnabled: ModuleEnabledCheck = async () => true,
  ) {
    this.handlerIds = [...handlers.keys()];
  }

  async start(): Promise<void> {
    this.running = true;
    this.unsubscribe = this.wakeup.subscribe(() => this.wakeOne(), 'handlers');
    for (let i = 0; i < this.settings.workers; i++) this.loops.push(this.loop());
  }

  /** Stops claiming and lets the batches in progress commit. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wake();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  /**
   * Delivers one batch; returns how many deliveries it claimed. Exposed for tests and benchmarks.
   *
   * Two transactions: the claim (one autocommitted statement, see CLAIM) counts the attempt and
   * pushes `next_attempt_at` out by the lease (a visibility timeout, RUSTOK_EVENTS_LEASE_MS), and
   * commits — so an attempt that dies with its process (kill -9, OOM, a shutdown deadline) is still
   * counted, backed off and eventually dead-lettered. The work transaction then locks the claimed
   * rows again and runs the handlers, committing their effects with the "delivered" marks.
   */
  async deliverBatch(): Promise<number> {
    const { rows } = await autocommit<ClaimedRow>(this.sequelize, CLAIM, [this.settings.batchSize, this.handlerIds, this.settings.maxAttempts, this.settings.leaseMs, UNKNOWN_HANDLER_DEFER_MS, UNKNOWN_HANDLER_ERROR]);
    const exhausted = rows.filter((row) => row.outcome === 'dead');
    if (exhausted.length > 0) this.log.error({ deliveries: exhausted.map((r) => `${r.event_id}/${r.handler}`) }, 'deliveries whose handler never finished are dead-lettered');
    const runnable = rows.filter((row) => row.outcome === 'run');
    if (runnable.length > 0) await this.runClaimed(runnable);
    return rows.length;
  }

  /**
   * Runs the claimed deliveries optimistically first, all in the batch transaction without
   * savepoints (a savepoint per delivery costs about a fifth of the dispatcher's CPU). When a handler
   * throws, that pass is rolled back whole and the batch runs again with a savepoint per delivery,
   * recording the failure without calling the failed handler a second time. Effects made with the
   * delivery transaction still commit exactly once; only non-transactional side effects of the other
   * handlers in such a batch repeat, which at-least-once delivery allows anyway.
   */
  private async runClaimed(claimed: ClaimedRow[]): Promise<void> {
    const failures = new Map<string, unknown>();
    try {
      await this.runPass(claimed, false, failures);
    } catch (error) {
      if (error !== OPTIMISTIC_PASS_FAILED) throw error;
      await this.runPass(claimed, true, failures);
    }
  }

  private async runPass(claimed: ClaimedRow[], isolated: boolean, failures: Map<string, unknown>): Promise<void> {
    const eventIds = claimed.map((r) => r.event_id);
    const handlerIds = claimed.map((r) => r.handler);
    await this.sequelize.transaction(async (batch) => {
      // No SKIP LOCKED here: another instance's claim may briefly hold a lock on a row it then finds
      // not due, and skipping it would strand the delivery until the lease ends. Claims never wait
      // for locks, so this wait cannot deadlock.
      const locked = await inTransaction<{ event_id: string; handler: string }>(batch, RELOCK, [eventIds, handlerIds, claimed.map((r) => r.attempt)]);
      const ours = locked.rows.length === claimed.length ? null : new Set(locked.rows.map((r) => `${r.event_id}/${r.handler}`));
      const deliveredEvents: string[] = [];
      const deliveredHandlers: string[] = [];
      // The tenant setting of the batch transaction; set again only when the next event's tenant differs,
      // and outside any savepoint, so a handler's rollback cannot take it back.
      let tenantSet: string | null = null;
      for (const row of claimed) {
        const key = `${row.event_id}/${row.handler}`;
        if (ours !== null && !ours.has(key)) continue;
        const subscription = this.handlers.get(row.handler) as Subscription;
        if (row.tenant_id !== null && !(await this.moduleEnabled(row.tenant_id, subscription.module))) {
          // Switched off for this tenant: the event is not for this handler, now or on replay.
          deliveredEvents.push(row.event_id);
          deliveredHandlers.push(row.handler);
          continue;
        }
        if ((row.tenant_id ?? '') !== (tenantSet ?? '')) {
          await inTransaction(batch, SET_TENANT, [row.tenant_id ?? '']);
          tenantSet = row.tenant_id;
        }
        let failure: unknown = failures.get(key);
        if (!failures.has(key)) {
          try {
            if (isolated) await this.invokeInSavepoint(subscription, row, batch);
            else await this.invoke(subscription, row, batch);
            deliveredEvents.push(row.event_id);
            deliveredHandlers.push(row.handler);
            continue;
          } catch (error) {
            if (!isolated) {
              // "Transaction is aborted" blames whoever ran next, not the handler that swallowed the
              // real error: leave this one to run again in its own savepoint, where blame is exact.
              if (!isAbortedTransaction(error)) failures.set(key, error);
              throw OPTIMISTIC_PASS_FAILED;
            }
            failure = error;
          }
        }
        const dead = row.attempt >= this.settings.maxAttempts;
        const message = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
        await inTransaction(batch, MARK_FAILED, [row.event_id, row.handler, message.slice(0, 4000), dead, retryDelayMs(row.attempt, this.settings.retryBaseMs)]);
        this.log[dead ? 'error' : 'warn']({ err: failure, module: subscription.module, event: subscription.event, eventId: row.event_id, attempt: row.attempt }, dead ? 'event handler failed for the last time; dead-lettered' : 'event handler failed; will retry');
      }
      if (deliveredEvents.length > 0) {
        try {
          await inTransaction(batch, MARK_DELIVERED, [deliveredEvents, deliveredHandlers]);
        } catch (error) {
          // A handler caught an SQL error and returned normally: find it in the isolated pass.
          if (!isolated && isAbortedTransaction(error)) throw OPTIMISTIC_PASS_FAILED;
          throw error;
        }
      }
    });
  }

  /**
   * Runs one handler between SAVEPOINT and RELEASE. A handler that caught an SQL error and returned
   * normally leaves the transaction aborted; RELEASE then fails, so the failure is this handler's,
   * and ROLLBACK TO SAVEPOINT leaves the batch usable for the next one.
   */
  private async invokeInSavepoint(subscription: Subscription, row: ClaimedRow, batch: Transaction): Promise<void> {
    await simpleInTransaction(batch, 'SAVEPOINT rustok_delivery');
    try {
      await this.invoke(subscription, row, batch);
      await simpleInTransaction(batch, 'RELEASE SAVEPOINT rustok_delivery').catch((error: unknown) => {
        throw isAbortedTransaction(error) ? new Error('the handler returned normally after an SQL error in its transaction; rethrow errors you cannot handle') : error;
      });
    } catch (error) {
      await simpleInTransaction(batch, 'ROLLBACK TO SAVEPOINT rustok_delivery');
      throw error;
    }
  }

  private async invoke(subscription: Subscription, row: ClaimedRow, transaction: Transaction): Promise<void> {
    markHandling(transaction, row.event_id, row.correlation_id);
    const meta = Object.freeze({
      id: row.event_id,
      name: `${row.name}@${row.version}`,
      emittedBy: row.emitted_by,
      emittedAt: row.created_at.toISOString(),
      correlationId: row.correlation_id,
      causationId: row.causation_id,
      attempt: row.attempt,
      tenantId: row.tenant_id,
    });
    // Each delivery parses its own copy of the payload; frozen, so a handler cannot mistake it for state.
    await runInScope({ tenantId: row.tenant_id, request: null, transaction }, () => subscription.handler(deepFreeze(row.payload), meta, Object.freeze({ transaction })));
  }

  /** One loop per notification: waking all of them for one event makes them race for a single row. */
  private wakeOne(): void {
    const [first] = this.wakers;
    if (first === undefined) {
      // Every loop is busy: the next one to finish claims again instead of sleeping through this news.
      this.missedWake = true;
      return;
    }
    this.wakers.delete(first);
    first();
  }

  private wake(): void {
    const waiting = [...this.wakers];
    this.wakers.clear();
    for (const resolve of waiting) resolve();
  }

  private sleep(): Promise<void> {
    if (this.missedWake) {
      this.missedWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.wakers.add(resolve));
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.deliverBatch();
        await this.pruneWhenDue();
      } catch (error) {
        this.log.error({ err: error }, 'event delivery batch failed; retrying at the next wake-up');
      }
      // A full batch means more may be waiting: claim again at once, and get a sleeping loop to help.
      if (claimed === this.settings.batchSize) this.wakeOne();
      else if (this.running) await this.sleep();
    }
  }

  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const pruned = await pruneDelivered(this.sequelize, this.settings.retentionHours * 3_600_000);
    if (pruned.events + pruned.deliveries > 0) this.log.info(pruned, 'pruned delivered events');
  }
}

function isAbortedTransaction(error: unknown): boolean {
  return sqlState(error) === '25P02';
}

/**
 * Deletes delivered ledger rows older than `olderThanMs`, then outbox events
 * older than that with no delivery left. Pending and dead deliveries, and
 * their events, are never pruned.
 */
export async function pruneDelivered(sequelize: Sequelize, olderThanMs: number): Promise<{ deliveries: number; events: number }> {
  const [, deliveries] = (await sequelize.query(`DELETE FROM rustok.deliveries WHERE status = 'delivered' AND delivered_at < clock_timestamp() - $1 * interval '1 millisecond'`, { bind: [olderThanMs] })) as [unknown, { rowCount?: number } | number];
  const [, events] = (await sequelize.query(
    `DELETE FROM rustok.outbox o WHERE o.created_at < clock_timestamp() - $1 * interval '1 millisecond' AND NOT EXISTS (SELECT 1 FROM rustok.deliveries d WHERE d.event_id = o.id)`,
    { bind: [olderThanMs] },
  )) as [unknown, { rowCount?: number } | number];
  const count = (result: { rowCount?: number } | number) => (typeof result === 'number' ? result : (result?.rowCount ?? 0));
  return { deliveries: count(deliveries), events: count(events) };
}
