import type { Transaction } from 'sequelize';
import type { Transactions } from '../../services/transactions';
import { checkIdempotencyKey, requestHash } from '../domain/idempotency';
import { CheckoutErrors, checkoutError } from '../errors';
import type { ClaimOutcome, IdempotencyRepository, KeyClaim } from '../repositories/idempotency';
import type { Caller } from './caller';
import type { IdempotencyKeyPruning } from './key-pruning';

export interface IdempotentOperation<R> {
  /** Operation name: part of the key's scope. */
  name: string;
  /** Everything that defines the request: the same key with another input is refused. */
  input: unknown;
  work(t: Transaction): Promise<R>;
  replay(remembered: unknown, t: Transaction): Promise<R>;
}

/**
 * What is stored to answer a replay (ids, not whole objects: a replay shows
 * the current state): known before the work (`answer`, stored with the
 * claim, so the key costs one statement) or only from its result
 * (`remember`, a second statement after the work).
 */
export type IdempotentAnswer<R> = { answer: unknown; remember?: never } | { remember(result: R): unknown; answer?: never };

/**
 * An operation whose first statement claims the key itself (`claimCtes`),
 * saving the claim's own round trip. With `claim` null (no key) it just
 * works. When the key was not claimed the work must stop at that statement,
 * having changed nothing, and report it: the key then answers.
 */
export interface ClaimingOperation<R> {
  name: string;
  input: unknown;
  answer: unknown;
  work(t: Transaction, claim: KeyClaim | null): Promise<(ClaimOutcome & { keyClaimed: true; result: R }) | (ClaimOutcome & { keyClaimed: false })>;
  replay(remembered: unknown, t: Transaction): Promise<R>;
}

/**
 * Runs a storefront mutation once per idempotency key, in one transaction
 * with the key (see IdempotencyRepository). Only successes are remembered: a
 * refused request leaves no key, so a corrected retry with the same key runs.
 */
export class Idempotent {
  constructor(private readonly deps: { keys: IdempotencyRepository; transactions: Transactions; ttlSeconds: number; pruneIntervalSeconds: number; pruning: Pick<IdempotencyKeyPruning, 'scheduled'> }) {}

  run<R>(caller: Caller, rawKey: string | null | undefined, operation: IdempotentOperation<R> & IdempotentAnswer<R>): Promise<R> {
    const key = checkIdempotencyKey(rawKey);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      if (key === null) return operation.work(t);
      const claim = this.claimOf(caller, key, operation.name, operation.input, operation.answer ?? null);
      const claimed = await this.deps.keys.claim(claim, t);
      await this.schedule(caller, claimed.pruneDueAt, t);
      if (!claimed.claimed) return this.answer(claim, operation, claimed, t);
      const result = await operation.work(t);
      if (operation.remember !== undefined) await this.deps.keys.saveResponse(claim.scope, key, operation.remember(result), t);
      return result;
    });
  }

  /** `run` for an operation that claims the key in its own first statement. */
  runClaiming<R>(caller: Caller, rawKey: string | null | undefined, operation: ClaimingOperation<R>): Promise<R> {
    const key = checkIdempotencyKey(rawKey);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const claim = key === null ? null : this.claimOf(caller, key, operation.name, operation.input, operation.answer);
      const outcome = await operation.work(t, claim);
      await this.schedule(caller, outcome.pruneDueAt, t);
      if (outcome.keyClaimed) return outcome.result;
      if (claim === null) throw new Error('An operation without a key reported its key unclaimed.');
      return this.answer(claim, operation, await this.deps.keys.existing(claim.scope, claim.key, t), t);
    });
  }

  private claimOf(caller: Caller, key: string, name: string, input: unknown, answer: unknown): KeyClaim {
    return { scope: `${name}:${caller.actorId ?? 'guest'}`, key, requestHash: requestHash(input), answer, ttlSeconds: this.deps.ttlSeconds, pruneIntervalSeconds: this.deps.pruneIntervalSeconds };
  }

  private async schedule(caller: Caller, pruneDueAt: Date | null, t: Transaction): Promise<void> {
    if (pruneDueAt !== null) await this.deps.pruning.scheduled(caller.tenantId, new Date(pruneDueAt), t);
  }

  /** A key someone else claimed: their answer for the same input, IDEMPOTENCY_KEY_REUSED for another. */
  private answer<R>(claim: KeyClaim, operation: { name: string; replay(remembered: unknown, t: Transaction): Promise<R> }, existing: { requestHash: string; response: unknown }, t: Transaction): Promise<R> {
    if (existing.requestHash !== claim.requestHash) {
      throw checkoutError(CheckoutErrors.IDEMPOTENCY_KEY_REUSED, `This idempotency key was used for a different ${operation.name} request.`, {
        field: 'idempotencyKey',
        fix: 'Send a new key for a new request; resend the same input to get the first result.',
      });
    }
    return operation.replay(existing.response, t);
  }
}
