import type { Transaction } from 'sequelize';
import { pipelineThenCommit, type Prepared } from '../events/raw-sql';

/**
 * Writes that ride a transaction's COMMIT: a statement registered here is sent together with the
 * COMMIT (pipelined, one round trip for both) instead of on a round trip of its own. The outbox
 * uses it: a write's events are the last thing it records, and in a write that holds row locks
 * (checkout's stock and order counter) every round trip after the lock is time other writers
 * wait. The statement still runs inside the transaction: if it fails, the COMMIT that follows it
 * rolls everything back and the transaction's caller gets the statement's error.
 *
 * Only transactions the kernel commits itself (ctx.models.transaction) carry riders; for others
 * (a dispatcher's delivery transaction, whose handlers run in savepoints that may be rolled back)
 * `rideCommit` answers null and the caller writes at once.
 */
export interface CommitRider {
  readonly statement: Prepared;
  /** The statement's parameters, asked for when the COMMIT is sent (riders gather work until then). */
  values(): unknown[];
  /** Called once the COMMIT succeeded, with the statement's rows. */
  committed(rows: unknown[]): void;
}

/** Each carrying transaction's riders, by key. */
const riders = new WeakMap<Transaction, Map<string, CommitRider>>();

/** sequelize's Transaction internals the COMMIT below stands in for (sequelize 6, lib/transaction.js). */
interface SequelizeTransactionInternals {
  finished?: string;
  cleanup(): void;
  forceCleanup(): Promise<void>;
  _afterCommitHooks: Array<(transaction: Transaction) => unknown>;
}

/**
 * Lets riders join `transaction`: its commit() sends their statements with the COMMIT. Without
 * riders it is sequelize's own commit, unchanged.
 */
export function carryCommitRiders(transaction: Transaction): void {
  const own = new Map<string, CommitRider>();
  riders.set(transaction, own);
  const commit = transaction.commit.bind(transaction);
  transaction.commit = async () => {
    if (own.size === 0) return commit();
    const internals = transaction as unknown as SequelizeTransactionInternals;
    if (internals.finished !== undefined) throw new Error(`Transaction cannot be committed because it has been finished with state: ${internals.finished}`);
    const list = [...own.values()];
    // As sequelize marks it: from here on nothing may be sent on this transaction.
    internals.finished = 'commit';
    let results: unknown[][];
    try {
      results = await pipelineThenCommit(
        transaction,
        list.map((rider) => ({ statement: rider.statement, values: rider.values() })),
      );
    } catch (error) {
      // As sequelize does when a COMMIT fails: the connection's state is not trusted any more.
      await internals.forceCleanup();
      throw error;
    }
    internals.cleanup();
    for (const [index, rider] of list.entries()) rider.committed(results[index] ?? []);
    // Only after a COMMIT that happened (sequelize also runs them after a failed one).
    for (const hook of internals._afterCommitHooks) await hook(transaction);
  };
}

/**
 * The rider `key` of `transaction`, made by `create` the first time; null when the transaction
 * carries no riders (it is not one the kernel commits), so the caller must write at once.
 */
export function rideCommit<R extends CommitRider>(transaction: Transaction, key: string, create: () => R): R | null {
  const own = riders.get(transaction);
  if (own === undefined) return null;
  const existing = own.get(key);
  if (existing !== undefined) return existing as R;
  const rider = create();
  own.set(key, rider);
  return rider;
}
