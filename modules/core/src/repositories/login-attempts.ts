import type { Transaction } from 'sequelize';
import type { CoreModels } from '../models';
import { rows, SCHEMA } from './sql';

/** Tenant-owned: call inside a transaction of the tenant's scope. */
export class LoginAttemptRepository {
  constructor(private readonly models: Pick<CoreModels, 'LoginAttempt'>) {}

  /**
   * Counts one more attempt for (email, ip) and returns the count within the
   * window, the current one included; a window older than `windowMinutes`
   * starts over. One statement, so concurrent attempts each get their own number.
   */
  async hit(tenantId: string, emailLower: string, ip: string, windowMinutes: number, transaction: Transaction): Promise<number> {
    const [counted] = await rows<{ failures: number }>(
      this.models.LoginAttempt,
      `INSERT INTO ${SCHEMA}.login_attempts AS a (tenant_id, email_lower, ip, failures, window_started_at)
       VALUES ($1, $2, $3, 1, now())
       ON CONFLICT (tenant_id, email_lower, ip) DO UPDATE SET
         failures = CASE WHEN a.window_started_at <= now() - make_interval(mins => $4::int) THEN 1 ELSE a.failures + 1 END,
         window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(mins => $4::int) THEN now() ELSE a.window_started_at END
       RETURNING failures`,
      [tenantId, emailLower, ip, windowMinutes],
      transaction,
    );
    return counted?.failures ?? 1;
  }

  async clear(tenantId: string, emailLower: string, ip: string, transaction: Transaction): Promise<void> {
    // SQL rather than Model.destroy: see RoleRepository.delete.
    await rows(this.models.LoginAttempt, `DELETE FROM ${SCHEMA}.login_attempts WHERE tenant_id = $1 AND email_lower = $2 AND ip = $3`, [tenantId, emailLower, ip], transaction);
  }
}
