import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

/** A login. Only the SHA-256 of its bearer token is stored. */
export interface SessionRow {
  id: string;
  tenantId: string;
  userId: string;
  tokenHash: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export function defineSession(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreSession',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      userId: { type: types.UUID, allowNull: false },
      tokenHash: { type: types.TEXT, allowNull: false },
      ip: { type: types.TEXT },
      userAgent: { type: types.TEXT },
      expiresAt: { type: types.DATE, allowNull: false },
      lastSeenAt: { type: types.DATE, allowNull: false },
      revokedAt: { type: types.DATE },
    },
    { tableName: 'sessions', underscored: true, updatedAt: false },
  );
}
