import type { Transaction } from 'sequelize';
import type { LoginAttemptRepository } from '../repositories/login-attempts';

/**
 * Brute-force brake per (email, IP): attempts are counted before the
 * password is checked, in a transaction that commits on its own, so a
 * refused or failed login still counts and 50 aliased login fields in one
 * request count 50 times. Past `maxFailures` consecutive failures within
 * the window, even the right password is refused until the window ends.
 */
export class LoginRateLimit {
  constructor(
    private readonly repository: LoginAttemptRepository,
    private readonly maxFailures: number,
    readonly windowMinutes: number,
  ) {}

  /** Counts this attempt; true when it is over the limit and must be refused unchecked. */
  async refuses(tenantId: string, emailLower: string, ip: string, transaction: Transaction): Promise<boolean> {
    return (await this.repository.hit(tenantId, emailLower, ip || 'unknown', this.windowMinutes, transaction)) > this.maxFailures;
  }

  /** A successful login forgets the failures. */
  async clear(tenantId: string, emailLower: string, ip: string, transaction: Transaction): Promise<void> {
    await this.repository.clear(tenantId, emailLower, ip || 'unknown', transaction);
  }
}
