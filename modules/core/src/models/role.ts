import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

/** The roles every tenant is created with; their grants come from the manifests (see RbacService). */
export const BUILT_IN_ROLES = ['owner', 'admin', 'editor', 'customer'] as const;

export interface RoleRow {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  /** For custom roles, all they grant; for built-in roles, what the tenant added to the manifests' grants. */
  permissions: string[];
  createdAt: Date;
  updatedAt: Date;
}

export function defineRole(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreRole',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      name: { type: types.TEXT, allowNull: false },
      description: { type: types.TEXT },
      builtIn: { type: types.BOOLEAN, allowNull: false, defaultValue: false },
      permissions: { type: types.ARRAY(types.TEXT), allowNull: false, defaultValue: [] },
    },
    { tableName: 'roles', underscored: true },
  );
}
