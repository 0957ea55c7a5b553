import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export interface CategoryRow {
  id: string;
  tenantId: string;
  parentId: string | null;
  handle: string;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export function defineCategory(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CommerceCategory',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      parentId: { type: types.UUID },
      handle: { type: types.TEXT, allowNull: false },
      position: { type: types.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { tableName: 'categories', underscored: true },
  );
}
