import { permits, type Actor } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { CoreErrors, coreError, violatedUniqueConstraint } from '../errors';
import { BUILT_IN_ROLES, type RoleRow } from '../models/role';
import type { Platform } from '../platform';
import type { Page, PageQuery } from '../repositories/page';
import type { NewRole, RoleRepository } from '../repositories/roles';
import { checkRoleName } from '../validation';
import type { AuditService, AuditSource } from './audit';
import type { Transactions } from './transactions';

const DESCRIPTIONS: Record<(typeof BUILT_IN_ROLES)[number], string> = {
  owner: 'Everything, including switching modules and granting any role.',
  admin: 'Runs the tenant: what every module grants admins.',
  editor: 'Edits content: what every module grants editors.',
  customer: 'A shopper or reader: what every module grants customers.',
};

/**
 * Roles are per-tenant sets of permissions. Built-in roles take their grants
 * from the manifests at run time (owner: `*`; others: `rustok.roles` of every
 * installed module, plus anything the tenant added), so installing a module
 * extends them in every tenant without a data migration.
 *
 * Nobody hands out what they do not hold: a role, an assignment or an API
 * token may carry only permissions the acting actor itself has, and an actor
 * may only manage users whose permissions it covers.
 */
export class RbacService {
  constructor(
    private readonly roles: RoleRepository,
    private readonly platform: Platform,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** The roles a tenant is created with. */
  builtInRoles(): NewRole[] {
    return BUILT_IN_ROLES.map((name) => ({ name, description: DESCRIPTIONS[name], builtIn: true, permissions: [] }));
  }

  effectivePermissions(role: RoleRow): string[] {
    if (!role.builtIn) return [...role.permissions];
    const base = role.name === 'owner' ? ['*'] : this.platform.grantsOf(role.name);
    return [...new Set([...base, ...role.permissions])];
  }

  /** Union of the permissions of each user's roles. */
  async permissionsOfUsers(userIds: readonly string[], transaction: Transaction): Promise<Map<string, Set<string>>> {
    const result = new Map(userIds.map((id) => [id, new Set<string>()]));
    for (const { userId, role } of await this.roles.rolesOfUsers(userIds, transaction)) {
      const granted = result.get(userId);
      for (const permission of this.effectivePermissions(role)) granted?.add(permission);
    }
    return result;
  }

  async rolesOfUsers(tenantId: string, userIds: readonly string[]): Promise<Map<string, RoleRow[]>> {
    const pairs = await this.transactions.inTenant(tenantId, (t) => this.roles.rolesOfUsers(userIds, t));
    const result = new Map(userIds.map((id) => [id, [] as RoleRow[]]));
    for (const { userId, role } of pairs) result.get(userId)?.push(role);
    return result;
  }

  /** Throws PERMISSION_UNKNOWN unless every permission is declared (or `*`, or a declared resource's `manage`). */
  checkGrantable(permissions: readonly string[], field: string): string[] {
    const unknown = permissions.filter((p) => !this.platform.isGrantable(p));
    if (unknown.length > 0) {
      throw coreError(CoreErrors.PERMISSION_UNKNOWN, `No installed module declares ${unknown.map((p) => `"${p}"`).join(', ')}.`, { field, fix: 'Query `permissions` for the declared names.', details: { permissions: unknown } });
    }
    return [...new Set(permissions)];
  }

  /** Throws PERMISSION_NOT_HELD unless the actor holds every one of `permissions`. */
  assertHolds(actor: Actor | null, permissions: Iterable<string>, field: string): void {
    if (actor?.platform === true) return;
    const missing = [...permissions].filter((p) => actor === null || (p === '*' ? !actor.permissions.has('*') : !permits(actor.permissions, p)));
    if (missing.length > 0) {
      throw coreError(CoreErrors.PERMISSION_NOT_HELD, `You cannot hand out ${missing.map((p) => `"${p}"`).join(', ')}: you do not hold ${missing.length === 1 ? 'it' : 'them'} yourself.`, { field, details: { permissions: missing } });
    }
  }

  /** Throws FORBIDDEN unless the actor covers every permission of the user it wants to manage. */
  async assertCanManageUser(actor: Actor | null, userId: string, transaction: Transaction): Promise<void> {
    if (actor?.platform === true) return;
    const held = (await this.permissionsOfUsers([userId], transaction)).get(userId) ?? new Set<string>();
    try {
      this.assertHolds(actor, held, 'id');
    } catch {
      throw coreError(CoreErrors.FORBIDDEN, 'This user holds permissions you do not; ask someone who holds them (an owner).', { field: 'id' });
    }
  }

  list(tenantId: string, page: PageQuery): Promise<Page<RoleRow>> {
    return this.transactions.inTenant(tenantId, (t) => this.roles.list(page, t));
  }

  get(tenantId: string, roleId: string): Promise<RoleRow | null> {
    return this.transactions.inTenant(tenantId, (t) => this.roles.findById(roleId, t));
  }

  byName(tenantId: string, name: string): Promise<RoleRow | null> {
    return this.transactions.inTenant(tenantId, (t) => this.roles.findByName(name, t));
  }

  async findOrFail(roleId: string, transaction: Transaction, field = 'roleId'): Promise<RoleRow> {
    const role = await this.roles.findById(roleId, transaction);
    if (role === null) throw coreError(CoreErrors.ROLE_NOT_FOUND, 'No such role in this tenant.', { field });
    return role;
  }

  async create(tenantId: string, input: { name: string; description?: string | null; permissions: readonly string[] }, source: AuditSource): Promise<RoleRow> {
    const name = checkRoleName(input.name);
    const permissions = this.checkGrantable(input.permissions, 'permissions');
    this.assertHolds(source.actor, permissions, 'permissions');
    return this.transactions.inTenant(tenantId, async (t) => {
      const [role] = await this.#named(() => this.roles.createMany([{ name, description: input.description ?? null, builtIn: false, permissions }], t));
      await this.audit.write({ ...source, action: 'core.role.created', outcome: 'success', target: role?.id ?? null, detail: { name, permissions } }, t);
      return role as RoleRow;
    });
  }

  async update(tenantId: string, roleId: string, input: { name?: string | null; description?: string | null; permissions?: readonly string[] | null }, source: AuditSource): Promise<RoleRow> {
    const permissions = input.permissions == null ? undefined : this.checkGrantable(input.permissions, 'permissions');
    return this.transactions.inTenant(tenantId, async (t) => {
      const role = await this.findOrFail(roleId, t, 'id');
      if (role.builtIn) throw coreError(CoreErrors.ROLE_BUILT_IN, `Built-in role "${role.name}" takes its permissions from the installed modules and cannot be edited.`, { field: 'id', fix: 'Create a custom role instead.' });
      this.assertHolds(source.actor, [...role.permissions, ...(permissions ?? [])], 'permissions');
      const patch = {
        ...(input.name == null ? {} : { name: checkRoleName(input.name) }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(permissions === undefined ? {} : { permissions }),
      };
      const updated = await this.#named(() => this.roles.update(roleId, patch, t));
      await this.audit.write({ ...source, action: 'core.role.updated', outcome: 'success', target: roleId, detail: { before: { name: role.name, permissions: role.permissions }, after: patch } }, t);
      return updated as RoleRow;
    });
  }

  async delete(tenantId: string, roleId: string, source: AuditSource): Promise<void> {
    await this.transactions.inTenant(tenantId, async (t) => {
      const role = await this.findOrFail(roleId, t, 'id');
      if (role.builtIn) throw coreError(CoreErrors.ROLE_BUILT_IN, `Built-in role "${role.name}" cannot be deleted.`, { field: 'id' });
      this.assertHolds(source.actor, role.permissions, 'id');
      await this.roles.delete(tenantId, roleId, t);
      await this.audit.write({ ...source, action: 'core.role.deleted', outcome: 'success', target: roleId, detail: { name: role.name, permissions: role.permissions } }, t);
    });
  }

  /** `field` names the input that carried the role, for the error a client sees (`roleId`, `roleIds`). */
  async assign(tenantId: string, userId: string, roleId: string, source: AuditSource, transaction: Transaction, field = 'roleId'): Promise<void> {
    const role = await this.findOrFail(roleId, transaction, field);
    this.assertHolds(source.actor, this.effectivePermissions(role), field);
    await this.assertCanManageUser(source.actor, userId, transaction);
    if (await this.roles.assign(tenantId, userId, roleId, transaction)) {
      await this.audit.write({ ...source, action: 'core.role.assigned', outcome: 'success', target: userId, detail: { role: role.name } }, transaction);
    }
  }

  async revoke(tenantId: string, userId: string, roleId: string, source: AuditSource, transaction: Transaction): Promise<void> {
    const role = await this.findOrFail(roleId, transaction);
    this.assertHolds(source.actor, this.effectivePermissions(role), 'roleId');
    await this.assertCanManageUser(source.actor, userId, transaction);
    if (role.builtIn && role.name === 'owner') await this.assertAnotherOwner(tenantId, userId, transaction);
    if (await this.roles.revoke(tenantId, userId, roleId, transaction)) {
      await this.audit.write({ ...source, action: 'core.role.revoked', outcome: 'success', target: userId, detail: { role: role.name } }, transaction);
    }
  }

  /** Throws LAST_OWNER when `userId` is the tenant's only active owner: nobody could then grant everything again. */
  async assertAnotherOwner(tenantId: string, userId: string, transaction: Transaction): Promise<void> {
    const owners = await this.roles.activeOwners(tenantId, transaction);
    if (owners.length > 0 && owners.every((id) => id === userId)) {
      throw coreError(CoreErrors.LAST_OWNER, 'This is the tenant\'s last active owner.', { field: 'userId', fix: 'Make another user owner first.' });
    }
  }

  async #named<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'roles_tenant_name_key') throw coreError(CoreErrors.ROLE_NAME_TAKEN, 'A role with this name exists in the tenant.', { field: 'name' });
      throw error;
    }
  }
}
