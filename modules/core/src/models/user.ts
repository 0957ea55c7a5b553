import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export type UserStatus = 'active' | 'disabled';

export interface UserRow {
  id: string;
  tenantId: string;
  /** Always lower case (a CHECK enforces it), so the unique index is case-insensitive. */
  email: string;
  passwordHash: string;
  displayName: string | null;
  profile: Record<string, unknown>;
  status: UserStatus;
  emailVerifiedAt: Date | null;
  isPlatformOwner: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function defineUser(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreUser',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      email: { type: types.TEXT, allowNull: false },
      passwordHash: { type: types.TEXT, allowNull: false },
      displayName: { type: types.TEXT },
      profile: { type: types.JSONB, allowNull: false, defaultValue: {} },
      status: { type: types.TEXT, allowNull: false, defaultValue: 'active' },
      emailVerifiedAt: { type: types.DATE },
      isPlatformOwner: { type: types.BOOLEAN, allowNull: false, defaultValue: false },
    },
    { tableName: 'users', underscored: true },
  );
}
