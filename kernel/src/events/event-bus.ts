import { randomUUID } from 'node:crypto';
import type { EmitOptions, EventHandler } from '@rustok/contracts';
import type { Logger } from 'pino';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { ErrorCodes, ModuleAccessError } from '../errors';
import type { ValidateFunction } from '../json-schema';
import { describeAjvErrors } from '../json-schema';
import { currentTenantId } from '../tenancy/scope';

/** Channel the outbox notifies on commit, so idle dispatchers wake at once. */
export const OUTBOX_CHANNEL = 'rustok_outbox';

export interface Subscription {
  /** Stable id, `module:event@version` (plus `#n` for a module's further handlers of the same event). */
  id: string;
  module: string;
  event: string;
  handler: EventHandler;
}

const EMIT_SQL = `
  WITH event AS (
    INSERT INTO rustok.outbox (id, name, version, emitted_by, payload, correlation_id, causation_id, tenant_id, deliver_at)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $10, $11::timestamptz) RETURNING id
  ), queued AS (
    INSERT INTO rustok.deliveries (event_id, handler, next_attempt_at)
    SELECT event.id, handler, coalesce($11::timestamptz, clock_timestamp()) FROM event, unnest($8::text[]) AS handler
    UNION ALL
    SELECT event.id, 'webhook:' || s.id, coalesce($11::timestamptz, clock_timestamp()) FROM event, rustok.webhook_subscriptions s WHERE s.active AND $9 = ANY (s.events)
    RETURNING 1
  )
  SELECT count(*) FROM queued`;

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
  private notifyAgain = false;
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

  async emit(emitter: string, name: string, payload: unknown, options: EmitOptions): Promise<void> {
    const declared = this.schemas.get(name);
    if (declared === undefined || declared.emitter !== emitter) {
      throw new ModuleAccessError(ErrorCodes.UNDECLARED_EVENT, `Module "${emitter}" emitted "${name}", which its manifest does not declare in events.emits.`, `Add "${name}" with its payload schema to events.emits of "${emitter}".`, { module: emitter, event: name });
    }
    if (options === undefined || options === null || !('transaction' in options)) {
      throw new ModuleAccessError(ErrorCodes.EVENT_TRANSACTION_MISSING, `Module "${emitter}" emitted "${name}" without saying which transaction it belongs to.`, 'Pass { transaction } of the write the event describes, or { transaction: null } to emit outside any transaction on purpose.', { module: emitter, event: name });
    }
    if (options.deliverAt !== undefined && !(options.deliverAt instanceof Date && Number.isFinite(options.deliverAt.getTime()))) {
      throw new ModuleAccessError(ErrorCodes.EVENT_DELIVER_AT_INVALID, `Module "${emitter}" emitted "${name}" with deliverAt ${String(options.deliverAt)}, which is not a valid Date.`, 'Pass a Date (e.g. new Date(scheduledFor)), or leave deliverAt out to deliver at once.', { module: emitter, event: name });
    }
    if (!declared.validate(payload)) {
      const violations = describeAjvErrors(declared.validate.errors, payload, 'payload');
      throw new ModuleAccessError(ErrorCodes.EVENT_PAYLOAD_INVALID, `Payload of "${name}" does not match its schema: ${violations.map((v) => v.message).join('; ')}.`, `Emit a payload that matches the schema declared for "${name}".`, { module: emitter, event: name, violations });
    }
    const [baseName, version] = name.split('@') as [string, string];
    const cause = options.transaction ? handling.get(options.transaction) : undefined;
    const id = randomUUID();
    const bind = [
      id,
      baseName,
      Number(version),
      emitter,
      JSON.stringify(payload),
      options.correlationId ?? cause?.correlationId ?? id,
      cause?.eventId ?? null,
      (this.subscriptions.get(name) ?? []).map((s) => s.id),
      name,
      // The emitter's tenant scope: handlers run in it, and skip it when their module is off there.
      currentTenantId(),
      options.deliverAt?.toISOString() ?? null,
    ];
    if (options.transaction) {
      await this.writeToOutbox(options.transaction, bind);
      rootOf(options.transaction).afterCommit(() => this.wakeDispatchers());
    } else {
      await this.sequelize.transaction((transaction) => this.writeToOutbox(transaction, bind));
      this.wakeDispatchers();
    }
    this.log.debug({ event: name, eventId: id, module: emitter }, 'event written to the outbox');
  }

  /**
   * One statement, one round trip: the event and its deliveries (module handlers and matching
   * webhooks). It runs as a named prepared statement on the transaction's own connection, because
   * sequelize re-plans every query and planning this one costs more than executing it.
   */
  private async writeToOutbox(transaction: Transaction, bind: unknown[]): Promise<void> {
    // sequelize keeps the transaction's pg client on `connection` (not in its public types).
    const connection = (transaction as unknown as { connection?: { query?: (config: { name: string; text: string; values: unknown[] }) => Promise<unknown> } }).connection;
    if (typeof connection?.query === 'function') await connection.query({ name: 'rustok_outbox_emit', text: EMIT_SQL, values: bind });
    else await this.sequelize.query(EMIT_SQL, { bind, transaction, type: QueryTypes.SELECT });
  }

  /**
   * NOTIFY after commit, not inside the emitting transaction: PostgreSQL holds a database-wide lock
   * from a notifying commit's start to its end, which would serialize every emitting commit. At most
   * one NOTIFY is in flight per process; emits meanwhile are covered by one more. If the process dies
   * between a commit and its NOTIFY, the dispatchers' polling finds the event.
   */
  private wakeDispatchers(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    void this.sequelize
      .query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`)
      .catch((error: unknown) => this.log.warn({ err: error }, 'outbox NOTIFY failed; dispatchers will find the event by polling'))
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) {
          this.notifyAgain = false;
          this.wakeDispatchers();
        }
      });
  }
}

/** Commit hooks run on the outermost transaction; a savepoint's "commit" is only a release. */
function rootOf(transaction: Transaction): Transaction {
  let root = transaction;
  for (let parent = (root as { parent?: Transaction }).parent; parent; parent = (root as { parent?: Transaction }).parent) root = parent;
  return root;
}
