import type { ModuleMigration } from '@rustok/contracts';

/**
 * Two logs: a tenant's own (row-level security, so a tenant admin reads only
 * theirs) and the platform's, for entries that belong to no tenant.
 */
export const auditLogMigration: ModuleMigration = {
  name: '0006-audit-log',
  up: async ({ query, isolateByTenant }) => {
    const columns = `
        id uuid PRIMARY KEY,
        actor_kind text,
        actor_id text,
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
        target text,
        ip text,
        request_id text,
        detail jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()`;
    await query(`
      CREATE TABLE audit_log (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,${columns}
      );
      CREATE INDEX audit_log_tenant_newest ON audit_log (tenant_id, id DESC);
      CREATE TABLE platform_audit_log (${columns}
      );`);
    await isolateByTenant('audit_log');
  },
  down: 'DROP TABLE platform_audit_log; DROP TABLE audit_log;',
};
