import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { CoreModels } from '../models';
import type { AuditOutcome, AuditRow } from '../models/audit-entry';
import { toPage, type Page, type PageQuery } from './page';

export type NewAuditRow = Omit<AuditRow, 'id' | 'tenantId' | 'createdAt'>;

export interface AuditFilter {
  action?: string;
  actorId?: string;
  outcome?: AuditOutcome;
}

/** The tenant log (tenant-owned, in the tenant's scope) and the platform log (no scope). */
export class AuditRepository {
  constructor(private readonly models: Pick<CoreModels, 'AuditEntry' | 'PlatformAuditEntry'>) {}

  async insert(entry: NewAuditRow, transaction: Transaction): Promise<void> {
    await this.models.AuditEntry.create({ ...entry }, { transaction });
  }

  async insertPlatform(entry: NewAuditRow, transaction: Transaction): Promise<void> {
    await this.models.PlatformAuditEntry.create({ ...entry }, { transaction });
  }

  /** Newest first. */
  async list(page: PageQuery, filter: AuditFilter, transaction: Transaction): Promise<Page<AuditRow>> {
    return this.#list(this.models.AuditEntry, page, filter, transaction);
  }

  async listPlatform(page: PageQuery, filter: AuditFilter, transaction: Transaction): Promise<Page<AuditRow>> {
    return this.#list(this.models.PlatformAuditEntry, page, filter, transaction);
  }

  async #list(model: CoreModels['AuditEntry'], page: PageQuery, filter: AuditFilter, transaction: Transaction): Promise<Page<AuditRow>> {
    const conditions: WhereOptions[] = [];
    if (page.after !== null) conditions.push({ id: { [Op.lt]: page.after } });
    if (filter.action !== undefined) conditions.push({ action: filter.action });
    if (filter.actorId !== undefined) conditions.push({ actorId: filter.actorId });
    if (filter.outcome !== undefined) conditions.push({ outcome: filter.outcome });
    const fetched = (await model.findAll({ where: { [Op.and]: conditions }, order: [['id', 'DESC']], limit: page.limit + 1, raw: true, transaction })) as unknown as AuditRow[];
    return toPage(fetched, page);
  }
}
