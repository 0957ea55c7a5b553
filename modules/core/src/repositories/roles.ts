import { Op, type Transaction } from 'sequelize';
import type { CoreModels } from '../models';
import type { RoleRow } from '../models/role';
import type { UserRoleRow } from '../models/user-role';
import { toPage, type Page, type PageQuery } from './page';
import { rows, SCHEMA } from './sql';

export type NewRole = Pick<RoleRow, 'name' | 'description' | 'builtIn' | 'permissions'>;
export type RolePatch = Partial<Pick<RoleRow, 'name' | 'description' | 'permissions'>>;

/** Roles and who holds them. Tenant-owned: call inside a transaction of the tenant's scope. */
export class RoleRepository {
  constructor(private readonly models: Pick<CoreModels, 'Role' | 'UserRole'>) {}

  async findById(id: string, transaction: Transaction): Promise<RoleRow | null> {
    return (await this.models.Role.findOne({ where: { id }, raw: true, transaction })) as RoleRow | null;
  }

  async findByName(name: string, transaction: Transaction): Promise<RoleRow | null> {
    return (await this.models.Role.findOne({ where: { name }, raw: true, transaction })) as RoleRow | null;
  }

  async list(page: PageQuery, transaction: Transaction): Promise<Page<RoleRow>> {
    const where = page.after === null ? {} : { id: { [Op.gt]: page.after } };
    const fetched = (await this.models.Role.findAll({ where, order: [['id', 'ASC']], limit: page.limit + 1, raw: true, transaction })) as unknown as RoleRow[];
    return toPage(fetched, page);
  }

  async createMany(roles: readonly NewRole[], transaction: Transaction): Promise<RoleRow[]> {
    const created = await this.models.Role.bulkCreate(roles.map((role) => ({ ...role })), { transaction, returning: true });
    return created.map((role) => role.get({ plain: true }) as RoleRow);
  }

  async update(id: string, patch: RolePatch, transaction: Transaction): Promise<RoleRow | null> {
    const [, updated] = await this.models.Role.update(patch, { where: { id }, transaction, returning: true });
    return (updated[0]?.get({ plain: true }) as RoleRow | undefined) ?? null;
  }

  /**
   * SQL rather than Model.destroy: Sequelize maps attribute names to columns
   * before the kernel's beforeBulkDestroy hook adds the tenant filter, so that
   * filter reaches PostgreSQL as "tenantId" (reported to the kernel).
   */
  async delete(tenantId: string, id: string, transaction: Transaction): Promise<boolean> {
    return (await rows(this.models.Role, `DELETE FROM ${SCHEMA}.roles WHERE tenant_id = $1 AND id = $2 RETURNING id`, [tenantId, id], transaction)).length > 0;
  }

  /** Every role held by each of `userIds`, as (userId, role) pairs. */
  async rolesOfUsers(userIds: readonly string[], transaction: Transaction): Promise<Array<{ userId: string; role: RoleRow }>> {
    if (userIds.length === 0) return [];
    const links = (await this.models.UserRole.findAll({ where: { userId: [...userIds] }, raw: true, transaction })) as unknown as UserRoleRow[];
    if (links.length === 0) return [];
    const roles = (await this.models.Role.findAll({ where: { id: [...new Set(links.map((link) => link.roleId))] }, raw: true, transaction })) as unknown as RoleRow[];
    const byId = new Map(roles.map((role) => [role.id, role]));
    return links.flatMap((link) => {
      const role = byId.get(link.roleId);
      return role === undefined ? [] : [{ userId: link.userId, role }];
    });
  }

  /** Gives the role to the user; true when it was not held yet. */
  async assign(tenantId: string, userId: string, roleId: string, transaction: Transaction): Promise<boolean> {
    const inserted = await rows<{ user_id: string }>(
      this.models.UserRole,
      `INSERT INTO ${SCHEMA}.user_roles (tenant_id, user_id, role_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [tenantId, userId, roleId],
      transaction,
    );
    return inserted.length > 0;
  }

  async revoke(tenantId: string, userId: string, roleId: string, transaction: Transaction): Promise<boolean> {
    const deleted = await rows(this.models.UserRole, `DELETE FROM ${SCHEMA}.user_roles WHERE tenant_id = $1 AND user_id = $2 AND role_id = $3 RETURNING user_id`, [tenantId, userId, roleId], transaction);
    return deleted.length > 0;
  }

  /** Ids of active users holding the built-in owner role. */
  async activeOwners(tenantId: string, transaction: Transaction): Promise<string[]> {
    const owners = await rows<{ userId: string }>(
      this.models.UserRole,
      `SELECT ur.user_id AS "userId"
         FROM ${SCHEMA}.user_roles ur
         JOIN ${SCHEMA}.roles r ON r.tenant_id = ur.tenant_id AND r.id = ur.role_id
         JOIN ${SCHEMA}.users u ON u.tenant_id = ur.tenant_id AND u.id = ur.user_id
        WHERE ur.tenant_id = $1 AND r.built_in AND r.name = 'owner' AND u.status = 'active'`,
      [tenantId],
      transaction,
    );
    return owners.map((owner) => owner.userId);
  }
}
