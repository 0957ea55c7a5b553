import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export interface OptionRow {
  id: string;
  productId: string;
  name: string;
  translations: Record<string, string>;
  position: number;
}

export interface OptionValueRow {
  id: string;
  optionId: string;
  value: string;
  translations: Record<string, string>;
  position: number;
}

export function defineOption(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CommerceProductOption',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      productId: { type: types.UUID, allowNull: false },
      name: { type: types.TEXT, allowNull: false },
      translations: { type: types.JSONB, allowNull: false, defaultValue: {} },
      position: { type: types.INTEGER, allowNull: false },
    },
    { tableName: 'product_options', underscored: true },
  );
}

export function defineOptionValue(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CommerceProductOptionValue',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      optionId: { type: types.UUID, allowNull: false },
      value: { type: types.TEXT, allowNull: false },
      translations: { type: types.JSONB, allowNull: false, defaultValue: {} },
      position: { type: types.INTEGER, allowNull: false },
    },
    { tableName: 'product_option_values', underscored: true, timestamps: false },
  );
}
