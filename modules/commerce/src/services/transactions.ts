import type { ModelsFacade, TenancyFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';

/**
 * One transaction per mutation, in the tenant's scope: row-level security
 * sees that tenant only, and the mutation's writes and events commit
 * together or not at all. Never nest these: each is its own connection.
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
}
