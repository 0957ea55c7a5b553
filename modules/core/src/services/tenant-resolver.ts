import type { RequestInfo, TenantContext } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { Platform } from '../platform';
import type { KnownTenant, TenantDirectory } from './tenant-directory';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

export interface TenantResolution {
  allowTenantHeader: boolean;
  devTenant: string;
}

/**
 * Which tenant a request is for, in this order:
 * 1. `X-Tenant: <slug>`, where the operator allows the header; an unknown slug is an error.
 * 2. The host name, among the tenants' domains.
 * 3. Outside production, a loopback host falls back to the dev tenant (if it exists yet).
 * Otherwise the request names no tenant (platform-level requests, the kernel's own fields).
 */
export class TenantResolver {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly platform: Platform,
    private readonly options: TenantResolution,
  ) {}

  async resolve(request: RequestInfo): Promise<TenantContext | null> {
    const header = request.tenantHeader?.trim().toLowerCase() ?? '';
    if (header.length > 0 && this.options.allowTenantHeader) {
      const named = await this.directory.bySlug(header);
      if (named === null) throw coreError(CoreErrors.TENANT_UNKNOWN, `No tenant has the slug "${header}" (from the X-Tenant header).`, { fix: 'Check the slug; tenants are created with `rustok tenant create`.' });
      return usable(named);
    }
    const byHost = await this.directory.byHost(request.host);
    if (byHost !== null) return usable(byHost);
    if (this.platform.environment !== 'production' && LOOPBACK.has(request.host)) {
      const dev = await this.directory.bySlug(this.options.devTenant);
      if (dev !== null) return usable(dev);
    }
    return null;
  }
}

function usable(tenant: KnownTenant): TenantContext {
  if (!tenant.row.active) throw coreError(CoreErrors.TENANT_INACTIVE, `Tenant "${tenant.row.slug}" is deactivated.`, { fix: 'A platform operator can reactivate it with updateTenant(input: { active: true }).' });
  return tenant.context;
}
