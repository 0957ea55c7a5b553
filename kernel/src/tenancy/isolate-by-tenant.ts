import { ErrorCodes, MigrationError } from '../errors';

/** Name of the policy `isolateByTenant` creates; the boot check looks for it. */
export const TENANT_POLICY = 'rustok_tenant_isolation';

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
      USING (tenant_id = rustok.current_tenant_id())
      WITH CHECK (tenant_id = rustok.current_tenant_id());`;
}
