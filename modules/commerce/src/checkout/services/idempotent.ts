import type { Transaction } from 'sequelize';
import type { Transactions } from '../../services/transactions';
import { checkIdempotencyKey, requestHash } from '../domain/idempotency';
import { CheckoutErrors, checkoutError } from '../errors';
import type { IdempotencyRepository } from '../repositories/idempotency';
import type { Caller } from './caller';
import type { IdempotencyKeyPruning } from './key-pruning';

export interface IdempotentOperation<R> {
  /** Operation name: part of the key's scope. */
  name: string;
  /** Everything that defines the request: the same key with another input is refused. */
  input: unknown;
  work(t: Transaction): Promise<R>;
  /** What is stored to answer a replay (ids, not whole objects: a replay shows the current state). */
  remember(result: R): unknown;
  replay(remembered: unknown, t: Transaction): Promise<R>;
}

/**
 * Runs a storefront mutation once per idempotency key, in one transaction
 * with the key (see IdempotencyRepository). Only successes are remembered: a
 * refused request leaves no key, so a corrected retry with the same key runs.
 */
export class Idempotent {
  constructor(private readonly deps: { keys: IdempotencyRepository; transactions: Transactions; ttlSeconds: number; pruneIntervalSeconds: number; pruning: Pick<IdempotencyKeyPruning, 'scheduled'> }) {}

  run<R>(caller: Caller, rawKey: string | null | undefined, operation: IdempotentOperation<R>): Promise<R> {
    const key = checkIdempotencyKey(rawKey);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      if (key === null) return operation.work(t);
      const scope = `${operation.name}:${caller.actorId ?? 'guest'}`;
      const hash = requestHash(operation.input);
      const claim = await this.deps.keys.claim(scope, key, hash, this.deps.ttlSeconds, this.deps.pruneIntervalSeconds, t);
      if (claim.pruneDueAt !== null) await this.deps.pruning.scheduled(caller.tenantId, claim.pruneDueAt, t);
      if (!claim.claimed) {
        if (claim.requestHash !== hash) {
          throw checkoutError(CheckoutErrors.IDEMPOTENCY_KEY_REUSED, `This idempotency key was used for a different ${operation.name} request.`, {
            field: 'idempotencyKey',
            fix: 'Send a new key for a new request; resend the same input to get the first result.',
          });
        }
        return operation.replay(claim.response, t);
      }
      const result = await operation.work(t);
      await this.deps.keys.saveResponse(scope, key, operation.remember(result), t);
      return result;
    });
  }
}
