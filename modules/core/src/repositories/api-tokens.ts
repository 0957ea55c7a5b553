import { Op, type Transaction } from 'sequelize';
import type { CoreModels } from '../models';
import type { ApiTokenRow } from '../models/api-token';
import { toPage, type Page, type PageQuery } from './page';
import { rows, SCHEMA } from './sql';

export type NewApiToken = Pick<ApiTokenRow, 'name' | 'tokenHash' | 'permissions' | 'createdByKind' | 'createdById' | 'expiresAt'>;

export interface ApiTokenCheck {
  id: string;
  permissions: string[];
  revoked: boolean;
  expired: boolean;
  stale: boolean;
}

/** Tenant-owned: call inside a transaction of the tenant's scope. */
export class ApiTokenRepository {
  constructor(private readonly models: Pick<CoreModels, 'ApiToken'>) {}

  async create(token: NewApiToken, transaction: Transaction): Promise<ApiTokenRow> {
    const created = await this.models.ApiToken.create({ ...token }, { transaction });
    return created.get({ plain: true }) as ApiTokenRow;
  }

  async check(tenantId: string, tokenHash: string, transaction: Transaction): Promise<ApiTokenCheck | null> {
    const [found] = await rows<ApiTokenCheck>(
      this.models.ApiToken,
      `SELECT id, permissions, revoked_at IS NOT NULL AS revoked, coalesce(expires_at <= now(), false) AS expired,
              coalesce(last_used_at <= now() - interval '1 minute', true) AS stale
         FROM ${SCHEMA}.api_tokens WHERE tenant_id = $1 AND token_hash = $2`,
      [tenantId, tokenHash],
      transaction,
    );
    return found ?? null;
  }

  async touch(id: string, transaction: Transaction): Promise<void> {
    await this.models.ApiToken.update({ lastUsedAt: new Date() }, { where: { id }, transaction });
  }

  async findById(id: string, transaction: Transaction): Promise<ApiTokenRow | null> {
    return (await this.models.ApiToken.findOne({ where: { id }, raw: true, transaction })) as ApiTokenRow | null;
  }

  async list(page: PageQuery, includeRevoked: boolean, transaction: Transaction): Promise<Page<ApiTokenRow>> {
    const conditions: Record<string | symbol, unknown>[] = [];
    if (page.after !== null) conditions.push({ id: { [Op.gt]: page.after } });
    if (!includeRevoked) conditions.push({ revokedAt: null });
    const fetched = (await this.models.ApiToken.findAll({ where: { [Op.and]: conditions }, order: [['id', 'ASC']], limit: page.limit + 1, raw: true, transaction })) as unknown as ApiTokenRow[];
    return toPage(fetched, page);
  }

  async revoke(id: string, transaction: Transaction): Promise<ApiTokenRow | null> {
    await this.models.ApiToken.update({ revokedAt: new Date() }, { where: { id, revokedAt: null }, transaction });
    return this.findById(id, transaction);
  }
}
