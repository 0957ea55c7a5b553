import { type EventsFacade, uuidv7 } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { CoreErrors, coreError, violatedUniqueConstraint } from '../errors';
import type { TenantRow } from '../models/tenant';
import type { UserRow } from '../models/user';
import type { Page, PageQuery } from '../repositories/page';
import type { RoleRepository } from '../repositories/roles';
import type { TenantPatch, TenantRepository } from '../repositories/tenants';
import { checkJsonObject, checkLocales, checkName, checkSlug, normalizeDomains } from '../validation';
import type { AuditService, AuditSource } from './audit';
import type { RbacService } from './rbac';
import type { TenantDirectory } from './tenant-directory';
import type { Transactions } from './transactions';
import type { NewUserInput, UserService } from './users';

export interface NewTenantInput {
  slug: string;
  name: string;
  domains?: readonly string[] | null;
  defaultLocale?: string | null;
  locales?: readonly string[] | null;
  settings?: unknown;
  /** The first owner, created with the tenant (a platform owner only when a platform actor asks). */
  owner?: NewUserInput | null;
}

export interface TenantEdit {
  name?: string | null;
  domains?: readonly string[] | null;
  defaultLocale?: string | null;
  locales?: readonly string[] | null;
  settings?: unknown;
  active?: boolean | null;
}

export class TenantService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly roles: RoleRepository,
    private readonly rbac: RbacService,
    private readonly users: UserService,
    private readonly directory: TenantDirectory,
    private readonly transactions: Transactions,
    private readonly events: EventsFacade,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates the tenant, its built-in roles and (optionally) its first owner
   * in one transaction, already in the new tenant's scope so its own rows
   * pass row-level security.
   */
  async create(input: NewTenantInput, source: AuditSource): Promise<{ tenant: TenantRow; owner: UserRow | null }> {
    const slug = checkSlug(input.slug);
    const name = checkName(input.name);
    const domains = normalizeDomains(input.domains ?? []);
    const requestedLocales = input.locales ?? [input.defaultLocale ?? 'en'];
    const { defaultLocale, locales } = checkLocales(input.defaultLocale ?? requestedLocales[0] ?? 'en', requestedLocales);
    const settings = input.settings == null ? {} : checkJsonObject(input.settings, 'settings');
    const owner = input.owner == null ? null : await this.users.prepare(input.owner, 'owner.');
    const id = uuidv7();
    const created = await this.transactions.inTenant(id, async (t) => {
      if ((await this.tenants.findBySlug(slug, t)) !== null) throw slugTaken(slug);
      await this.#assertDomainsFree(domains, null, t);
      const tenant = await this.#unique(slug, () => this.tenants.create({ id, slug, name, domains, defaultLocale, locales, settings }, t));
      const roles = await this.roles.createMany(this.rbac.builtInRoles(), t);
      await this.events.emit('core.tenant.created@1', { tenantId: id, slug, name, defaultLocale, locales }, { transaction: t });
      await this.audit.write({ ...source, action: 'core.tenant.created', outcome: 'success', target: id, detail: { slug, domains } }, t);
      const ownerRole = roles.find((role) => role.name === 'owner');
      const firstOwner = owner === null ? null : await this.users.insert(id, owner, ownerRole === undefined ? [] : [ownerRole.id], source, t);
      return { tenant, owner: firstOwner };
    });
    this.directory.invalidate();
    return created;
  }

  async update(tenantId: string, edit: TenantEdit, source: AuditSource): Promise<TenantRow> {
    if (edit.active != null && source.actor?.platform !== true) {
      throw coreError(CoreErrors.FORBIDDEN, 'Only platform operators can activate or deactivate a tenant.', { field: 'active' });
    }
    const updated = await this.transactions.inTenant(tenantId, async (t) => {
      const current = await this.tenants.lock(tenantId, t);
      if (current === null) throw coreError(CoreErrors.TENANT_NOT_FOUND, 'No such tenant.', { field: 'id' });
      const patch: TenantPatch = {};
      if (edit.name != null) patch.name = checkName(edit.name);
      if (edit.domains != null) {
        patch.domains = normalizeDomains(edit.domains);
        await this.#assertDomainsFree(patch.domains, tenantId, t);
      }
      if (edit.defaultLocale != null || edit.locales != null) {
        Object.assign(patch, checkLocales(edit.defaultLocale ?? current.defaultLocale, edit.locales ?? current.locales));
      }
      if (edit.settings != null) patch.settings = checkJsonObject(edit.settings, 'settings');
      if (edit.active != null) patch.active = edit.active;
      if (Object.keys(patch).length === 0) return current;
      const row = (await this.tenants.update(tenantId, patch, t)) as TenantRow;
      await this.audit.write({ ...source, action: 'core.tenant.updated', outcome: 'success', target: tenantId, detail: { fields: Object.keys(patch) } }, t);
      return row;
    });
    this.directory.invalidate();
    return updated;
  }

  get(id: string): Promise<TenantRow | null> {
    return this.tenants.findById(id);
  }

  bySlug(slug: string): Promise<TenantRow | null> {
    return this.tenants.findBySlug(slug);
  }

  /** Every tenant, or (for actors of one tenant) only `onlyId`. */
  list(page: PageQuery, onlyId: string | null): Promise<Page<TenantRow>> {
    return this.tenants.list(page, onlyId);
  }

  async #assertDomainsFree(domains: readonly string[], tenantId: string | null, t: Transaction): Promise<void> {
    const taken = await this.tenants.domainsTaken(domains, tenantId, t);
    if (taken.length > 0) {
      throw coreError(CoreErrors.DOMAIN_TAKEN, `${taken.map((d) => `"${d}"`).join(', ')} already ${taken.length === 1 ? 'serves' : 'serve'} another tenant.`, { field: 'domains', details: { domains: taken } });
    }
  }

  /** A concurrent creation with the same slug passes the first check and hits the unique index instead. */
  async #unique<T>(slug: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'tenants_slug_key') throw slugTaken(slug);
      throw error;
    }
  }
}

function slugTaken(slug: string) {
  return coreError(CoreErrors.SLUG_TAKEN, `The slug "${slug}" is taken.`, { field: 'slug' });
}
