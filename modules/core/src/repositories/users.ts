import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { CoreModels } from '../models';
import type { UserRow, UserStatus } from '../models/user';
import { toPage, type Page, type PageQuery } from './page';

export type NewUser = Pick<UserRow, 'email' | 'passwordHash' | 'displayName' | 'profile' | 'isPlatformOwner'> & { id?: string };
export type UserPatch = Partial<Pick<UserRow, 'email' | 'passwordHash' | 'displayName' | 'profile' | 'status' | 'emailVerifiedAt'>>;

export interface UserFilter {
  status?: UserStatus;
  /** Substring of email or display name. */
  search?: string;
}

/** Tenant-owned: call inside a transaction of the tenant's scope. */
export class UserRepository {
  constructor(private readonly models: Pick<CoreModels, 'User'>) {}

  async findById(id: string, transaction: Transaction): Promise<UserRow | null> {
    return (await this.models.User.findOne({ where: { id }, raw: true, transaction })) as UserRow | null;
  }

  /** Without a transaction, in the scope's, or on a pooled connection bound to the scope's tenant (one round trip). */
  async findByIds(ids: readonly string[], transaction?: Transaction): Promise<UserRow[]> {
    return (await this.models.User.findAll({ where: { id: { [Op.in]: [...ids] } }, raw: true, transaction })) as unknown as UserRow[];
  }

  async findByEmail(email: string, transaction: Transaction): Promise<UserRow | null> {
    return (await this.models.User.findOne({ where: { email }, raw: true, transaction })) as UserRow | null;
  }

  async list(page: PageQuery, filter: UserFilter, transaction: Transaction): Promise<Page<UserRow>> {
    const conditions: WhereOptions[] = [];
    if (page.after !== null) conditions.push({ id: { [Op.gt]: page.after } });
    if (filter.status !== undefined) conditions.push({ status: filter.status });
    if (filter.search !== undefined && filter.search.length > 0) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push({ [Op.or]: [{ email: { [Op.iLike]: pattern } }, { displayName: { [Op.iLike]: pattern } }] });
    }
    const fetched = (await this.models.User.findAll({ where: { [Op.and]: conditions }, order: [['id', 'ASC']], limit: page.limit + 1, raw: true, transaction })) as unknown as UserRow[];
    return toPage(fetched, page);
  }

  async create(user: NewUser, transaction: Transaction): Promise<UserRow> {
    const created = await this.models.User.create({ ...user }, { transaction });
    return created.get({ plain: true }) as UserRow;
  }

  async update(id: string, patch: UserPatch, transaction: Transaction): Promise<UserRow | null> {
    const [, updated] = await this.models.User.update(patch, { where: { id }, transaction, returning: true });
    return (updated[0]?.get({ plain: true }) as UserRow | undefined) ?? null;
  }
}
