import type { Actor } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { SessionRow } from '../models/session';
import type { UserRow } from '../models/user';
import type { Page, PageQuery } from '../repositories/page';
import type { SessionRepository } from '../repositories/sessions';
import type { UserRepository } from '../repositories/users';
import { hashSecret, newSecret, SecretPrefix } from '../secrets';
import type { AuditService, AuditSource } from './audit';
import type { LoginRateLimit } from './login-rate-limit';
import type { PasswordHasher } from './passwords';
import type { RbacService } from './rbac';
import type { Transactions } from './transactions';

export interface SessionPolicy {
  ttlHours: number;
  idleMinutes: number;
}

export interface Client {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserRow;
  session: SessionRow;
}

/** Why a credential was refused; sent as `extensions.reason` with code UNAUTHENTICATED. */
export type RefusalReason = 'unknown' | 'revoked' | 'expired' | 'idle' | 'user-disabled' | 'no-tenant' | 'malformed';

export function refused(reason: RefusalReason, message: string): Error {
  return coreError(CoreErrors.UNAUTHENTICATED, message, { details: { reason }, fix: reason === 'no-tenant' ? 'Send X-Tenant: <slug> or call the tenant\'s own host.' : 'Log in again (or use a valid API token).' });
}

/**
 * Logins: opaque bearer tokens of which only a SHA-256 is stored, with an
 * absolute lifetime and an idle timeout.
 */
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly rbac: RbacService,
    private readonly hasher: PasswordHasher,
    private readonly rateLimit: LoginRateLimit,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly policy: SessionPolicy,
  ) {}

  async login(tenantId: string, email: string, password: string, client: Client): Promise<LoginResult> {
    const emailLower = email.trim().toLowerCase();
    const anonymous: AuditSource = { actor: null, ip: client.ip, requestId: client.requestId };
    const fail = async (reason: string, error: Error): Promise<never> => {
      await this.audit.writeAlone(tenantId, { ...anonymous, action: 'core.session.login', outcome: 'failure', detail: { email: emailLower, reason } });
      throw error;
    };
    // Committed before the password is checked: a failure that follows (or a crash) cannot roll the count back.
    const { limited, user } = await this.transactions.inTenant(tenantId, async (t) => ({
      limited: await this.rateLimit.refuses(tenantId, emailLower, client.ip, t),
      user: await this.users.findByEmail(emailLower, t),
    }));
    if (limited) {
      return fail('rate-limited', coreError(CoreErrors.RATE_LIMITED, 'Too many failed logins for this email from this address; try again later.', { details: { windowMinutes: this.rateLimit.windowMinutes } }));
    }
    let verified = false;
    if (user === null) await this.hasher.verifyDummy(password);
    else verified = await this.hasher.verify(user.passwordHash, password);
    if (user === null || !verified) return fail(user === null ? 'unknown-email' : 'wrong-password', coreError(CoreErrors.INVALID_CREDENTIALS, 'Wrong email or password.'));
    if (user.status !== 'active') return fail('disabled', coreError(CoreErrors.ACCOUNT_DISABLED, 'This account is disabled.', { fix: 'Ask a tenant admin to enable it.' }));

    const rehashed = this.hasher.needsRehash(user.passwordHash) ? await this.hasher.hash(password) : null;
    const token = newSecret(SecretPrefix.session);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.policy.ttlHours * 3_600_000);
    const session = await this.transactions.inTenant(tenantId, async (t) => {
      await this.rateLimit.clear(tenantId, emailLower, client.ip, t);
      if (rehashed !== null) await this.users.update(user.id, { passwordHash: rehashed }, t);
      const created = await this.sessions.create({ userId: user.id, tokenHash: hashSecret(token), ip: client.ip || null, userAgent: client.userAgent, expiresAt, lastSeenAt: now }, t);
      const actor: Actor = { kind: 'user', id: user.id, tenantId, platform: user.isPlatformOwner, permissions: new Set(), credentialId: created.id };
      await this.audit.write({ ...anonymous, actor, action: 'core.session.login', outcome: 'success', target: user.id, detail: { session: created.id } }, t);
      return created;
    });
    return { token, expiresAt, user, session };
  }

  /** The actor behind a session token; throws UNAUTHENTICATED (with a reason) for anything but a live session of an active user. */
  async authenticate(tenantId: string, token: string): Promise<Actor> {
    return this.transactions.inTenant(tenantId, async (t) => {
      const found = await this.sessions.check(tenantId, hashSecret(token), this.policy.idleMinutes, t);
      if (found === null) throw refused('unknown', 'This session token is not valid for this tenant.');
      if (found.revoked) throw refused('revoked', 'This session was logged out.');
      if (found.expired) throw refused('expired', 'This session has expired.');
      if (found.idle) throw refused('idle', `This session expired after ${this.policy.idleMinutes} minutes without use.`);
      if (found.userStatus !== 'active') throw refused('user-disabled', 'This account is disabled.');
      if (found.stale) await this.sessions.touch(found.id, t);
      const permissions = (await this.rbac.permissionsOfUsers([found.userId], t)).get(found.userId) ?? new Set<string>();
      return Object.freeze({ kind: 'user', id: found.userId, tenantId, platform: found.isPlatformOwner, permissions, credentialId: found.id }) satisfies Actor;
    });
  }

  async logout(tenantId: string, actor: Actor, source: AuditSource): Promise<boolean> {
    const sessionId = userSession(actor);
    return this.transactions.inTenant(tenantId, async (t) => {
      const revoked = await this.sessions.revoke(sessionId, t);
      await this.audit.write({ ...source, action: 'core.session.logout', outcome: 'success', target: actor.id, detail: { session: sessionId } }, t);
      return revoked;
    });
  }

  /** Revokes every session of the actor's user, the current one included; returns how many. */
  async logoutEverywhere(tenantId: string, actor: Actor, source: AuditSource): Promise<number> {
    userSession(actor);
    return this.transactions.inTenant(tenantId, async (t) => {
      const count = await this.sessions.revokeAllOfUser(actor.id, null, t);
      await this.audit.write({ ...source, action: 'core.session.logout-everywhere', outcome: 'success', target: actor.id, detail: { sessions: count } }, t);
      return count;
    });
  }

  async revoke(tenantId: string, actor: Actor, sessionId: string, source: AuditSource): Promise<boolean> {
    userSession(actor);
    return this.transactions.inTenant(tenantId, async (t) => {
      if ((await this.sessions.findLive(sessionId, actor.id, t)) === null) throw coreError(CoreErrors.SESSION_NOT_FOUND, 'You have no live session with this id.', { field: 'id' });
      await this.sessions.revoke(sessionId, t);
      await this.audit.write({ ...source, action: 'core.session.revoked', outcome: 'success', target: actor.id, detail: { session: sessionId } }, t);
      return true;
    });
  }

  list(tenantId: string, actor: Actor, page: PageQuery): Promise<Page<SessionRow>> {
    userSession(actor);
    return this.transactions.inTenant(tenantId, (t) => this.sessions.listLive(actor.id, page, t));
  }
}

/** The session behind a user actor; API tokens and the operator have none. */
export function userSession(actor: Actor): string {
  if (actor.kind !== 'user' || actor.credentialId === undefined) {
    throw coreError(CoreErrors.USER_ACTOR_REQUIRED, 'Only a signed-in user has sessions and a password; this request is authenticated otherwise.', { fix: 'Log in as the user.' });
  }
  return actor.credentialId;
}
