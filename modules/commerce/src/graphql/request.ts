import { permits, type RequestContext, type TenantContext } from '@rustok/contracts';
import { CommerceErrors, commerceError } from '../errors';
import { tenantLocale } from '../domain/locales';
import type { ReadScope } from '../services/catalog-reader';
import type { WriteContext } from '../services/write-context';

/**
 * What resolvers need from the request. The kernel has already enforced the
 * field's rule; these helpers pick the tenant, the locale and the audience.
 */

export function tenantOf(context: RequestContext): TenantContext {
  if (context.tenant === null) {
    throw commerceError(CommerceErrors.TENANT_REQUIRED, 'The catalog belongs to a tenant, and the request names none.', { fix: "Send X-Tenant: <slug>, or call the tenant's own host." });
  }
  return context.tenant;
}

/** Whether the actor holds `permission` in the request's tenant (platform actors hold everything). */
export function can(context: RequestContext, permission: string): boolean {
  const actor = context.actor;
  if (actor === null) return false;
  return actor.platform || (actor.tenantId === context.tenant?.id && permits(actor.permissions, permission));
}

/**
 * The scope of a read: the tenant, who reads (storefront: active, published
 * products only) and the locale — the `locale` argument when given (one of
 * the tenant's, else LOCALE_UNSUPPORTED), else the request's.
 */
export function readScope(context: RequestContext, localeArg: string | null | undefined, audience: ReadScope['audience']): ReadScope {
  const tenant = tenantOf(context);
  const wantedLocale = localeArg == null ? (context.locale ?? tenant.defaultLocale) : tenantLocale(tenant, localeArg, 'locale');
  return { tenantId: tenant.id, audience, wantedLocale, defaultLocale: tenant.defaultLocale };
}

/** Admins (commerce.product.read) see drafts through node(id:) and nested lookups; everyone else the storefront. */
export function audienceOf(context: RequestContext): ReadScope['audience'] {
  return can(context, 'commerce.product.read') ? 'admin' : 'storefront';
}

export function writeContext(context: RequestContext): WriteContext {
  const tenant = tenantOf(context);
  return { tenantId: tenant.id, defaultLocale: tenant.defaultLocale, locales: tenant.locales, actorId: context.actor?.id ?? null };
}
