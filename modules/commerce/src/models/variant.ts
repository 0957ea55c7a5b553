import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export type InventoryPolicy = 'deny' | 'continue';

export interface VariantRow {
  id: string;
  tenantId: string;
  productId: string;
  sku: string | null;
  barcode: string | null;
  weightGrams: number | null;
  position: number;
  inventoryPolicy: InventoryPolicy;
  lowStockThreshold: number;
  optionKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export function defineVariant(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CommerceVariant',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      productId: { type: types.UUID, allowNull: false },
      sku: { type: types.TEXT },
      barcode: { type: types.TEXT },
      weightGrams: { type: types.INTEGER },
      position: { type: types.INTEGER, allowNull: false },
      inventoryPolicy: { type: types.TEXT, allowNull: false, defaultValue: 'deny' },
      lowStockThreshold: { type: types.INTEGER, allowNull: false, defaultValue: 0 },
      optionKey: { type: types.TEXT, allowNull: false },
    },
    { tableName: 'variants', underscored: true },
  );
}
