import { type ModelsFacade, uuidv7 } from '@rustok/contracts';

/** A store or site. A platform table: it has no tenant_id, so no row-level security. */
export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  domains: string[];
  defaultLocale: string;
  locales: string[];
  settings: Record<string, unknown>;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function defineTenant(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreTenant',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      slug: { type: types.TEXT, allowNull: false },
      name: { type: types.TEXT, allowNull: false },
      domains: { type: types.ARRAY(types.TEXT), allowNull: false, defaultValue: [] },
      defaultLocale: { type: types.TEXT, allowNull: false },
      locales: { type: types.ARRAY(types.TEXT), allowNull: false },
      settings: { type: types.JSONB, allowNull: false, defaultValue: {} },
      active: { type: types.BOOLEAN, allowNull: false, defaultValue: true },
    },
    { tableName: 'tenants', underscored: true },
  );
}
