import { randomUUID } from 'node:crypto';
import EventEmitter from 'eventemitter3';
import type { EmitOptions, EventHandler, EventMeta } from '@rustok/contracts';
import type { Logger } from 'pino';
import { deepFreeze } from '../deep-freeze';
import { ErrorCodes, ModuleAccessError } from '../errors';
import type { ValidateFunction } from '../json-schema';
import { describeAjvErrors } from '../json-schema';

interface Delivery {
  payload: unknown;
  meta: EventMeta;
}

/**
 * In-process event bus. An event emitted inside a transaction is dispatched
 * after that transaction commits and dropped if it rolls back; events emitted
 * before `start()` wait until the server runs. Handlers run isolated from one
 * another: one failing handler is logged and never blocks the others.
 *
 * The signature `emit(name, payload, { transaction })` is the durable outbox's
 * too, so modules will not change when delivery becomes durable.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly schemas = new Map<string, { emitter: string; validate: ValidateFunction }>();
  private readonly waiting: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;

  constructor(private readonly log: Logger) {}

  declareEvent(name: string, emitter: string, validate: ValidateFunction): void {
    this.schemas.set(name, { emitter, validate });
  }

  subscribe(name: string, subscriber: string, handler: EventHandler): void {
    this.emitter.on(name, (delivery: Delivery) => {
      const run = (async () => {
        try {
          await handler(delivery.payload, delivery.meta);
        } catch (error) {
          this.log.error({ err: error, module: subscriber, event: name, eventId: delivery.meta.id }, 'event handler failed');
        }
      })();
      this.inFlight.add(run);
      void run.finally(() => this.inFlight.delete(run));
    });
  }

  async emit(emitter: string, name: string, payload: unknown, options: EmitOptions): Promise<void> {
    const declared = this.schemas.get(name);
    if (declared === undefined || declared.emitter !== emitter) {
      throw new ModuleAccessError(ErrorCodes.UNDECLARED_EVENT, `Module "${emitter}" emitted "${name}", which its manifest does not declare in events.emits.`, `Add "${name}" with its payload schema to events.emits of "${emitter}".`, { module: emitter, event: name });
    }
    if (options === undefined || !('transaction' in options)) {
      throw new ModuleAccessError(ErrorCodes.EVENT_TRANSACTION_MISSING, `Module "${emitter}" emitted "${name}" without saying which transaction it belongs to.`, 'Pass { transaction } of the write the event describes, or { transaction: null } to emit outside any transaction on purpose.', { module: emitter, event: name });
    }
    if (!declared.validate(payload)) {
      const violations = describeAjvErrors(declared.validate.errors, payload, 'payload');
      throw new ModuleAccessError(ErrorCodes.EVENT_PAYLOAD_INVALID, `Payload of "${name}" does not match its schema: ${violations.map((v) => v.message).join('; ')}.`, `Emit a payload that matches the schema declared for "${name}".`, { module: emitter, event: name, violations });
    }
    const delivery: Delivery = {
      payload: deepFreeze(structuredClone(payload)),
      meta: Object.freeze({ id: randomUUID(), name, emittedBy: emitter, emittedAt: new Date().toISOString() }),
    };
    if (options.transaction) options.transaction.afterCommit(() => this.dispatch(delivery));
    else this.dispatch(delivery);
  }

  start(): void {
    this.running = true;
    for (const delivery of this.waiting.splice(0)) this.dispatch(delivery);
  }

  /** Stops dispatching and waits for handlers already running. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled([...this.inFlight]);
  }

  private dispatch(delivery: Delivery): void {
    if (!this.running) {
      this.waiting.push(delivery);
      return;
    }
    this.emitter.emit(delivery.meta.name, delivery);
  }
}
