import { QueryTypes, type Sequelize } from 'sequelize';
import type { ContractProblem } from '@rustok/contracts';
import { ErrorCodes } from '../errors';
import { TENANT_POLICY } from './isolate-by-tenant';

/**
 * Every table of a module schema with a `tenant_id` column must have row-level
 * security enabled and forced, with the kernel's isolation policy. Run as the
 * owner after migrations: a tenant-owned table without it is a hole, so the
 * kernel refuses to serve.
 */
export async function checkTenantIsolation(owner: Sequelize, schemas: ReadonlyArray<{ module: string; schema: string }>): Promise<ContractProblem[]> {
  const rows = await owner.query<{ schema: string; table: string; enabled: boolean; forced: boolean; policy: boolean }>(
    `SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
            EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = $2) AS policy
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attname = 'tenant_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
      ORDER BY n.nspname, c.relname`,
    { bind: [schemas.map((s) => s.schema), TENANT_POLICY], type: QueryTypes.SELECT },
  );
  return rows
    .filter((row) => !row.enabled || !row.forced || !row.policy)
    .map((row) => {
      const missing = [!row.enabled && 'row-level security is not enabled', !row.forced && 'not forced', !row.policy && `policy ${TENANT_POLICY} is missing`].filter(Boolean).join(', ');
      return {
        code: ErrorCodes.TENANT_ISOLATION_MISSING,
        message: `Table ${row.schema}.${row.table} has a tenant_id column but is not isolated by tenant: ${missing}.`,
        module: schemas.find((s) => s.schema === row.schema)?.module,
        path: `${row.schema}.${row.table}`,
        expected: 'ENABLE + FORCE ROW LEVEL SECURITY with the kernel tenant policy',
        received: missing,
        fix: `Add a migration that calls \`await context.isolateByTenant('${row.table}')\` (a function migration step).`,
      };
    });
}
