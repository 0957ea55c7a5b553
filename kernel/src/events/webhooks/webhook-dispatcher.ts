import { signWebhook } from '@rustok/contracts';
import type { Logger } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { EventSettings } from '../../settings';
import { KERNEL_VERSION } from '../../version';
import { retryDelayMs } from '../backoff';
import type { OutboxWakeup } from '../outbox-wakeup';

/** Requests in flight per instance. */
export const WEBHOOK_MAX_IN_FLIGHT = 8;
/** Requests in flight per subscription and instance, so a few slow endpoints cannot take every slot. */
export const WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION = 2;
/** Lease on a claimed delivery beyond the request timeout, covering the time to record the outcome. */
const LEASE_MARGIN_MS = 15_000;
/** Due deliveries looked at per claim when sharing slots fairly between subscriptions. */
const CLAIM_WINDOW = 200;
/** Bytes of a failing response's body kept in last_error, to tell the operator what the endpoint said. */
const ERROR_BODY_BYTES = 256;
const PRUNE_EVERY_MS = 60_000;
/** Attempt rows deleted per statement, so pruning a large backlog never holds long locks. */
const PRUNE_BATCH = 5_000;

interface ClaimedWebhook {
  event_id: string;
  handler: string;
  /** This attempt's number: counted at claim, so an attempt cut short by a crash still counts. */
  attempts: number;
  name: string;
  version: number;
  payload: unknown;
  correlation_id: string;
  causation_id: string | null;
  created_at: Date;
  /** Null when the subscription was removed after the delivery was queued. */
  subscription_id: string | null;
  url: string | null;
  secret: string | null;
}

interface Outcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

const SHUTDOWN = Symbol('shutdown');
const TIMEOUT = Symbol('timeout');

/**
 * Sends queued webhook deliveries (handler `webhook:<subscription id>`).
 * A claim is one short statement: it locks due deliveries with FOR UPDATE
 * SKIP LOCKED and pushes their next_attempt_at past the request timeout (a
 * lease) and counts the attempt, so no other instance takes them while the
 * POST is in flight, and an instance that dies mid-request only delays them
 * (the interrupted attempt counts towards the limit). The POSTs run outside
 * any transaction and concurrently, bounded per instance and per
 * subscription, so a slow endpoint holds neither a connection nor the other
 * subscriptions' deliveries. Delivery is at least once: receivers dedupe on
 * X-Rustok-Event-Id.
 */
export class WebhookDispatcher {
  private running = false;
  private loopDone: Promise<void> | null = null;
  private readonly inFlight = new Map<string, { handler: string; controller: AbortController; done: Promise<void> }>();
  private signalled = false;
  private waiter: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAt = Infinity;
  private lastPrune = 0;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly settings: EventSettings,
    private readonly log: Logger,
    private readonly wakeup: OutboxWakeup,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.unsubscribe = this.wakeup.subscribe(() => this.wake(), 'webhooks');
    this.loopDone = this.loop();
  }

  /**
   * Stops claiming and abandons requests in flight: their attempts are
   * uncounted and their leases released, so another instance (or the next
   * start) sends them again at once.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.wake();
    await this.loopDone;
    this.loopDone = null;
    for (const request of this.inFlight.values()) request.controller.abort(SHUTDOWN);
    await Promise.allSettled([...this.inFlight.values()].map((request) => request.done));
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = WEBHOOK_MAX_IN_FLIGHT - this.inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const rows = await this.claim(free);
          claimed = rows.length;
          for (const row of rows) this.dispatch(row);
        } catch (error) {
          this.log.error({ err: error }, 'claiming webhook deliveries failed; retrying at the next wake-up');
        }
      }
      await this.pruneWhenDue();
      // Every slot filled by this claim means more may be due: claim again at once instead of sleeping.
      if (this.running && (free === 0 || claimed < free)) await this.sleep();
    }
  }

  private async claim(limit: number): Promise<ClaimedWebhook[]> {
    const busy = new Map<string, number>();
    for (const { handler } of this.inFlight.values()) busy.set(handler, (busy.get(handler) ?? 0) + 1);
    // `fair` picks, among the oldest due deliveries, at most the free per-subscription slots of each
    // subscription; `claimed` then locks them, re-checking they are still due once locked.
    return this.sequelize.query<ClaimedWebhook>(
      `WITH busy AS (
         SELECT * FROM unnest($2::text[], $3::integer[]) AS b(handler, in_flight)
       ), due AS (
         SELECT d.event_id, d.handler, d.next_attempt_at FROM rustok.deliveries d
          WHERE d.status = 'pending' AND d.handler LIKE 'webhook:%' AND d.next_attempt_at <= clock_timestamp()
            AND d.handler NOT IN (SELECT handler FROM busy WHERE in_flight >= $4)
          ORDER BY d.next_attempt_at
          LIMIT $5
       ), fair AS (
         SELECT ranked.event_id, ranked.handler FROM (
           SELECT due.*, row_number() OVER (PARTITION BY due.handler ORDER BY due.next_attempt_at) AS n FROM due
         ) ranked LEFT JOIN busy ON busy.handler = ranked.handler
          WHERE ranked.n + coalesce(busy.in_flight, 0) <= $4
       ), claimed AS (
         SELECT d.event_id, d.handler FROM rustok.deliveries d JOIN fair w ON w.event_id = d.event_id AND w.handler = d.handler
          WHERE d.status = 'pending' AND d.next_attempt_at <= clock_timestamp()
          ORDER BY d.next_attempt_at
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       ), leased AS (
         UPDATE rustok.deliveries d SET attempts = d.attempts + 1, next_attempt_at = clock_timestamp() + $6 * interval '1 millisecond'
           FROM claimed c WHERE d.event_id = c.event_id AND d.handler = c.handler
         RETURNING d.event_id, d.handler, d.attempts
       )
       SELECT l.event_id, l.handler, l.attempts, o.name, o.version, o.payload, o.correlation_id, o.causation_id, o.created_at,
              s.id AS subscription_id, s.url, s.secret
         FROM leased l JOIN rustok.outbox o ON o.id = l.event_id
         LEFT JOIN rustok.webhook_subscriptions s ON 'webhook:' || s.id = l.handler`,
      {
        bind: [limit, [...busy.keys()], [...busy.values()], WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION, CLAIM_WINDOW, this.settings.webhookTimeoutMs + LEASE_MARGIN_MS],
        type: QueryTypes.SELECT,
      },
    );
  }

  private dispatch(row: ClaimedWebhook): void {
    const key = `${row.event_id} ${row.handler}`;
    const controller = new AbortController();
    const done = this.deliver(row, controller)
      .catch((error: unknown) => this.log.error({ err: error, eventId: row.event_id, handler: row.handler }, 'recording a webhook attempt failed; the delivery is retried when its lease ends'))
      .finally(() => {
        this.inFlight.delete(key);
        this.wake();
      });
    this.inFlight.set(key, { handler: row.handler, controller, done });
  }

  private async deliver(row: ClaimedWebhook, controller: AbortController): Promise<void> {
    if (row.subscription_id === null || row.url === null || row.secret === null) {
      // The subscription was removed while this event was being emitted; nobody is left to send it to.
      await this.sequelize.query(`DELETE FROM rustok.deliveries WHERE event_id = $1 AND handler = $2 AND status = 'pending'`, { bind: [row.event_id, row.handler] });
      this.log.warn({ eventId: row.event_id, handler: row.handler }, 'dropped a webhook delivery whose subscription no longer exists');
      return;
    }
    const attempt = row.attempts;
    if (attempt > this.settings.maxAttempts) {
      // The last allowed attempt was cut short (crash, kill -9, shutdown deadline) before its outcome was recorded.
      await this.sequelize.query(
        `UPDATE rustok.deliveries SET attempts = attempts - 1, status = 'dead',
                last_error = 'the instance sending attempt ' || (attempts - 1) || ' ended before recording its outcome (crash, kill or shutdown deadline)'
          WHERE event_id = $1 AND handler = $2 AND status = 'pending' AND attempts = $3`,
        { bind: [row.event_id, row.handler, attempt] },
      );
      this.log.error({ eventId: row.event_id, subscription: row.subscription_id, attempt: attempt - 1 }, 'webhook attempt cut short with no attempts left; dead-lettered');
      return;
    }
    const outcome = await this.post(row, row.url, row.secret, attempt, controller);
    if (outcome === SHUTDOWN) {
      await this.sequelize.query(`UPDATE rustok.deliveries SET attempts = attempts - 1, next_attempt_at = clock_timestamp() WHERE event_id = $1 AND handler = $2 AND status = 'pending' AND attempts = $3`, { bind: [row.event_id, row.handler, attempt] });
      return;
    }
    const delivered = outcome.error === null;
    const dead = !delivered && attempt >= this.settings.maxAttempts;
    const delayMs = retryDelayMs(attempt, this.settings.retryBaseMs);
    // The attempt is logged even if the lease ran out and another instance took the delivery over meanwhile;
    // `attempts = $3` keeps this instance from overwriting that instance's newer outcome.
    await this.sequelize.query(
      `WITH logged AS (
         INSERT INTO rustok.webhook_attempts (event_id, subscription_id, attempt, status_code, latency_ms, error)
         VALUES ($1, $4, $3, $5, $6, $7)
       )
       UPDATE rustok.deliveries
          SET last_error = $7,
              status = CASE WHEN $8 THEN 'delivered' WHEN $9 THEN 'dead' ELSE 'pending' END,
              delivered_at = CASE WHEN $8 THEN clock_timestamp() END,
              next_attempt_at = CASE WHEN $8 OR $9 THEN next_attempt_at ELSE clock_timestamp() + $10 * interval '1 millisecond' END
        WHERE event_id = $1 AND handler = $2 AND status = 'pending' AND attempts = $3`,
      { bind: [row.event_id, row.handler, attempt, row.subscription_id, outcome.statusCode, outcome.latencyMs, outcome.error, delivered, dead, delayMs] },
    );
    if (delivered) return;
    const context = { eventId: row.event_id, event: `${row.name}@${row.version}`, subscription: row.subscription_id, host: new URL(row.url).host, attempt, statusCode: outcome.statusCode, error: outcome.error };
    if (dead) this.log.error(context, 'webhook failed for the last time; dead-lettered');
    else {
      this.log.warn(context, 'webhook failed; will retry');
      this.wakeIn(delayMs);
    }
  }

  /** One POST; resolves with its outcome, or SHUTDOWN when stop() abandoned it. Never throws. */
  private async post(row: ClaimedWebhook, url: string, secret: string, attempt: number, controller: AbortController): Promise<Outcome | typeof SHUTDOWN> {
    const name = `${row.name}@${row.version}`;
    const body = JSON.stringify({ id: row.event_id, name, emittedAt: row.created_at.toISOString(), correlationId: row.correlation_id, causationId: row.causation_id, payload: row.payload });
    const headers = {
      'content-type': 'application/json',
      'user-agent': `RusToK-Webhooks/${KERNEL_VERSION}`,
      'x-rustok-event': name,
      'x-rustok-event-id': row.event_id,
      'x-rustok-delivery-attempt': String(attempt),
      'x-rustok-signature': signWebhook(secret, Math.floor(Date.now() / 1000), body),
    };
    const timer = setTimeout(() => controller.abort(TIMEOUT), this.settings.webhookTimeoutMs);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      // Redirects are not followed: the subscription names the endpoint, and a redirect could lead off https.
      const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: controller.signal });
      const latencyMs = elapsed();
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel().catch(() => undefined);
        return { statusCode: response.status, latencyMs, error: null };
      }
      const said = await bodySnippet(response);
      return { statusCode: response.status, latencyMs, error: `HTTP ${response.status}${said ? `: ${said}` : ''}` };
    } catch (error) {
      if (controller.signal.reason === SHUTDOWN) return SHUTDOWN;
      const latencyMs = elapsed();
      if (controller.signal.reason === TIMEOUT) return { statusCode: null, latencyMs, error: `no response within ${this.settings.webhookTimeoutMs} ms` };
      return { statusCode: null, latencyMs, error: describeFetchError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    try {
      const pruned = await pruneWebhookAttempts(this.sequelize);
      if (pruned > 0) this.log.info({ attempts: pruned }, 'pruned webhook attempts of pruned events');
    } catch (error) {
      this.log.error({ err: error }, 'pruning webhook attempts failed; trying again later');
    }
  }

  /** Wakes the loop when a retry comes due, sooner than the next poll would. */
  private wakeIn(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (!this.running || at >= this.retryAt) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryAt = at;
    // A few ms of slack, so the delivery is due by the database's clock too when the loop claims.
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = Infinity;
      this.wake();
    }, delayMs + 5);
    this.retryTimer.unref();
  }

  private wake(): void {
    this.signalled = true;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** Returns at once if woken since the last sleep, so a wake-up during a claim is never lost. */
  private async sleep(): Promise<void> {
    if (!this.signalled) await new Promise<void>((resolve) => (this.waiter = resolve));
    this.signalled = false;
  }
}

/**
 * Deletes the attempt log of events that are no longer in the outbox: an
 * event's attempts live exactly as long as the event, which the outbox
 * retention prunes once every delivery of it is delivered and old enough.
 * Returns how many rows were deleted.
 */
export async function pruneWebhookAttempts(sequelize: Sequelize): Promise<number> {
  let total = 0;
  for (;;) {
    // Oldest ids first: attempts of pruned events are the oldest rows, so each batch finds them quickly.
    const rows = await sequelize.query<{ n: string }>(
      `WITH pruned AS (
         DELETE FROM rustok.webhook_attempts WHERE id IN (
           SELECT a.id FROM rustok.webhook_attempts a WHERE NOT EXISTS (SELECT 1 FROM rustok.outbox o WHERE o.id = a.event_id) ORDER BY a.id LIMIT $1
         ) RETURNING 1
       ) SELECT count(*) AS n FROM pruned`,
      { bind: [PRUNE_BATCH], type: QueryTypes.SELECT },
    );
    const deleted = Number(rows[0]?.n ?? 0);
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
  }
}

async function bodySnippet(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short (or timed out) still leaves the status code to report.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch reports network failures as TypeError('fetch failed') with the socket error as its cause.
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message}: ${detail}` : error.message;
}
