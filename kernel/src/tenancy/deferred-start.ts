import type { Sequelize, Transaction } from 'sequelize';
import { rootTransaction } from './transaction-state';

/**
 * START TRANSACTION sent together with a transaction's first statement, instead of on a round
 * trip (and a socket write) of its own before it. sequelize begins a transaction before handing it
 * to the callback; for the transactions the kernel opens for modules (ctx.models.transaction) the
 * START is held back, and whatever first reaches the connection sends it ahead of itself:
 * - the kernel's own statements (ctx.models.query, the outbox, a COMMIT with riders) pipeline it in
 *   the same write (raw-sql.ts, `sendWithPendingStart`);
 * - anything through sequelize (model calls, sequelize's own COMMIT or ROLLBACK) sends it first, as
 *   sequelize would have; a COMMIT or ROLLBACK with nothing before it sends neither.
 * A START TRANSACTION on an idle pooled connection fails only when the connection itself does, and
 * then the statement behind it cannot run either.
 */
export const DEFER_START_OPTION = 'rustokDeferStart';
export const START_SQL = 'START TRANSACTION;';

const pending = new WeakSet<Transaction>();
const patched = new WeakSet<Sequelize>();

/** Whether `transaction`'s START is still to be sent; clears it, so exactly one caller sends it. */
export function takePendingStart(transaction: Transaction): boolean {
  const root = rootTransaction(transaction);
  if (!pending.has(root)) return false;
  pending.delete(root);
  return true;
}

/** Makes transactions opened with `{ [DEFER_START_OPTION]: true }` hold their START back; once per Sequelize. */
export function deferTransactionStarts(sequelize: Sequelize): void {
  if (patched.has(sequelize)) return;
  patched.add(sequelize);
  const queryInterface = sequelize.getQueryInterface() as unknown as { startTransaction(transaction: Transaction, options?: Record<string, unknown>): Promise<unknown> };
  const startTransaction = queryInterface.startTransaction.bind(queryInterface);
  queryInterface.startTransaction = async (transaction, options) => {
    if (options?.[DEFER_START_OPTION] !== true || (transaction as { parent?: Transaction }).parent) return startTransaction(transaction, options);
    pending.add(transaction);
    return undefined;
  };
  // sequelize.query is overloaded; this wrapper only looks at options.transaction and passes everything on.
  const query = sequelize.query.bind(sequelize) as (sql: unknown, options?: { transaction?: Transaction | null; completesTransaction?: boolean }) => Promise<unknown>;
  (sequelize as unknown as { query: typeof query }).query = async (sql, options) => {
    const transaction = options?.transaction;
    if (transaction && takePendingStart(transaction)) {
      // The COMMIT or ROLLBACK of a transaction that never sent anything: there is nothing to end.
      if (options?.completesTransaction === true) return [[], null];
      await query(START_SQL, { transaction: rootTransaction(transaction) });
    }
    return query(sql, options);
  };
}
