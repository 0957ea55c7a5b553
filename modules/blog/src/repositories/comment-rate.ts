import type { Transaction } from 'sequelize';
import { SCHEMA, type Sql } from './sql';

/** Comment attempts per IP in a fixed window. Tenant-owned: run in a transaction of the tenant. */
export class CommentRateRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Counts one more attempt from `ip` and returns the count within the
   * window, this one included; a window older than `windowSeconds` starts
   * over. One statement (an upsert taking the row lock), so concurrent
   * attempts each get their own number and none is lost.
   */
  async hit(tenantId: string, ip: string, windowSeconds: number, transaction: Transaction): Promise<number> {
    const row = await this.sql.one<{ hits: number }>(
      `INSERT INTO ${SCHEMA}.comment_rate AS r (tenant_id, ip, hits, window_started_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (tenant_id, ip) DO UPDATE SET
         hits = CASE WHEN r.window_started_at <= now() - make_interval(secs => $3::int) THEN 1 ELSE r.hits + 1 END,
         window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => $3::int) THEN now() ELSE r.window_started_at END
       RETURNING hits`,
      [tenantId, ip, windowSeconds],
      transaction,
    );
    return row?.hits ?? 1;
  }

  /** Forgets windows that ended long ago, so the table holds recent senders only. */
  async prune(tenantId: string, windowSeconds: number, transaction: Transaction): Promise<void> {
    await this.sql.rows(`DELETE FROM ${SCHEMA}.comment_rate WHERE tenant_id = $1 AND window_started_at < now() - make_interval(secs => $2::int * 2)`, [tenantId, windowSeconds], transaction);
  }
}
