import { PlatformError, type CoreDirectory, type TenancyFacade, type TenantSummary, type UserSummary } from '@rustok/contracts';
import type { UserRepository } from '../repositories/users';
import type { TenantDirectory } from './tenant-directory';

/** Core's `core.directory@1`: what other modules may look up, and nothing more. */
export class DirectoryService implements CoreDirectory {
  constructor(
    private readonly tenants: TenantDirectory,
    private readonly users: UserRepository,
    private readonly tenancy: TenancyFacade,
  ) {}

  async tenantBySlug(slug: string): Promise<TenantSummary | null> {
    const known = await this.tenants.bySlug(slug);
    if (known === null) return null;
    const { id, name, defaultLocale, locales } = known.context;
    return { id, slug: known.context.slug, name, defaultLocale, locales };
  }

  async usersByIds(ids: readonly string[]): Promise<UserSummary[]> {
    if (ids.length === 0) return [];
    const tenantId = this.tenancy.tenantId();
    if (tenantId === null) throw new PlatformError('TENANT_REQUIRED', 'core.directory@1 usersByIds was called outside a tenant scope; users belong to a tenant.', { fix: 'Call it while serving a tenant request, in a handler of a tenant event, or inside ctx.tenancy.run(tenantId, …).' });
    // A read on the hot path of other modules' lists: no transaction of its own (the kernel runs it for the scope's tenant).
    const rows = await this.users.findByIds([...new Set(ids)]);
    return rows.map((row) => ({ id: row.id, displayName: row.displayName, status: row.status }));
  }
}
