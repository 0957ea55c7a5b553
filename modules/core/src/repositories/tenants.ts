import { Op, type Transaction } from 'sequelize';
import type { CoreModels } from '../models';
import type { TenantRow } from '../models/tenant';
import { toPage, type Page, type PageQuery } from './page';
import { rows, SCHEMA } from './sql';

export type NewTenant = Pick<TenantRow, 'id' | 'slug' | 'name' | 'domains' | 'defaultLocale' | 'locales' | 'settings'>;
export type TenantPatch = Partial<Pick<TenantRow, 'name' | 'domains' | 'defaultLocale' | 'locales' | 'settings' | 'active'>>;

/** Platform table: reads need no tenant scope. */
export class TenantRepository {
  constructor(private readonly models: Pick<CoreModels, 'Tenant'>) {}

  async findById(id: string, transaction?: Transaction): Promise<TenantRow | null> {
    return (await this.models.Tenant.findByPk(id, { raw: true, transaction })) as TenantRow | null;
  }

  async findBySlug(slug: string, transaction?: Transaction): Promise<TenantRow | null> {
    return (await this.models.Tenant.findOne({ where: { slug }, raw: true, transaction })) as TenantRow | null;
  }

  async findByDomain(host: string): Promise<TenantRow | null> {
    return (await this.models.Tenant.findOne({ where: { domains: { [Op.contains]: [host] } }, raw: true })) as TenantRow | null;
  }

  async list(page: PageQuery, onlyId: string | null): Promise<Page<TenantRow>> {
    const conditions: Record<string | symbol, unknown>[] = [];
    if (page.after !== null) conditions.push({ id: { [Op.gt]: page.after } });
    if (onlyId !== null) conditions.push({ id: onlyId });
    const fetched = (await this.models.Tenant.findAll({ where: { [Op.and]: conditions }, order: [['id', 'ASC']], limit: page.limit + 1, raw: true })) as unknown as TenantRow[];
    return toPage(fetched, page);
  }

  async create(tenant: NewTenant, transaction: Transaction): Promise<TenantRow> {
    const created = await this.models.Tenant.create({ ...tenant }, { transaction });
    return created.get({ plain: true }) as TenantRow;
  }

  async update(id: string, patch: TenantPatch, transaction: Transaction): Promise<TenantRow | null> {
    const [, updated] = await this.models.Tenant.update(patch, { where: { id }, transaction, returning: true });
    return (updated[0]?.get({ plain: true }) as TenantRow | undefined) ?? null;
  }

  /** Locks the tenant row until the transaction ends, serializing changes to one tenant (module switches). */
  async lock(id: string, transaction: Transaction): Promise<TenantRow | null> {
    return (await this.models.Tenant.findByPk(id, { raw: true, transaction, lock: transaction.LOCK.UPDATE })) as TenantRow | null;
  }

  /**
   * Which of `domains` another tenant already serves. Takes a transaction-wide
   * advisory lock first, so two transactions claiming the same host cannot
   * both see it free (arrays have no unique index to do this for us).
   */
  async domainsTaken(domains: readonly string[], exceptTenantId: string | null, transaction: Transaction): Promise<string[]> {
    await rows(this.models.Tenant, `SELECT pg_advisory_xact_lock(hashtext('${SCHEMA}.tenants.domains'))`, [], transaction);
    if (domains.length === 0) return [];
    const taken = await rows<{ domain: string }>(
      this.models.Tenant,
      `SELECT DISTINCT d AS domain FROM ${SCHEMA}.tenants, unnest(domains) AS d WHERE domains && $1::text[] AND d = ANY ($1::text[]) AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [domains, exceptTenantId],
      transaction,
    );
    return taken.map((row) => row.domain);
  }
}
