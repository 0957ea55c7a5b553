import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export type UserTokenKind = 'password-reset' | 'email-verification';

/** A single-use, expiring secret sent to a user's mailbox (through an event). */
export interface UserTokenRow {
  id: string;
  tenantId: string;
  userId: string;
  kind: UserTokenKind;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export function defineUserToken(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreUserToken',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      userId: { type: types.UUID, allowNull: false },
      kind: { type: types.TEXT, allowNull: false },
      tokenHash: { type: types.TEXT, allowNull: false },
      expiresAt: { type: types.DATE, allowNull: false },
      usedAt: { type: types.DATE },
    },
    { tableName: 'user_tokens', underscored: true, updatedAt: false },
  );
}
