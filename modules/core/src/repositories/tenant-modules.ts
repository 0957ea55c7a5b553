import type { Transaction } from 'sequelize';
import type { CoreModels } from '../models';
import type { TenantModuleRow } from '../models/tenant-module';
import { rows, SCHEMA } from './sql';

/** Tenant-owned: call inside a transaction of the tenant's scope. */
export class TenantModuleRepository {
  constructor(private readonly models: Pick<CoreModels, 'TenantModule'>) {}

  async list(transaction: Transaction): Promise<TenantModuleRow[]> {
    return (await this.models.TenantModule.findAll({ raw: true, transaction })) as unknown as TenantModuleRow[];
  }

  async set(tenantId: string, moduleId: string, enabled: boolean, transaction: Transaction): Promise<void> {
    await rows(
      this.models.TenantModule,
      `INSERT INTO ${SCHEMA}.tenant_modules (tenant_id, module_id, enabled, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (tenant_id, module_id) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
      [tenantId, moduleId, enabled],
      transaction,
    );
  }
}
