import { TENANT_SETTING } from '@rustok/contracts';
import type { Sequelize } from 'sequelize';
import { currentTenantId } from './scope';

interface PgConnection {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** Binds a connection to a tenant for the rest of its session (until the next binding). */
export const SESSION_TENANT_SQL = `SELECT set_config('${TENANT_SETTING}', $1, false)`;

/** The tenant setting each pooled connection holds at session level ('' for none). */
const sessionTenant = new WeakMap<object, string>();

/**
 * Every connection the application pool hands out carries, at session level,
 * the tenant of the scope that asked for it ('' outside any scope), so a
 * query outside a transaction — a loader's read, a single insert — runs under
 * row-level security for the right tenant without BEGIN, set_config and
 * COMMIT of its own. The setting is sent only when it differs from what the
 * connection already holds, and always before the connection is used, so no
 * connection carries one tenant's visibility into another's work.
 * Transactions rely on it too (`tenantTransaction` sets nothing of its own);
 * a delivery batch of several tenants' events sets it locally per handler.
 */
export function bindConnectionsToScope(sequelize: Sequelize): void {
  sequelize.addHook('afterPoolAcquire', async (connection: unknown) => {
    const wanted = currentTenantId() ?? '';
    if ((sessionTenant.get(connection as object) ?? '') === wanted) return;
    try {
      await (connection as PgConnection).query(SESSION_TENANT_SQL, [wanted]);
      sessionTenant.set(connection as object, wanted);
    } catch (error) {
      // sequelize does not release a connection whose acquire hook failed: hand it back destroyed.
      await (sequelize.connectionManager as unknown as { pool: { destroy(resource: unknown): Promise<void> } }).pool.destroy(connection).catch(() => undefined);
      throw error;
    }
  });
}
