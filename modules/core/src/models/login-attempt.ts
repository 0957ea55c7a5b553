import type { ModelsFacade } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

/** Consecutive failed logins for one email from one IP; counted by LoginAttemptRepository's upsert. */
export function defineLoginAttempt(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CoreLoginAttempt',
    {
      tenantId: tenantColumn(types, { primaryKey: true }),
      emailLower: { type: types.TEXT, allowNull: false, primaryKey: true },
      ip: { type: types.TEXT, allowNull: false, primaryKey: true },
      failures: { type: types.INTEGER, allowNull: false },
      windowStartedAt: { type: types.DATE, allowNull: false },
    },
    { tableName: 'login_attempts', underscored: true, timestamps: false },
  );
}
