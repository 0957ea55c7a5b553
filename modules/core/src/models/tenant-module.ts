import type { ModelsFacade } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

/** An explicit switch of one installed module for one tenant; no row means "on". */
export interface TenantModuleRow {
  tenantId: string;
  moduleId: string;
  enabled: boolean;
  updatedAt: Date;
}

export function defineTenantModule(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreTenantModule',
    {
      tenantId: tenantColumn(types, { primaryKey: true }),
      moduleId: { type: types.TEXT, allowNull: false, primaryKey: true },
      enabled: { type: types.BOOLEAN, allowNull: false },
    },
    { tableName: 'tenant_modules', underscored: true, createdAt: false },
  );
}
