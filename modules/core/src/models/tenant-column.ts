import type { ModelsFacade } from '@rustok/contracts';

/**
 * The attribute that makes a model tenant-owned (`tenant_id`). The kernel
 * fills it in a beforeCreate hook, which Sequelize runs after its own
 * validation, so it is not declared `allowNull: false` here; the column's
 * NOT NULL (and row-level security's WITH CHECK) still hold in the database.
 */
export function tenantColumn(types: ModelsFacade['types'], options: { primaryKey?: boolean } = {}) {
  return { type: types.UUID, ...options };
}
