import { ErrorCodes, MigrationError } from '../errors';

/** Name of the policy `isolateByTenant` creates; the boot check looks for it. */
export const TENANT_POLICY = 'rustok_tenant_isolation';

/**
 * What a tenant-owned row's `tenant_id` must equal. The scalar subquery makes
 * PostgreSQL evaluate the setting once per statement (an InitPlan) and
 * compare each row with that value; called directly, the function (a GUC
 * lookup and a text-to-uuid cast) ran once per row scanned, which cost the
 * storefront listing about a third of its database time.
 */
export const TENANT_POLICY_EXPRESSION = 'tenant_id = (SELECT rustok.current_tenant_id())';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * SQL that makes `schema.table` tenant-owned: row-level security enabled and
 * forced (so the table owner is held to it too), one policy for every
 * command that shows and accepts only the transaction's tenant's rows.
 */
export function isolateByTenantSql(schema: string, table: string): string {
  if (!IDENTIFIER.test(table)) {
    throw new MigrationError(ErrorCodes.MIGRATION_FAILED, `isolateByTenant("${table}"): "${table}" is not a plain lower-case table name.`, 'Pass the unqualified table name, e.g. isolateByTenant("orders"); it is always in the module\'s schema.', { table });
  }
  const qualified = `"${schema}"."${table}"`;
  return `
    ALTER TABLE ${qualified} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${qualified} FORCE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS ${TENANT_POLICY} ON ${qualified};
    CREATE POLICY ${TENANT_POLICY} ON ${qualified}
      USING (${TENANT_POLICY_EXPRESSION})
      WITH CHECK (${TENANT_POLICY_EXPRESSION});`;
}
