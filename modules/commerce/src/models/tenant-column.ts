import type { ModelsFacade } from '@rustok/contracts';

/**
 * The attribute that makes a model tenant-owned (`tenant_id`). The kernel
 * fills it before validation and filters every query by it; the column's
 * NOT NULL and row-level security's WITH CHECK hold in the database.
 */
export function tenantColumn(types: ModelsFacade['types']) {
  return { type: types.UUID, field: 'tenant_id' };
}
