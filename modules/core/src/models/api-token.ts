import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

/** A credential for an app or storefront, holding a fixed subset of its creator's permissions. */
export interface ApiTokenRow {
  id: string;
  tenantId: string;
  name: string;
  tokenHash: string;
  permissions: string[];
  createdByKind: string;
  createdById: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function defineApiToken(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreApiToken',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      name: { type: types.TEXT, allowNull: false },
      tokenHash: { type: types.TEXT, allowNull: false },
      permissions: { type: types.ARRAY(types.TEXT), allowNull: false },
      createdByKind: { type: types.TEXT, allowNull: false },
      createdById: { type: types.TEXT, allowNull: false },
      expiresAt: { type: types.DATE },
      lastUsedAt: { type: types.DATE },
      revokedAt: { type: types.DATE },
    },
    { tableName: 'api_tokens', underscored: true, updatedAt: false },
  );
}
