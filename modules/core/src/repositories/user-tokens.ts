import type { Transaction } from 'sequelize';
import type { CoreModels } from '../models';
import type { UserTokenKind, UserTokenRow } from '../models/user-token';
import { rows, SCHEMA } from './sql';

export type ConsumeResult = { outcome: 'used'; userId: string } | { outcome: 'expired' } | { outcome: 'invalid' };

/** Single-use tokens. Tenant-owned: call inside a transaction of the tenant's scope. */
export class UserTokenRepository {
  constructor(private readonly models: Pick<CoreModels, 'UserToken'>) {}

  async create(token: Pick<UserTokenRow, 'userId' | 'kind' | 'tokenHash' | 'expiresAt'>, transaction: Transaction): Promise<UserTokenRow> {
    const created = await this.models.UserToken.create({ ...token }, { transaction });
    return created.get({ plain: true }) as UserTokenRow;
  }

  /** Marks the user's earlier unused tokens of `kind` used: only the newest link works. */
  async retireUnused(userId: string, kind: UserTokenKind, transaction: Transaction): Promise<void> {
    await this.models.UserToken.update({ usedAt: new Date() }, { where: { userId, kind, usedAt: null }, transaction });
  }

  /**
   * Uses the token if it is unused and unexpired. The conditional UPDATE is
   * atomic, so two concurrent uses of one token cannot both succeed.
   */
  async consume(tenantId: string, tokenHash: string, kind: UserTokenKind, transaction: Transaction): Promise<ConsumeResult> {
    const [used] = await rows<{ userId: string }>(
      this.models.UserToken,
      `UPDATE ${SCHEMA}.user_tokens SET used_at = now()
        WHERE tenant_id = $1 AND token_hash = $2 AND kind = $3 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id AS "userId"`,
      [tenantId, tokenHash, kind],
      transaction,
    );
    if (used !== undefined) return { outcome: 'used', userId: used.userId };
    const existing = (await this.models.UserToken.findOne({ where: { tokenHash, kind }, raw: true, transaction })) as UserTokenRow | null;
    return existing !== null && existing.usedAt === null ? { outcome: 'expired' } : { outcome: 'invalid' };
  }
}
