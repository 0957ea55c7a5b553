import type { TenantContext } from '@rustok/contracts';
import type { TenantRow } from '../models/tenant';
import type { Platform } from '../platform';
import type { TenantModuleRepository } from '../repositories/tenant-modules';
import type { TenantRepository } from '../repositories/tenants';
import type { Transactions } from './transactions';
import { TtlCache } from './ttl-cache';

export interface KnownTenant {
  readonly row: TenantRow;
  readonly context: TenantContext;
}

/**
 * Tenants as requests and event deliveries need them, cached for a few
 * seconds: every request resolves its tenant, and a database round trip
 * (two, with the module switches) per request is avoidable. Changes made in
 * this process clear the cache at once; other processes see them within the TTL.
 */
export class TenantDirectory {
  readonly #cache: TtlCache<KnownTenant | null>;

  constructor(
    private readonly tenants: TenantRepository,
    private readonly modules: TenantModuleRepository,
    private readonly platform: Platform,
    private readonly transactions: Transactions,
    ttlSeconds: number,
  ) {
    this.#cache = new TtlCache(ttlSeconds * 1000);
  }

  bySlug(slug: string): Promise<KnownTenant | null> {
    return this.#cache.get(`slug:${slug}`, async () => this.#known(await this.tenants.findBySlug(slug)));
  }

  byHost(host: string): Promise<KnownTenant | null> {
    return this.#cache.get(`host:${host}`, async () => this.#known(await this.tenants.findByDomain(host)));
  }

  byId(id: string): Promise<KnownTenant | null> {
    return this.#cache.get(`id:${id}`, async () => this.#known(await this.tenants.findById(id)));
  }

  invalidate(): void {
    this.#cache.clear();
  }

  /** Installed modules switched off for the tenant, read now (not cached). */
  async disabledModulesOf(tenantId: string): Promise<ReadonlySet<string>> {
    const rows = await this.transactions.inTenant(tenantId, (t) => this.modules.list(t));
    const installed = new Set(this.platform.modules.map((m) => m.id));
    return new Set(rows.filter((row) => !row.enabled && installed.has(row.moduleId)).map((row) => row.moduleId));
  }

  async #known(row: TenantRow | null): Promise<KnownTenant | null> {
    if (row === null) return null;
    const disabledModules = await this.disabledModulesOf(row.id);
    const context: TenantContext = Object.freeze({ id: row.id, slug: row.slug, name: row.name, defaultLocale: row.defaultLocale, locales: Object.freeze([...row.locales]), disabledModules });
    return { row, context };
  }
}
