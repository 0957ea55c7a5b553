import type { ModuleMigration } from '@rustok/contracts';

export const tenantModulesMigration: ModuleMigration = {
  name: '0002-tenant-modules',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE tenant_modules (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        module_id text NOT NULL,
        enabled boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, module_id)
      )`);
    await isolateByTenant('tenant_modules');
  },
  down: 'DROP TABLE tenant_modules',
};
