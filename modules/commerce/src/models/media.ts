import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export interface MediaRow {
  id: string;
  productId: string;
  url: string;
  alt: Record<string, string>;
  position: number;
}

export function defineMedia(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CommerceProductMedia',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      productId: { type: types.UUID, allowNull: false },
      url: { type: types.TEXT, allowNull: false },
      alt: { type: types.JSONB, allowNull: false, defaultValue: {} },
      position: { type: types.INTEGER, allowNull: false },
    },
    { tableName: 'product_media', underscored: true },
  );
}
