import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface ProductRow {
  id: string;
  tenantId: string;
  handle: string;
  status: ProductStatus;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function defineProduct(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CommerceProduct',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      handle: { type: types.TEXT, allowNull: false },
      status: { type: types.TEXT, allowNull: false, defaultValue: 'draft' },
      vendor: { type: types.TEXT },
      productType: { type: types.TEXT },
      tags: { type: types.ARRAY(types.TEXT), allowNull: false, defaultValue: [] },
      metadata: { type: types.JSONB, allowNull: false, defaultValue: {} },
      publishedAt: { type: types.DATE },
    },
    { tableName: 'products', underscored: true },
  );
}
