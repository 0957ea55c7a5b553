import type { Client } from 'pg';
import type { Logger } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { EventSettings } from '../settings';
import { retryDelayMs } from './backoff';
import { markHandling, OUTBOX_CHANNEL, type Subscription } from './event-bus';

interface ClaimedDelivery {
  event_id: string;
  handler: string;
  attempts: number;
  name: string;
  version: number;
  emitted_by: string;
  payload: unknown;
  correlation_id: string;
  causation_id: string | null;
  created_at: Date;
}

/** How long a delivery for a handler this instance does not have waits before another instance may try. */
const UNKNOWN_HANDLER_DEFER_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Delivers outbox events to module handlers. Each loop claims a batch of due
 * deliveries with FOR UPDATE SKIP LOCKED, so any number of instances share
 * the work without a broker. Every handler runs in a savepoint of the batch
 * transaction, and the batch commits its effects together with their
 * "delivered" marks: a crash anywhere rolls both back, and the event is
 * delivered again, so each handler's effect happens exactly once. A failing
 * handler rolls back only its own savepoint and is retried later.
 */
export class Dispatcher {
  private running = false;
  private loops: Promise<void>[] = [];
  private listener: Client | null = null;
  private wakers = new Set<() => void>();
  private pollTimer: NodeJS.Timeout | null = null;
  private lastPrune = 0;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly handlers: ReadonlyMap<string, Subscription>,
    private readonly settings: EventSettings,
    private readonly log: Logger,
    private readonly connectListener: () => Promise<Client>,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    try {
      this.listener = await this.connectListener();
      this.listener.on('notification', () => this.wake());
      this.listener.on('error', (error) => {
        this.log.warn({ err: error }, 'outbox LISTEN connection lost; falling back to polling');
        this.listener = null;
      });
      await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.log.warn({ err: error }, 'cannot LISTEN for outbox notifications; polling only');
    }
    this.pollTimer = setInterval(() => this.wake(), this.settings.pollMs);
    this.pollTimer.unref();
    for (let i = 0; i < this.settings.workers; i++) this.loops.push(this.loop());
  }

  /** Stops claiming, lets the batches in progress commit, closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.wake();
    await Promise.allSettled(this.loops);
    this.loops = [];
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** Delivers one batch; returns how many deliveries it claimed. Exposed for tests and benchmarks. */
  async deliverBatch(): Promise<number> {
    return this.sequelize.transaction(async (batch) => {
      const claimed = await this.sequelize.query<ClaimedDelivery>(
        `SELECT d.event_id, d.handler, d.attempts, o.name, o.version, o.emitted_by, o.payload, o.correlation_id, o.causation_id, o.created_at
           FROM rustok.deliveries d JOIN rustok.outbox o ON o.id = d.event_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= clock_timestamp() AND d.handler NOT LIKE 'webhook:%'
          ORDER BY d.next_attempt_at
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED`,
        { bind: [this.settings.batchSize], transaction: batch, type: QueryTypes.SELECT },
      );
      const delivered: Array<[string, string]> = [];
      for (const row of claimed) {
        const subscription = this.handlers.get(row.handler);
        if (subscription === undefined) {
          await this.sequelize.query(`UPDATE rustok.deliveries SET next_attempt_at = clock_timestamp() + $3 * interval '1 millisecond', last_error = $4 WHERE event_id = $1 AND handler = $2`, {
            bind: [row.event_id, row.handler, UNKNOWN_HANDLER_DEFER_MS, 'no instance running this handler picked it up (is its module enabled everywhere?)'],
            transaction: batch,
          });
          continue;
        }
        const attempt = row.attempts + 1;
        try {
          await this.sequelize.transaction({ transaction: batch }, async (delivery) => {
            markHandling(delivery, row.event_id, row.correlation_id);
            const meta = Object.freeze({
              id: row.event_id,
              name: `${row.name}@${row.version}`,
              emittedBy: row.emitted_by,
              emittedAt: row.created_at.toISOString(),
              correlationId: row.correlation_id,
              causationId: row.causation_id,
              attempt,
            });
            await subscription.handler(row.payload, meta, Object.freeze({ transaction: delivery }));
          });
          delivered.push([row.event_id, row.handler]);
        } catch (error) {
          const dead = attempt >= this.settings.maxAttempts;
          const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          await this.sequelize.query(
            `UPDATE rustok.deliveries SET attempts = $3, last_error = $4, status = CASE WHEN $5 THEN 'dead' ELSE 'pending' END,
                    next_attempt_at = clock_timestamp() + $6 * interval '1 millisecond'
              WHERE event_id = $1 AND handler = $2`,
            { bind: [row.event_id, row.handler, attempt, message.slice(0, 4000), dead, retryDelayMs(attempt, this.settings.retryBaseMs)], transaction: batch },
          );
          this.log[dead ? 'error' : 'warn']({ err: error, module: subscription.module, event: subscription.event, eventId: row.event_id, attempt }, dead ? 'event handler failed for the last time; dead-lettered' : 'event handler failed; will retry');
        }
      }
      if (delivered.length > 0) {
        await this.sequelize.query(
          `UPDATE rustok.deliveries d SET status = 'delivered', delivered_at = clock_timestamp(), attempts = d.attempts + 1, last_error = NULL
             FROM unnest($1::uuid[], $2::text[]) AS done(event_id, handler)
            WHERE d.event_id = done.event_id AND d.handler = done.handler`,
          { bind: [delivered.map((d) => d[0]), delivered.map((d) => d[1])], transaction: batch },
        );
      }
      return claimed.length;
    });
  }

  private wake(): void {
    const waiting = [...this.wakers];
    this.wakers.clear();
    for (const resolve of waiting) resolve();
  }

  private sleep(): Promise<void> {
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
      // A full batch means more may be waiting: claim again at once instead of sleeping.
      if (this.running && claimed < this.settings.batchSize) await this.sleep();
    }
  }

  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const pruned = await pruneDelivered(this.sequelize, this.settings.retentionHours * 3_600_000);
    if (pruned.events + pruned.deliveries > 0) this.log.info(pruned, 'pruned delivered events');
  }
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
