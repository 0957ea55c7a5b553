import type { EventsFacade } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { Platform } from '../platform';
import type { TenantModuleRepository } from '../repositories/tenant-modules';
import type { TenantRepository } from '../repositories/tenants';
import type { AuditService, AuditSource } from './audit';
import type { TenantDirectory } from './tenant-directory';
import type { Transactions } from './transactions';

export interface TenantModuleState {
  moduleId: string;
  enabled: boolean;
  requires: readonly string[];
}

/** The module that provides access itself: switching it off would lock everyone out. */
const ALWAYS_ON = 'core';

/**
 * Per-tenant module switches. Every installed module is on for a tenant
 * unless a row says otherwise; the module graph comes from the kernel
 * (Platform.modules), so a module installed later is on everywhere at once.
 */
export class TenantModuleService {
  constructor(
    private readonly repository: TenantModuleRepository,
    private readonly tenants: TenantRepository,
    private readonly directory: TenantDirectory,
    private readonly platform: Platform,
    private readonly transactions: Transactions,
    private readonly events: EventsFacade,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: string): Promise<TenantModuleState[]> {
    const disabled = await this.directory.disabledModulesOf(tenantId);
    return this.platform.modules.map((m) => ({ moduleId: m.id, enabled: !disabled.has(m.id), requires: m.requires }));
  }

  async set(tenantId: string, moduleId: string, enabled: boolean, source: AuditSource): Promise<TenantModuleState> {
    const module = this.platform.modules.find((m) => m.id === moduleId);
    if (module === undefined) {
      throw coreError(CoreErrors.MODULE_UNKNOWN, `No installed module is called "${moduleId}".`, { field: 'module', fix: `Installed modules: ${this.platform.modules.map((m) => m.id).join(', ')}.` });
    }
    if (moduleId === ALWAYS_ON && !enabled) {
      throw coreError(CoreErrors.MODULE_ALWAYS_ON, `Module "${ALWAYS_ON}" cannot be switched off: it provides tenants, users and access.`, { field: 'module' });
    }
    const changed = await this.transactions.inTenant(tenantId, async (t) => {
      // One switch at a time per tenant: otherwise enabling A and disabling A's dependency could both pass their checks.
      if ((await this.tenants.lock(tenantId, t)) === null) throw coreError(CoreErrors.TENANT_NOT_FOUND, 'The tenant does not exist.', { field: 'tenantId' });
      const rows = await this.repository.list(t);
      const disabled = new Set(rows.filter((row) => !row.enabled).map((row) => row.moduleId));
      if (disabled.has(moduleId) !== enabled) return false;
      if (enabled) {
        const off = module.requires.filter((required) => disabled.has(required));
        if (off.length > 0) {
          throw coreError(CoreErrors.MODULE_DEPENDENCY_DISABLED, `Module "${moduleId}" requires ${off.map((m) => `"${m}"`).join(', ')}, switched off for this tenant.`, { field: 'module', fix: `Switch on ${off.join(', ')} first.`, details: { modules: off } });
        }
      } else {
        const dependants = this.platform.modules.filter((m) => m.requires.includes(moduleId) && !disabled.has(m.id)).map((m) => m.id);
        if (dependants.length > 0) {
          throw coreError(CoreErrors.MODULE_REQUIRED_BY_ENABLED, `Module "${moduleId}" is required by ${dependants.map((m) => `"${m}"`).join(', ')}, switched on for this tenant.`, { field: 'module', fix: `Switch off ${dependants.join(', ')} first.`, details: { modules: dependants } });
        }
      }
      await this.repository.set(tenantId, moduleId, enabled, t);
      await this.events.emit('core.module.toggled@1', { tenantId, moduleId, enabled }, { transaction: t });
      await this.audit.write({ ...source, action: 'core.module.toggled', outcome: 'success', target: moduleId, detail: { enabled } }, t);
      return true;
    });
    if (changed) this.directory.invalidate();
    return { moduleId, enabled, requires: module.requires };
  }
}
