import type { ModelsFacade } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export interface UserRoleRow {
  tenantId: string;
  userId: string;
  roleId: string;
  createdAt: Date;
}

export function defineUserRole(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreUserRole',
    {
      tenantId: tenantColumn(types),
      userId: { type: types.UUID, allowNull: false, primaryKey: true },
      roleId: { type: types.UUID, allowNull: false, primaryKey: true },
    },
    { tableName: 'user_roles', underscored: true, updatedAt: false },
  );
}
