import { permits, type Actor, type RequestContext, type TenantContext } from '@rustok/contracts';
import { BlogErrors, blogError } from '../errors';

/**
 * Who is asking, for which tenant, in which locale: what every service call
 * receives. The kernel already enforced the field's access rule; a Caller
 * serves the finer checks a rule cannot express (your own post vs. anyone's).
 */
export interface Caller {
  readonly tenant: TenantContext;
  readonly actor: Actor | null;
  /** The locale answers are in: the request's (X-Locale / Accept-Language among the tenant's), or the tenant's default. */
  readonly locale: string;
  readonly ip: string;
  readonly userAgent: string | null;
  /** The GraphQL context object: one per request, the key of its shared read transactions. */
  readonly request: object;
}

export function callerOf(context: RequestContext): Caller {
  const tenant = context.tenant;
  if (tenant === null) {
    throw blogError(BlogErrors.TENANT_REQUIRED, 'The blog works on a tenant, and the request names none.', { fix: "Send X-Tenant: <slug>, or call the tenant's own host." });
  }
  return { tenant, actor: context.actor, locale: context.locale ?? tenant.defaultLocale, ip: context.ip, userAgent: context.userAgent, request: context };
}

/** Whether the caller holds `permission` in its tenant (platform actors hold everything). */
export function can(caller: Caller, permission: string): boolean {
  const actor = caller.actor;
  if (actor === null) return false;
  return actor.platform || (actor.tenantId === caller.tenant.id && permits(actor.permissions, permission));
}

/** The signed-in user of the caller's tenant, or null (anonymous, API token, operator). */
export function userIdOf(caller: Caller): string | null {
  const actor = caller.actor;
  return actor !== null && actor.kind === 'user' && actor.tenantId === caller.tenant.id ? actor.id : null;
}

/** `locale` when the tenant offers it; LOCALE_UNSUPPORTED (naming `field`) otherwise. */
export function checkLocale(caller: Caller, locale: string, field: string): string {
  if (!caller.tenant.locales.includes(locale)) {
    throw blogError(BlogErrors.LOCALE_UNSUPPORTED, `Tenant "${caller.tenant.slug}" has no locale "${locale}"; it offers ${caller.tenant.locales.join(', ')}.`, { field, fix: `Use one of ${caller.tenant.locales.join(', ')}, or add the locale to the tenant first.` });
  }
  return locale;
}

/**
 * Locales to show content in, best first: the one asked for (argument, else
 * the request's), then the tenant's default.
 */
export function localePreference(caller: Caller, requested: string | null | undefined, field = 'locale'): LocalePreference {
  const locale = requested == null ? caller.locale : checkLocale(caller, requested, field);
  return { locale, fallback: caller.tenant.defaultLocale };
}

export interface LocalePreference {
  /** The locale asked for. */
  readonly locale: string;
  /** Shown when an item has no translation in `locale`. */
  readonly fallback: string;
}
