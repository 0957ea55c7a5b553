import type { EventsFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import type { Transactions } from '../../services/transactions';
import type { IdempotencyRepository } from '../repositories/idempotency';

/** The event commerce sends itself to prune a tenant's expired idempotency keys (delivered by the kernel at `dueAt`). */
export const PRUNE_DUE = 'commerce.idempotency.prune-due@1';

export interface PruneDuePayload {
  tenantId: string;
  /** The schedule this event belongs to; a handler finding another time in the schedule row only prunes. */
  dueAt: string;
}

/**
 * Expired idempotency keys already answer nothing (a claim takes an expired
 * key over), so pruning only keeps the table small. It runs per tenant on
 * the kernel's durable delayed delivery: the first idempotent request of a
 * tenant without a live schedule emits `commerce.idempotency.prune-due@1`
 * with `deliverAt` (in its own transaction, see IdempotencyRepository.claim);
 * the handler deletes expired keys and, while keys remain, emits the next
 * one at the earliest expiry but no sooner than the prune interval. With no
 * keys left the schedule ends, so idle tenants cost nothing. The same
 * pruning is the `rustok commerce prune-idempotency-keys` command.
 */
export class IdempotencyKeyPruning {
  constructor(private readonly deps: { keys: IdempotencyRepository; events: Pick<EventsFacade, 'emit'>; transactions: Transactions; intervalSeconds: number }) {}

  /** Emits the event of a schedule a claim just started (or revived), in the claim's transaction. */
  scheduled(tenantId: string, dueAt: Date, t: Transaction): Promise<void> {
    const payload: PruneDuePayload = { tenantId, dueAt: dueAt.toISOString() };
    return this.deps.events.emit(PRUNE_DUE, payload, { transaction: t, deliverAt: dueAt });
  }

  /** Handler of `commerce.idempotency.prune-due@1`, in the event's tenant and the delivery's transaction. */
  async handle(payload: PruneDuePayload, t: Transaction): Promise<number> {
    const current = await this.deps.keys.scheduleForUpdate(t);
    const deleted = await this.deps.keys.prune(t);
    // A redelivered or superseded event (a schedule revived after it was taken for lost) prunes and stops:
    // only the event of the current schedule continues the chain, so chains never multiply.
    if (current === null || current.getTime() !== new Date(payload.dueAt).getTime()) return deleted;
    const earliest = await this.deps.keys.earliestExpiry(t);
    if (earliest === null) {
      await this.deps.keys.endSchedule(t);
      return deleted;
    }
    // Millisecond precision, as the payload carries it, so the next handler's comparison holds.
    const next = new Date(Math.max(earliest.getTime(), Date.now() + this.deps.intervalSeconds * 1000));
    await this.deps.keys.reschedule(next, t);
    await this.scheduled(payload.tenantId, next, t);
    return deleted;
  }

  /** Deletes one tenant's expired keys now (the CLI command); returns how many. */
  pruneNow(tenantId: string): Promise<number> {
    return this.deps.transactions.inTenant(tenantId, (t) => this.deps.keys.prune(t));
  }
}
