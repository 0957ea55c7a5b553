import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EmitOptions, EventHandler, EventToEmit } from '@rustok/contracts';
import type { Logger } from 'pino';
import type { Sequelize, Transaction } from 'sequelize';
import { ErrorCodes, ModuleAccessError } from '../errors';
import type { ValidateFunction } from '../json-schema';
import { describeAjvErrors, describeValue } from '../json-schema';
import { currentTenantId } from '../tenancy/scope';
import { autocommit, inTransaction, type Prepared } from './raw-sql';
import { rootTransaction, transactionEnded } from '../tenancy/transaction-state';
import { rideCommit, type CommitRider } from '../tenancy/commit-riders';

/** Channel the outbox notifies on commit, so idle dispatchers wake at once. */
export const OUTBOX_CHANNEL = 'rustok_outbox';

export interface Subscription {
  /** Stable id, `module:event@version` (plus `#n` for a module's further handlers of the same event). */
  id: string;
  module: string;
  event: string;
  handler: EventHandler;
}

/**
 * One statement, one round trip, however many events: the events and their deliveries (module
 * handlers and matching webhooks). Events come as parallel arrays ($1–$10, one element per event),
 * their handler deliveries as pairs ($11 event ids × $12 handler ids). A named prepared statement,
 * because planning it costs more than executing it.
 */
const EMIT: Prepared = {
  name: 'rustok_outbox_emit_all',
  text: `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::uuid[], $7::uuid[], $8::uuid[], $9::timestamptz[], $10::text[])
      AS e(id, name, version, emitted_by, payload, correlation_id, causation_id, tenant_id, deliver_at, full_name)
  ), event AS (
    INSERT INTO rustok.outbox (id, name, version, emitted_by, payload, correlation_id, causation_id, tenant_id, deliver_at)
    SELECT id, name, version, emitted_by, payload, correlation_id, causation_id, tenant_id, deliver_at FROM input RETURNING id
  ), queued AS (
    INSERT INTO rustok.deliveries (event_id, handler, next_attempt_at)
    SELECT event.id, d.handler, coalesce(input.deliver_at, clock_timestamp())
      FROM event JOIN input ON input.id = event.id JOIN unnest($11::uuid[], $12::text[]) AS d(event_id, handler) ON d.event_id = event.id
    UNION ALL
    SELECT event.id, 'webhook:' || s.id, coalesce(input.deliver_at, clock_timestamp())
      FROM event JOIN input ON input.id = event.id JOIN rustok.webhook_subscriptions s ON s.active AND input.full_name = ANY (s.events)
    RETURNING handler LIKE 'webhook:%' AS webhook
  )
  SELECT count(*) FILTER (WHERE webhook)::int AS webhooks FROM queued`,
};

/** The EMIT statement's parameters, one array element per event (or per handler delivery). */
class EmitBatch {
  readonly ids: string[] = [];
  private readonly names: string[] = [];
  private readonly versions: number[] = [];
  private readonly emitters: string[] = [];
  private readonly payloads: string[] = [];
  private readonly correlationIds: string[] = [];
  private readonly causationIds: Array<string | null> = [];
  private readonly tenantIds: Array<string | null> = [];
  private readonly deliverAts: Array<string | null> = [];
  readonly fullNames: string[] = [];
  private readonly deliveryEvents: string[] = [];
  private readonly deliveryHandlers: string[] = [];
  /** Whether any event has a module handler (webhooks are matched by the statement). */
  handled = false;

  /** `payload` is the event's payload as JSON. */
  add(event: { id: string; name: string; emitter: string; payload: string; correlationId: string; causationId: string | null; tenantId: string | null; deliverAt: string | null }, handlers: readonly Subscription[]): void {
    const [baseName, version] = event.name.split('@') as [string, string];
    this.ids.push(event.id);
    this.names.push(baseName);
    this.versions.push(Number(version));
    this.emitters.push(event.emitter);
    this.payloads.push(event.payload);
    this.correlationIds.push(event.correlationId);
    this.causationIds.push(event.causationId);
    this.tenantIds.push(event.tenantId);
    this.deliverAts.push(event.deliverAt);
    this.fullNames.push(event.name);
    for (const subscription of handlers) {
      this.deliveryEvents.push(event.id);
      this.deliveryHandlers.push(subscription.id);
      this.handled = true;
    }
  }

  values(): unknown[] {
    return [this.ids, this.names, this.versions, this.emitters, this.payloads, this.correlationIds, this.causationIds, this.tenantIds, this.deliverAts, this.fullNames, this.deliveryEvents, this.deliveryHandlers];
  }
}

/** The events a transaction the kernel commits has emitted so far: written with its COMMIT. */
interface OutboxRider extends CommitRider {
  readonly batch: EmitBatch;
}

/**
 * Shortest gap between two NOTIFYs from one process. Each NOTIFY is a round trip and a commit here,
 * and wakes every listening instance, which then claims; a steady stream of emits would otherwise
 * cost about one NOTIFY and one claim per event and keep batches tiny. The first emit after a quiet
 * spell still notifies at once; emits within the gap share one NOTIFY at its end, so an event
 * waits at most this long for it.
 */
export const NOTIFY_MIN_GAP_MS = 5;

/**
 * Which dispatchers a NOTIFY is for: its payload lists the kinds of deliveries the announced commits
 * queued, comma-separated, so module-handler dispatchers do not claim for webhook-only events and
 * webhook dispatchers do not claim for every module event. An empty payload (a replay) is for all.
 */
export type WakeKind = 'handlers' | 'webhooks';

const NOTIFY: Prepared = { name: 'rustok_events_notify_v2', text: `SELECT pg_notify('${OUTBOX_CHANNEL}', $1)` };

/** The kinds of deliveries each open transaction queued; its commit hook is added with the first. */
const queuedIn = new WeakMap<Transaction, Set<WakeKind>>();

/** Which event a delivery transaction is handling: events emitted with it inherit cause and correlation. */
const handling = new WeakMap<Transaction, { eventId: string; correlationId: string }>();

export function markHandling(transaction: Transaction, eventId: string, correlationId: string): void {
  handling.set(transaction, { eventId, correlationId });
}

/**
 * The module-facing side of durable events. `emit` validates the payload and
 * writes the event, with one delivery row per subscriber (and per matching
 * webhook), into the outbox inside the caller's transaction: the event exists
 * if and only if that transaction commits. Delivery is the Dispatcher's job.
 */
export class EventBus {
  private notifying = false;
  private notifyTimer: NodeJS.Timeout | null = null;
  private lastNotifyAt = Number.NEGATIVE_INFINITY;
  /** Kinds committed since the last NOTIFY went out. */
  private readonly pendingKinds = new Set<WakeKind>();
  private readonly schemas = new Map<string, { emitter: string; validate: ValidateFunction }>();
  private readonly subscriptions = new Map<string, Subscription[]>();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly log: Logger,
  ) {}

  declareEvent(name: string, emitter: string, validate: ValidateFunction): void {
    this.schemas.set(name, { emitter, validate });
  }

  subscribe(name: string, module: string, handler: EventHandler): void {
    const existing = this.subscriptions.get(name) ?? [];
    const sameModule = existing.filter((s) => s.module === module).length;
    const id = `${module}:${name}${sameModule === 0 ? '' : `#${sameModule + 1}`}`;
    this.subscriptions.set(name, [...existing, { id, module, event: name, handler }]);
  }

  /** Every subscription by its id, for the dispatcher. */
  handlers(): Map<string, Subscription> {
    return new Map([...this.subscriptions.values()].flat().map((s) => [s.id, s]));
  }

  emit(emitter: string, name: string, payload: unknown, options: EmitOptions): Promise<void> {
    return this.emitAll(emitter, [{ name, payload }], options);
  }

  /**
   * Writes the events of one write together: every event is checked before anything is written,
   * then all of them go out in one statement, so they exist together or not at all.
   */
  async emitAll(emitter: string, events: readonly EventToEmit[], options: EmitOptions): Promise<void> {
    if (!Array.isArray(events)) {
      throw new ModuleAccessError(ErrorCodes.EVENT_LIST_INVALID, `Module "${emitter}" called emitAll with ${describeValue(events)} instead of a list of events.`, 'Pass an array of { name, payload }, e.g. emitAll([{ name: "x.y.made@1", payload }], { transaction }).', { module: emitter });
    }
    const first = events[0] as Partial<EventToEmit> | undefined;
    const label = first === undefined ? 'no event' : `${JSON.stringify(first?.name)}${events.length > 1 ? ` and ${events.length - 1} more` : ''}`;
    if (options === undefined || options === null || !('transaction' in options)) {
      throw new ModuleAccessError(ErrorCodes.EVENT_TRANSACTION_MISSING, `Module "${emitter}" emitted ${label} without saying which transaction it belongs to.`, 'Pass { transaction } of the write the event describes, or { transaction: null } to emit outside any transaction on purpose.', { module: emitter, event: first?.name });
    }
    const ended = options.transaction ? transactionEnded(options.transaction) : undefined;
    if (ended !== undefined) {
      // Its pg client is back in the pool by now, perhaps inside someone else's transaction: writing there would be silent and wrong.
      throw new ModuleAccessError(ErrorCodes.EVENT_TRANSACTION_FINISHED, `Module "${emitter}" emitted ${label} with a transaction that has already ended (${ended}).`, 'Emit inside the transaction callback, before it returns, or pass { transaction: null } to emit on its own.', { module: emitter, event: first?.name });
    }
    if (options.deliverAt !== undefined && !(options.deliverAt instanceof Date && Number.isFinite(options.deliverAt.getTime()))) {
      throw new ModuleAccessError(ErrorCodes.EVENT_DELIVER_AT_INVALID, `Module "${emitter}" emitted ${label} with deliverAt ${String(options.deliverAt)}, which is not a valid Date.`, 'Pass a Date (e.g. new Date(scheduledFor)), or leave deliverAt out to deliver at once.', { module: emitter, event: first?.name });
    }
    const payloads = events.map((event, index) => this.check(emitter, event, events.length > 1 ? ` (event ${index} of the list)` : ''));
    if (events.length === 0) return;

    const transaction = options.transaction;
    // A transaction the kernel commits takes its events with the COMMIT; any other (a delivery's, a savepoint) at once.
    const rider = transaction ? rideCommit<OutboxRider>(transaction, OUTBOX_RIDER, () => this.outboxRider()) : null;
    const batch = rider?.batch ?? new EmitBatch();
    const cause = transaction ? handling.get(transaction) : undefined;
    // The emitter's tenant scope: handlers run in it, and skip it when their module is off there.
    const tenantId = currentTenantId();
    const deliverAt = options.deliverAt?.toISOString() ?? null;
    for (const [index, { name }] of events.entries()) {
      const id = randomUUID();
      batch.add({ id, name, emitter, payload: payloads[index] as string, correlationId: options.correlationId ?? cause?.correlationId ?? id, causationId: cause?.eventId ?? null, tenantId, deliverAt }, this.subscriptions.get(name) ?? []);
    }
    if (rider !== null) return;
    if (transaction) {
      const { rows } = await inTransaction<{ webhooks: number }>(transaction, EMIT, batch.values());
      const root = rootTransaction(transaction);
      let kinds = queuedIn.get(root);
      if (kinds === undefined) {
        kinds = new Set();
        queuedIn.set(root, kinds);
        const committed = kinds;
        root.afterCommit(() => this.wakeDispatchers(committed));
      }
      addKinds(kinds, batch.handled, rows[0]?.webhooks ?? 0);
    } else {
      // One statement is atomic on its own: no BEGIN and COMMIT round trips around it.
      const { rows } = await autocommit<{ webhooks: number }>(this.sequelize, EMIT, batch.values());
      this.wakeDispatchers(addKinds(new Set(), batch.handled, rows[0]?.webhooks ?? 0));
    }
    if (this.log.isLevelEnabled('debug')) this.log.debug({ events: batch.fullNames, eventIds: batch.ids, module: emitter }, 'events written to the outbox');
  }

  /**
   * Refuses an event its emitter did not declare, or whose payload breaks the event's schema or
   * cannot be stored; returns the payload as JSON.
   */
  private check(emitter: string, event: EventToEmit | null | undefined, where: string): string {
    const { name, payload } = event ?? ({} as Partial<EventToEmit>);
    const declared = typeof name === 'string' ? this.schemas.get(name) : undefined;
    if (declared === undefined || declared.emitter !== emitter) {
      throw new ModuleAccessError(ErrorCodes.UNDECLARED_EVENT, `Module "${emitter}" emitted ${JSON.stringify(name)}${where}, which its manifest does not declare in events.emits.`, `Add ${JSON.stringify(name)} with its payload schema to events.emits of "${emitter}".`, { module: emitter, event: name });
    }
    if (!declared.validate(payload)) {
      const violations = describeAjvErrors(declared.validate.errors, payload, 'payload');
      throw new ModuleAccessError(ErrorCodes.EVENT_PAYLOAD_INVALID, `Payload of "${name}"${where} does not match its schema: ${violations.map((v) => v.message).join('; ')}.`, `Emit a payload that matches the schema declared for "${name}".`, { module: emitter, event: name, violations });
    }
    const json = JSON.stringify(payload);
    // A schema-valid string may still hold U+0000, which PostgreSQL's jsonb cannot store: refused here, not at COMMIT.
    if (json.includes('\\u0000')) {
      throw new ModuleAccessError(ErrorCodes.EVENT_PAYLOAD_INVALID, `Payload of "${name}"${where} contains the character U+0000, which PostgreSQL cannot store in JSON.`, 'Remove U+0000 from the payload\'s strings (it is never meaningful text).', { module: emitter, event: name });
    }
    return json;
  }

  /** Gathers a transaction's events; the statement goes out with its COMMIT, the NOTIFY after it. */
  private outboxRider(): OutboxRider {
    const batch = new EmitBatch();
    return {
      batch,
      statement: EMIT,
      values: () => batch.values(),
      committed: (rows) => {
        this.wakeDispatchers(addKinds(new Set(), batch.handled, (rows[0] as { webhooks?: number } | undefined)?.webhooks ?? 0));
        if (this.log.isLevelEnabled('debug')) this.log.debug({ events: batch.fullNames, eventIds: batch.ids }, 'events written to the outbox with their commit');
      },
    };
  }

  /**
   * NOTIFY after commit, not inside the emitting transaction: PostgreSQL holds a database-wide lock
   * from a notifying commit's start to its end, which would serialize every emitting commit. At most
   * one NOTIFY is in flight per process, and at most one starts per NOTIFY_MIN_GAP_MS; emits
   * meanwhile are covered by the next one. If the process dies between a commit and its NOTIFY, the
   * dispatchers' polling finds the event.
   */
  private wakeDispatchers(kinds: ReadonlySet<WakeKind>): void {
    for (const kind of kinds) this.pendingKinds.add(kind);
    this.scheduleNotify();
  }

  private scheduleNotify(): void {
    // Nobody to wake (the events have no subscriber), or a NOTIFY in flight or due covers it.
    if (this.pendingKinds.size === 0 || this.notifying || this.notifyTimer !== null) return;
    const wait = this.lastNotifyAt + NOTIFY_MIN_GAP_MS - performance.now();
    if (wait > 0) {
      this.notifyTimer = setTimeout(() => {
        this.notifyTimer = null;
        this.sendNotify();
      }, wait);
      // A pending NOTIFY must not keep a finished process alive; polling covers what it would have said.
      this.notifyTimer.unref();
      return;
    }
    this.sendNotify();
  }

  private sendNotify(): void {
    const payload = [...this.pendingKinds].sort().join(',');
    this.pendingKinds.clear();
    this.notifying = true;
    this.lastNotifyAt = performance.now();
    void autocommit(this.sequelize, NOTIFY, [payload])
      .catch((error: unknown) => this.log.warn({ err: error }, 'outbox NOTIFY failed; dispatchers will find the event by polling'))
      .finally(() => {
        this.notifying = false;
        // Commits announced while this one was in flight.
        this.scheduleNotify();
      });
  }
}

/** Key of the outbox's rider on a transaction's COMMIT. */
const OUTBOX_RIDER = 'rustok.outbox';

function addKinds(kinds: Set<WakeKind>, handled: boolean, webhooks: number): Set<WakeKind> {
  if (handled) kinds.add('handlers');
  if (webhooks > 0) kinds.add('webhooks');
  return kinds;
}

/** Commit hooks run on the outermost transaction; a savepoint's "commit" is only a release. */
