import { TENANT_SETTING } from '@rustok/contracts';
import type { Sequelize, Transaction } from 'sequelize';
import { carryCommitRiders } from './commit-riders';
import { DEFER_START_OPTION } from './deferred-start';
import { currentScope, runInScope } from './scope';

/** Sets the tenant row-level security policies read, for the rest of the transaction only (deliveries of several tenants' events in one batch). */
export const SET_TENANT_SQL = `SELECT set_config('${TENANT_SETTING}', $1, true)`;

/**
 * A managed transaction in the current tenant scope; code inside runs with it
 * as the scope's transaction. Its connection is taken from the pool in this
 * scope, and the pool hands every connection out bound to the asking scope's
 * tenant (`bindConnectionsToScope`), so the transaction already runs for the
 * right tenant: setting it again, locally, would cost a round trip on every
 * write and change nothing. Its START goes out with its first statement
 * (deferred-start.ts; `deferTransactionStarts` must have been applied to
 * `sequelize`), its events with its COMMIT (commit-riders.ts).
 */
export function tenantTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  const outer = currentScope();
  const tenantId = outer?.tenantId ?? null;
  // DEFER_START_OPTION is the kernel's own, read by its startTransaction wrapper; sequelize's types do not know it.
  return sequelize.transaction({ [DEFER_START_OPTION]: true } as Parameters<Sequelize['transaction']>[0] & object, async (transaction) => {
    carryCommitRiders(transaction);
    return runInScope({ tenantId, request: outer?.request ?? null, transaction }, () => work(transaction));
  });
}
