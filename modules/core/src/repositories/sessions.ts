import { Op, type Transaction } from 'sequelize';
import type { CoreModels } from '../models';
import type { SessionRow } from '../models/session';
import type { UserStatus } from '../models/user';
import { toPage, type Page, type PageQuery } from './page';
import { rows, SCHEMA } from './sql';

export type NewSession = Pick<SessionRow, 'userId' | 'tokenHash' | 'ip' | 'userAgent' | 'expiresAt' | 'lastSeenAt'>;

/** A session looked up by its token, with the checks authentication needs computed by the database clock. */
export interface SessionCheck {
  id: string;
  userId: string;
  revoked: boolean;
  expired: boolean;
  idle: boolean;
  /**
   * last_seen_at is older than a minute (or a quarter of the idle timeout, when that is shorter):
   * worth one write to refresh it. Refreshing that often keeps a session in use from looking idle.
   */
  stale: boolean;
  userStatus: UserStatus;
  isPlatformOwner: boolean;
}

/** Tenant-owned: call inside a transaction of the tenant's scope. */
export class SessionRepository {
  constructor(private readonly models: Pick<CoreModels, 'Session'>) {}

  async create(session: NewSession, transaction: Transaction): Promise<SessionRow> {
    const created = await this.models.Session.create({ ...session }, { transaction });
    return created.get({ plain: true }) as SessionRow;
  }

  async check(tenantId: string, tokenHash: string, idleMinutes: number, transaction: Transaction): Promise<SessionCheck | null> {
    const [found] = await rows<SessionCheck>(
      this.models.Session,
      `SELECT s.id, s.user_id AS "userId", s.revoked_at IS NOT NULL AS revoked, s.expires_at <= now() AS expired,
              s.last_seen_at <= now() - make_interval(mins => $3::int) AS idle,
              s.last_seen_at <= now() - least(interval '1 minute', make_interval(secs => $3::int * 15)) AS stale,
              u.status AS "userStatus", u.is_platform_owner AS "isPlatformOwner"
         FROM ${SCHEMA}.sessions s JOIN ${SCHEMA}.users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        WHERE s.tenant_id = $1 AND s.token_hash = $2`,
      [tenantId, tokenHash, idleMinutes],
      transaction,
    );
    return found ?? null;
  }

  async touch(id: string, transaction: Transaction): Promise<void> {
    await this.models.Session.update({ lastSeenAt: new Date() }, { where: { id }, transaction });
  }

  async findLive(id: string, userId: string, transaction: Transaction): Promise<SessionRow | null> {
    return (await this.models.Session.findOne({ where: { id, userId, revokedAt: null, expiresAt: { [Op.gt]: new Date() } }, raw: true, transaction })) as SessionRow | null;
  }

  /** The user's sessions that are neither revoked nor past their absolute expiry, newest first. */
  async listLive(userId: string, page: PageQuery, transaction: Transaction): Promise<Page<SessionRow>> {
    const conditions: Record<string | symbol, unknown>[] = [{ userId }, { revokedAt: null }, { expiresAt: { [Op.gt]: new Date() } }];
    if (page.after !== null) conditions.push({ id: { [Op.lt]: page.after } });
    const fetched = (await this.models.Session.findAll({ where: { [Op.and]: conditions }, order: [['id', 'DESC']], limit: page.limit + 1, raw: true, transaction })) as unknown as SessionRow[];
    return toPage(fetched, page);
  }

  async revoke(id: string, transaction: Transaction): Promise<boolean> {
    const [count] = await this.models.Session.update({ revokedAt: new Date() }, { where: { id, revokedAt: null }, transaction });
    return count > 0;
  }

  /** Revokes every live session of the user except `keepId`; returns how many. */
  async revokeAllOfUser(userId: string, keepId: string | null, transaction: Transaction): Promise<number> {
    const where = keepId === null ? { userId, revokedAt: null } : { userId, revokedAt: null, id: { [Op.ne]: keepId } };
    const [count] = await this.models.Session.update({ revokedAt: new Date() }, { where, transaction });
    return count;
  }
}
