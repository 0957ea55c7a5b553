import type { Actor } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { SessionRepository } from '../repositories/sessions';
import type { UserRepository } from '../repositories/users';
import { checkPassword } from '../validation';
import type { AuditService, AuditSource } from './audit';
import type { LoginRateLimit } from './login-rate-limit';
import type { PasswordHasher } from './passwords';
import { userSession } from './sessions';
import type { Transactions } from './transactions';

/**
 * A signed-in user changes their password. The current password is checked
 * under the login rate limit (a stolen session must not become a password
 * oracle), and every other session of the user is revoked.
 */
export class PasswordChangeService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly rateLimit: LoginRateLimit,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async change(tenantId: string, actor: Actor, currentPassword: string, newPassword: string, source: AuditSource): Promise<number> {
    const sessionId = userSession(actor);
    checkPassword(newPassword, this.hasher.minLength, 'newPassword');
    const ip = source.ip ?? '';
    const { limited, user } = await this.transactions.inTenant(tenantId, async (t) => {
      const found = await this.users.findById(actor.id, t);
      if (found === null) throw coreError(CoreErrors.USER_NOT_FOUND, 'Your user no longer exists.');
      return { user: found, limited: await this.rateLimit.refuses(tenantId, found.email, ip, t) };
    });
    const fail = async (reason: string, error: Error): Promise<never> => {
      await this.audit.writeAlone(tenantId, { ...source, action: 'core.user.password-changed', outcome: 'failure', target: actor.id, detail: { reason } });
      throw error;
    };
    if (limited) return fail('rate-limited', coreError(CoreErrors.RATE_LIMITED, 'Too many wrong passwords; try again later.', { field: 'currentPassword' }));
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      return fail('wrong-password', coreError(CoreErrors.PASSWORD_INCORRECT, 'The current password is wrong.', { field: 'currentPassword' }));
    }
    const passwordHash = await this.hasher.hash(newPassword);
    return this.transactions.inTenant(tenantId, async (t) => {
      await this.rateLimit.clear(tenantId, user.email, ip, t);
      await this.users.update(user.id, { passwordHash }, t);
      const revoked = await this.sessions.revokeAllOfUser(user.id, sessionId, t);
      await this.audit.write({ ...source, action: 'core.user.password-changed', outcome: 'success', target: user.id, detail: { otherSessionsRevoked: revoked } }, t);
      return revoked;
    });
  }
}
