import type { Transaction } from 'sequelize';
import { CoreErrors, coreError } from '../errors';
import type { UserTokenKind } from '../models/user-token';
import type { UserTokenRepository } from '../repositories/user-tokens';
import { hashSecret, newSecret } from '../secrets';

/**
 * Issuing and redeeming the single-use, expiring tokens mailed to users
 * (password reset, email verification). Issuing retires the user's earlier
 * unused tokens of that kind, so only the newest link works.
 */
export class UserTokenFlow {
  constructor(
    private readonly tokens: UserTokenRepository,
    private readonly kind: UserTokenKind,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async issue(userId: string, transaction: Transaction): Promise<{ token: string; expiresAt: Date }> {
    await this.tokens.retireUnused(userId, this.kind, transaction);
    const token = newSecret(this.prefix);
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.tokens.create({ userId, kind: this.kind, tokenHash: hashSecret(token), expiresAt }, transaction);
    return { token, expiresAt };
  }

  /** The user the token was issued to; throws TOKEN_INVALID / TOKEN_EXPIRED (field `token`) otherwise. */
  async redeem(tenantId: string, token: string, transaction: Transaction): Promise<string> {
    const result = token.startsWith(this.prefix) ? await this.tokens.consume(tenantId, hashSecret(token), this.kind, transaction) : { outcome: 'invalid' as const };
    if (result.outcome === 'used') return result.userId;
    if (result.outcome === 'expired') throw coreError(CoreErrors.TOKEN_EXPIRED, 'This link has expired.', { field: 'token', fix: 'Ask for a new one.' });
    throw coreError(CoreErrors.TOKEN_INVALID, 'This link is not valid (or was already used).', { field: 'token', fix: 'Ask for a new one.' });
  }
}
