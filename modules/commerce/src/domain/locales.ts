import { CommerceErrors, commerceError } from '../errors';

/** The locales a tenant offers, as the request context carries them. */
export interface TenantLocales {
  readonly defaultLocale: string;
  readonly locales: readonly string[];
}

/** A locale the tenant offers, as the tenant spells it; LOCALE_UNSUPPORTED (with `field`) otherwise. */
export function tenantLocale(tenant: TenantLocales, raw: string, field: string): string {
  const wanted = raw.trim().toLowerCase();
  const found = tenant.locales.find((locale) => locale.toLowerCase() === wanted);
  if (found === undefined) {
    throw commerceError(CommerceErrors.LOCALE_UNSUPPORTED, `Locale "${raw}" is not one of this tenant's locales (${tenant.locales.join(', ')}).`, { field, fix: 'Add the locale to the tenant first (updateTenant), or use one it has.' });
  }
  return found;
}

/**
 * Checks a list of per-locale entries: every locale the tenant's, none twice.
 * Returns the entries with the tenant's spelling of each locale.
 */
export function checkLocales<T extends { locale: string }>(tenant: TenantLocales, entries: readonly T[], field: string): T[] {
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const locale = tenantLocale(tenant, entry.locale, `${field}[${index}].locale`);
    if (seen.has(locale)) throw commerceError(CommerceErrors.LOCALE_DUPLICATE, `Locale "${locale}" appears twice.`, { field: `${field}[${index}].locale` });
    seen.add(locale);
    return { ...entry, locale };
  });
}

/**
 * Picks the text for a locale from a locale → value map: the requested
 * locale, else the tenant's default, else any (the first in locale order),
 * so a reader never gets nothing while some translation exists.
 */
export function pickLocalized<T>(map: Readonly<Record<string, T>> | null | undefined, locale: string, defaultLocale: string): { locale: string; value: T } | null {
  if (map == null) return null;
  if (map[locale] !== undefined) return { locale, value: map[locale] as T };
  if (map[defaultLocale] !== undefined) return { locale: defaultLocale, value: map[defaultLocale] as T };
  const first = Object.keys(map).sort()[0];
  return first === undefined ? null : { locale: first, value: map[first] as T };
}

/**
 * A label written in the tenant's default locale (`base`, e.g. an option
 * name) with translations for other locales: the translation for the wanted
 * locale, else the base text.
 */
export function labelIn(translations: Readonly<Record<string, string>> | null | undefined, wantedLocale: string, defaultLocale: string, base: string): string {
  if (wantedLocale === defaultLocale) return base;
  return translations?.[wantedLocale] ?? base;
}
