import type { Actor, ModuleLogger } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import type { AuditOutcome, AuditRow } from '../models/audit-entry';
import type { AuditFilter, AuditRepository, NewAuditRow } from '../repositories/audit';
import type { Page, PageQuery } from '../repositories/page';
import type { Transactions } from './transactions';

/** Who did it and from where: the parts of an audit record a request supplies. */
export interface AuditSource {
  readonly actor: Actor | null;
  readonly ip: string | null;
  readonly requestId: string | null;
}

export interface AuditRecord extends AuditSource {
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly target?: string | null;
  readonly detail?: Record<string, unknown>;
}

const SECRET_KEY = /password|token|secret|authorization|cookie|hash/i;

/** A copy of `value` without any property whose name suggests a secret, at any depth. */
export function stripSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (SECRET_KEY.test(key) ? [] : [[key, stripSecrets(inner)]])));
}

export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly transactions: Transactions,
    private readonly log: ModuleLogger,
  ) {}

  /** Records inside the transaction of the change it describes, so both commit or neither does. */
  async write(record: AuditRecord, transaction: Transaction): Promise<void> {
    await this.repository.insert(toRow(record), transaction);
  }

  /**
   * Records on its own, for outcomes whose work rolled back (failed logins,
   * denials) and for the kernel's entries. Never throws: a broken audit
   * write is logged, and the request it describes goes on.
   */
  async writeAlone(tenantId: string | null, record: AuditRecord): Promise<void> {
    try {
      const row = toRow(record);
      if (tenantId === null) await this.transactions.platform((t) => this.repository.insertPlatform(row, t));
      else await this.transactions.inTenant(tenantId, (t) => this.repository.insert(row, t));
    } catch (error) {
      this.log.error({ err: error, action: record.action, tenant: tenantId }, 'audit entry could not be written');
    }
  }

  list(tenantId: string, page: PageQuery, filter: AuditFilter): Promise<Page<AuditRow>> {
    return this.transactions.inTenant(tenantId, (t) => this.repository.list(page, filter, t));
  }

  listPlatform(page: PageQuery, filter: AuditFilter): Promise<Page<AuditRow>> {
    return this.transactions.platform((t) => this.repository.listPlatform(page, filter, t));
  }
}

function toRow(record: AuditRecord): NewAuditRow {
  return {
    actorKind: record.actor?.kind ?? null,
    actorId: record.actor?.id ?? null,
    action: record.action,
    outcome: record.outcome,
    target: record.target ?? null,
    ip: record.ip === '' ? null : record.ip,
    requestId: record.requestId,
    detail: (stripSecrets(record.detail ?? {}) as Record<string, unknown>) ?? {},
  };
}
