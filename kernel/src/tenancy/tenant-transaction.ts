import { TENANT_SETTING } from '@rustok/contracts';
import type { Sequelize, Transaction } from 'sequelize';
import { currentScope, runInScope } from './scope';

/** Sets the tenant row-level security policies read, for the rest of the transaction only. */
export const SET_TENANT_SQL = `SELECT set_config('${TENANT_SETTING}', $1, true)`;

/**
 * A managed transaction in the current tenant scope: the tenant setting is
 * made local to it, and code inside runs with it as the scope's transaction.
 */
export function tenantTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  const outer = currentScope();
  const tenantId = outer?.tenantId ?? null;
  return sequelize.transaction(async (transaction) => {
    if (tenantId !== null) await sequelize.query(SET_TENANT_SQL, { bind: [tenantId], transaction });
    return runInScope({ tenantId, request: outer?.request ?? null, transaction }, () => work(transaction));
  });
}
