import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EmitOptions, EventHandler, EventToEmit } from '@rustok/contracts';
import type { Logger } from 'pino';
import type { Sequelize, Transaction } from 'sequelize';
import { ErrorCodes, ModuleAccessError } from '../errors';
import type { ValidateFunction } from '../json-schema';
import { describeAjvErrors } from '../json-schema';
import { currentTenantId } from '../tenancy/scope';
import { autocommit, inTransaction, type Prepared } from './raw-sql';
import { rootTransaction, transactionEnded } from '../tenancy/transaction-state';

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
 * One statement, one round trip, however many events one write emits: the events and their
 * deliveries (module handlers and matching webhooks). Events come as parallel arrays ($1–$7, one
 * element per event), their handler deliveries as pairs ($8 event ids × $9 handler ids); what the
 * events share (emitter, tenant, deliverAt) comes once. A named prepared statement, because
 * planning it costs more than executing it.
 */
const EMIT: Prepared = {
  name: 'rustok_outbox_emit_all',
  text: `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::jsonb[], $5::uuid[], $6::uuid[], $7::text[]) AS e(id, name, version, payload, correlation_id, causation_id, full_name)
  ), event AS (
    INSERT INTO rustok.outbox (id, name, version, emitted_by, payload, correlation_id, causation_id, tenant_id, deliver_at)
    SELECT id, name, version, $10, payload, correlation_id, causation_id, $11, $12::timestamptz FROM input RETURNING id
  ), queued AS (
    INSERT INTO rustok.deliveries (event_id, handler, next_attempt_at)
    SELECT event.id, d.handler, coalesce($12::timestamptz, clock_timestamp()) FROM event JOIN unnest($8::uuid[], $9::text[]) AS d(event_id, handler) ON d.event_id = event.id
    UNION ALL
    SELECT event.id, 'webhook:' || s.id, coalesce($12::timestamptz, clock_timestamp())
      FROM event JOIN input ON input.id = event.id JOIN rustok.webhook_subscriptions s ON s.active AND input.full_name = ANY (s.events)
    RETURNING handler LIKE 'webhook:%' AS webhook
  )
  SELECT count(*) FILTER (WHERE webhook)::int AS webhooks FROM queued`,
};

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
      throw new ModuleAccessError(ErrorCodes.EVENT_LIST_INVALID, `Module "${emitter}" called emitAll with ${describe(events)} instead of a list of events.`, 'Pass an array of { name, payload }, e.g. emitAll([{ name: "x.y.made@1", payload }], { transaction }).', { module: emitter });
    }
    const first = events[0];
    const label = first === undefined ? 'no event' : `"${(first as EventToEmit).name}"${events.length > 1 ? ` and ${events.length - 1} more` : ''}`;
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
    if (events.length === 0) return;
    const cause = options.transaction ? handling.get(options.transaction) : undefined;
    const columns: EmitColumns = { ids: [], names: [], versions: [], payloads: [], correlationIds: [], causationIds: [], fullNames: [], deliveryEvents: [], deliveryHandlers: [] };
    let handled = false;
    for (const [index, event] of events.entries()) {
      const { name, payload } = event ?? ({} as Partial<EventToEmit>);
      const where = events.length > 1 ? ` (event ${index} of the list)` : '';
      const declared = typeof name === 'string' ? this.schemas.get(name) : undefined;
      if (declared === undefined || declared.emitter !== emitter) {
        throw new ModuleAccessError(ErrorCodes.UNDECLARED_EVENT, `Module "${emitter}" emitted ${JSON.stringify(name)}${where}, which its manifest does not declare in events.emits.`, `Add ${JSON.stringify(name)} with its payload schema to events.emits of "${emitter}".`, { module: emitter, event: name });
      }
      if (!declared.validate(payload)) {
        const violations = describeAjvErrors(declared.validate.errors, payload, 'payload');
        throw new ModuleAccessError(ErrorCodes.EVENT_PAYLOAD_INVALID, `Payload of "${name}"${where} does not match its schema: ${violations.map((v) => v.message).join('; ')}.`, `Emit a payload that matches the schema declared for "${name}".`, { module: emitter, event: name, violations });
      }
      const [baseName, version] = (name as string).split('@') as [string, string];
      const id = randomUUID();
      columns.ids.push(id);
      columns.names.push(baseName);
      columns.versions.push(Number(version));
      columns.payloads.push(JSON.stringify(payload));
      columns.correlationIds.push(options.correlationId ?? cause?.correlationId ?? id);
      columns.causationIds.push(cause?.eventId ?? null);
      columns.fullNames.push(name as string);
      for (const subscription of this.subscriptions.get(name as string) ?? []) {
        columns.deliveryEvents.push(id);
        columns.deliveryHandlers.push(subscription.id);
        handled = true;
      }
    }
    const bind = [
      columns.ids,
      columns.names,
      columns.versions,
      columns.payloads,
      columns.correlationIds,
      columns.causationIds,
      columns.fullNames,
      columns.deliveryEvents,
      columns.deliveryHandlers,
      emitter,
      // The emitter's tenant scope: handlers run in it, and skip it when their module is off there.
      currentTenantId(),
      options.deliverAt?.toISOString() ?? null,
    ];
    if (options.transaction) {
      const { rows } = await inTransaction<{ webhooks: number }>(options.transaction, EMIT, bind);
      const root = rootTransaction(options.transaction);
      let kinds = queuedIn.get(root);
      if (kinds === undefined) {
        kinds = new Set();
        queuedIn.set(root, kinds);
        const committed = kinds;
        root.afterCommit(() => this.wakeDispatchers(committed));
      }
      addKinds(kinds, handled, rows[0]?.webhooks ?? 0);
    } else {
      // One statement is atomic on its own: no BEGIN and COMMIT round trips around it.
      const { rows } = await autocommit<{ webhooks: number }>(this.sequelize, EMIT, bind);
      this.wakeDispatchers(addKinds(new Set(), handled, rows[0]?.webhooks ?? 0));
    }
    if (this.log.isLevelEnabled('debug')) this.log.debug({ events: columns.fullNames, eventIds: columns.ids, module: emitter }, 'events written to the outbox');
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

/** The EMIT statement's parameters, one array element per event (or per delivery). */
interface EmitColumns {
  ids: string[];
  names: string[];
  versions: number[];
  payloads: string[];
  correlationIds: string[];
  causationIds: Array<string | null>;
  fullNames: string[];
  deliveryEvents: string[];
  deliveryHandlers: string[];
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function addKinds(kinds: Set<WakeKind>, handled: boolean, webhooks: number): Set<WakeKind> {
  if (handled) kinds.add('handlers');
  if (webhooks > 0) kinds.add('webhooks');
  return kinds;
}

/** Commit hooks run on the outermost transaction; a savepoint's "commit" is only a release. */
