import type { EventsFacade } from '@rustok/contracts';
import type { SessionRepository } from '../repositories/sessions';
import type { UserRepository } from '../repositories/users';
import { checkPassword } from '../validation';
import type { AuditService, AuditSource } from './audit';
import type { PasswordHasher } from './passwords';
import type { Transactions } from './transactions';
import type { UserTokenFlow } from './user-token-flow';

/**
 * Forgotten passwords. The token travels in `core.user.password-reset-requested@1`
 * (emitted in the same transaction), for whatever the operator hooks to it
 * (a mailer module, a webhook) to deliver; core sends no mail itself.
 */
export class PasswordResetService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly flow: UserTokenFlow,
    private readonly hasher: PasswordHasher,
    private readonly transactions: Transactions,
    private readonly events: EventsFacade,
    private readonly audit: AuditService,
  ) {}

  /** Always resolves: whether the email belongs to anyone is not the caller's business. */
  async request(tenantId: string, email: string, source: AuditSource): Promise<void> {
    const emailLower = email.trim().toLowerCase();
    await this.transactions.inTenant(tenantId, async (t) => {
      const user = await this.users.findByEmail(emailLower, t);
      if (user === null || user.status !== 'active') return;
      const { token, expiresAt } = await this.flow.issue(user.id, t);
      await this.events.emit('core.user.password-reset-requested@1', { tenantId, userId: user.id, email: user.email, token, expiresAt: expiresAt.toISOString() }, { transaction: t });
      await this.audit.write({ ...source, action: 'core.user.password-reset-requested', outcome: 'success', target: user.id }, t);
    });
  }

  /** Sets the new password, revokes every session, and counts as proof of the mailbox. */
  async reset(tenantId: string, token: string, newPassword: string, source: AuditSource): Promise<void> {
    checkPassword(newPassword, this.hasher.minLength, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.inTenant(tenantId, async (t) => {
      const userId = await this.flow.redeem(tenantId, token, t);
      const user = await this.users.findById(userId, t);
      await this.users.update(userId, { passwordHash, ...(user?.emailVerifiedAt == null ? { emailVerifiedAt: new Date() } : {}) }, t);
      const revoked = await this.sessions.revokeAllOfUser(userId, null, t);
      await this.audit.write({ ...source, action: 'core.user.password-reset', outcome: 'success', target: userId, detail: { sessionsRevoked: revoked } }, t);
    });
  }
}
