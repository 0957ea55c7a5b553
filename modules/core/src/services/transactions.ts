import type { ModelsFacade, TenancyFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';

/**
 * Every service call names the tenant it works for and gets one transaction
 * in that tenant's scope, so row-level security sees that tenant only and
 * a mutation's writes (and its events and audit entry) commit together or
 * not at all. Never nest these: each is its own connection.
 */
export class Transactions {
  constructor(
    private readonly models: ModelsFacade,
    private readonly tenancy: TenancyFacade,
  ) {}

  inTenant<T>(tenantId: string, work: (transaction: Transaction) => Promise<T>): Promise<T> {
    if (this.tenancy.tenantId() === tenantId) return this.models.transaction(work);
    return this.tenancy.run(tenantId, () => this.models.transaction(work));
  }

  /** A transaction with no tenant set: platform tables only (tenant-owned rows are invisible in it). */
  platform<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.models.transaction(work);
  }
}
