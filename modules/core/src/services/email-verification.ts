import type { Actor, EventsFacade } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { UserRepository } from '../repositories/users';
import type { AuditService, AuditSource } from './audit';
import { userSession } from './sessions';
import type { Transactions } from './transactions';
import type { UserTokenFlow } from './user-token-flow';

/** Proving an email address: the token goes out in `core.user.email-verification-requested@1`. */
export class EmailVerificationService {
  constructor(
    private readonly users: UserRepository,
    private readonly flow: UserTokenFlow,
    private readonly transactions: Transactions,
    private readonly events: EventsFacade,
    private readonly audit: AuditService,
  ) {}

  /** For the signed-in user; a no-op when their address is already verified. */
  async request(tenantId: string, actor: Actor, source: AuditSource): Promise<void> {
    userSession(actor);
    await this.transactions.inTenant(tenantId, async (t) => {
      const user = await this.users.findById(actor.id, t);
      if (user === null) throw coreError(CoreErrors.USER_NOT_FOUND, 'Your user no longer exists.');
      if (user.emailVerifiedAt !== null) return;
      const { token, expiresAt } = await this.flow.issue(user.id, t);
      await this.events.emit('core.user.email-verification-requested@1', { tenantId, userId: user.id, email: user.email, token, expiresAt: expiresAt.toISOString() }, { transaction: t });
      await this.audit.write({ ...source, action: 'core.user.email-verification-requested', outcome: 'success', target: user.id }, t);
    });
  }

  async verify(tenantId: string, token: string, source: AuditSource): Promise<void> {
    await this.transactions.inTenant(tenantId, async (t) => {
      const userId = await this.flow.redeem(tenantId, token, t);
      await this.users.update(userId, { emailVerifiedAt: new Date() }, t);
      await this.audit.write({ ...source, action: 'core.user.email-verified', outcome: 'success', target: userId }, t);
    });
  }
}
