import type { Transaction } from 'sequelize';

/** The outermost transaction of a savepoint (or the transaction itself). */
export function rootTransaction(transaction: Transaction): Transaction {
  let root = transaction;
  for (let parent = (root as { parent?: Transaction }).parent; parent; parent = (root as { parent?: Transaction }).parent) root = parent;
  return root;
}

/**
 * How a transaction ended ('commit' or 'rollback'), or undefined while it is
 * open. A savepoint ends with its outermost transaction. Once that has ended
 * its pg client is back in the pool, perhaps inside someone else's
 * transaction, so nothing may be sent on it any more.
 */
export function transactionEnded(transaction: Transaction): string | undefined {
  return (rootTransaction(transaction) as { finished?: string }).finished;
}
