import type { EventsFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { CoreErrors, coreError, violatedUniqueConstraint } from '../errors';
import type { UserRow, UserStatus } from '../models/user';
import type { Page, PageQuery } from '../repositories/page';
import type { SessionRepository } from '../repositories/sessions';
import type { UserTokenRepository } from '../repositories/user-tokens';
import type { UserFilter, UserPatch, UserRepository } from '../repositories/users';
import { checkJsonObject, checkPassword, normalizeEmail } from '../validation';
import type { AuditService, AuditSource } from './audit';
import type { PasswordHasher } from './passwords';
import type { RbacService } from './rbac';
import type { Transactions } from './transactions';

export interface NewUserInput {
  email: string;
  password: string;
  displayName?: string | null;
  profile?: unknown;
  isPlatformOwner?: boolean;
}

/** A validated new user whose password is already hashed, ready to insert in a transaction. */
export interface PreparedUser {
  email: string;
  passwordHash: string;
  displayName: string | null;
  profile: Record<string, unknown>;
  isPlatformOwner: boolean;
}

export interface UserEdit {
  email?: string | null;
  displayName?: string | null;
  profile?: unknown;
}

export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly userTokens: UserTokenRepository,
    private readonly rbac: RbacService,
    private readonly hasher: PasswordHasher,
    private readonly transactions: Transactions,
    private readonly events: EventsFacade,
    private readonly audit: AuditService,
  ) {}

  /** Validates and hashes; outside any transaction, because hashing is slow and must not hold a connection. */
  async prepare(input: NewUserInput, fieldPrefix = ''): Promise<PreparedUser> {
    const email = normalizeEmail(input.email, `${fieldPrefix}email`);
    checkPassword(input.password, this.hasher.minLength, `${fieldPrefix}password`);
    const profile = input.profile == null ? {} : checkJsonObject(input.profile, `${fieldPrefix}profile`);
    return { email, passwordHash: await this.hasher.hash(input.password), displayName: input.displayName?.trim() || null, profile, isPlatformOwner: input.isPlatformOwner === true };
  }

  /** Inserts a prepared user with roles in the caller's transaction; tenant creation uses it for the first owner. */
  async insert(tenantId: string, user: PreparedUser, roleIds: readonly string[], source: AuditSource, transaction: Transaction): Promise<UserRow> {
    if (user.isPlatformOwner && source.actor?.platform !== true) {
      throw coreError(CoreErrors.FORBIDDEN, 'Only platform operators can create platform owners.', { field: 'isPlatformOwner' });
    }
    if ((await this.users.findByEmail(user.email, transaction)) !== null) throw emailTaken();
    const created = await this.#unique(() => this.users.create(user, transaction));
    for (const roleId of roleIds) await this.rbac.assign(tenantId, created.id, roleId, source, transaction, 'roleIds');
    await this.events.emit('core.user.created@1', { tenantId, userId: created.id, email: created.email, displayName: created.displayName }, { transaction });
    await this.audit.write({ ...source, action: 'core.user.created', outcome: 'success', target: created.id, detail: { email: created.email, roles: roleIds.length, platformOwner: created.isPlatformOwner } }, transaction);
    return created;
  }

  async create(tenantId: string, input: NewUserInput & { roleIds?: readonly string[] }, source: AuditSource): Promise<UserRow> {
    const prepared = await this.prepare(input);
    return this.transactions.inTenant(tenantId, (t) => this.insert(tenantId, prepared, input.roleIds ?? [], source, t));
  }

  get(tenantId: string, id: string): Promise<UserRow | null> {
    return this.transactions.inTenant(tenantId, (t) => this.users.findById(id, t));
  }

  list(tenantId: string, page: PageQuery, filter: UserFilter): Promise<Page<UserRow>> {
    return this.transactions.inTenant(tenantId, (t) => this.users.list(page, filter, t));
  }

  /** An admin's edit of another user (or of themself). A changed email is unverified again. */
  async update(tenantId: string, id: string, edit: UserEdit, source: AuditSource): Promise<UserRow> {
    return this.transactions.inTenant(tenantId, async (t) => {
      const user = await this.#findOrFail(id, t);
      if (source.actor?.id !== id) await this.rbac.assertCanManageUser(source.actor, id, t);
      return this.#apply(user, edit, source, t);
    });
  }

  /** A user's edit of their own profile; the email is not theirs to change without proving the new one. */
  async updateSelf(tenantId: string, id: string, edit: Omit<UserEdit, 'email'>, source: AuditSource): Promise<UserRow> {
    return this.transactions.inTenant(tenantId, async (t) => this.#apply(await this.#findOrFail(id, t), { displayName: edit.displayName, profile: edit.profile }, source, t));
  }

  async setStatus(tenantId: string, id: string, status: UserStatus, source: AuditSource): Promise<UserRow> {
    if (status === 'disabled' && source.actor?.id === id) {
      throw coreError(CoreErrors.CANNOT_DISABLE_SELF, 'You cannot disable your own account.', { field: 'id', fix: 'Ask another admin, or log out.' });
    }
    return this.transactions.inTenant(tenantId, async (t) => {
      const user = await this.#findOrFail(id, t);
      await this.rbac.assertCanManageUser(source.actor, id, t);
      if (user.status === status) return user;
      if (status === 'disabled') {
        await this.rbac.assertAnotherOwner(tenantId, id, t);
        // A disabled user's sessions are refused at authentication anyway; revoking them makes that permanent.
        await this.sessions.revokeAllOfUser(id, null, t);
      }
      const updated = (await this.users.update(id, { status }, t)) as UserRow;
      await this.audit.write({ ...source, action: status === 'disabled' ? 'core.user.disabled' : 'core.user.enabled', outcome: 'success', target: id }, t);
      return updated;
    });
  }

  async assignRole(tenantId: string, userId: string, roleId: string, source: AuditSource): Promise<UserRow> {
    return this.transactions.inTenant(tenantId, async (t) => {
      const user = await this.#findOrFail(userId, t, 'userId');
      await this.rbac.assign(tenantId, userId, roleId, source, t);
      return user;
    });
  }

  async revokeRole(tenantId: string, userId: string, roleId: string, source: AuditSource): Promise<UserRow> {
    return this.transactions.inTenant(tenantId, async (t) => {
      const user = await this.#findOrFail(userId, t, 'userId');
      await this.rbac.revoke(tenantId, userId, roleId, source, t);
      return user;
    });
  }

  async #apply(user: UserRow, edit: UserEdit, source: AuditSource, t: Transaction): Promise<UserRow> {
    const patch: UserPatch = {};
    if (edit.email != null) {
      const email = normalizeEmail(edit.email);
      if (email !== user.email) {
        if ((await this.users.findByEmail(email, t)) !== null) throw emailTaken();
        patch.email = email;
        patch.emailVerifiedAt = null;
        // Links mailed to the old address must not verify the new one.
        await this.userTokens.retireUnused(user.id, 'email-verification', t);
        // A reset link mailed to the old address must not take over the account once it moved.
        await this.userTokens.retireUnused(user.id, 'password-reset', t);
      }
    }
    if (edit.displayName !== undefined) patch.displayName = edit.displayName?.trim() || null;
    if (edit.profile != null) patch.profile = checkJsonObject(edit.profile, 'profile');
    if (Object.keys(patch).length === 0) return user;
    const updated = (await this.#unique(() => this.users.update(user.id, patch, t))) as UserRow;
    await this.audit.write({ ...source, action: 'core.user.updated', outcome: 'success', target: user.id, detail: { fields: Object.keys(patch) } }, t);
    return updated;
  }

  async #findOrFail(id: string, t: Transaction, field = 'id'): Promise<UserRow> {
    const user = await this.users.findById(id, t);
    if (user === null) throw coreError(CoreErrors.USER_NOT_FOUND, 'No such user in this tenant.', { field });
    return user;
  }

  async #unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'users_tenant_email_key') throw emailTaken();
      throw error;
    }
  }
}

function emailTaken() {
  return coreError(CoreErrors.EMAIL_TAKEN, 'A user with this email exists in the tenant.', { field: 'email' });
}
