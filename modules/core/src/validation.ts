import { CoreErrors, coreError } from './errors';

/**
 * Input checks shared by GraphQL, commands and the seed. Each throws a
 * PlatformError naming the offending field, so a client can put the message
 * next to the right input.
 */

// Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is proven by verifyEmail, not by a regex.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cased, trimmed email; stored that way so uniqueness is case-insensitive through a plain index. */
export function normalizeEmail(email: string, field = 'email'): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized)) {
    throw coreError(CoreErrors.EMAIL_INVALID, `"${email}" is not an email address.`, { field, fix: 'Use an address like name@example.com.' });
  }
  return normalized;
}

/** Longer than any passphrase a person types; stops a megabyte "password" from being hashed. */
const PASSWORD_MAX = 1024;

export function checkPassword(password: string, minLength: number, field = 'password'): void {
  if ([...password].length < minLength) {
    throw coreError(CoreErrors.PASSWORD_TOO_SHORT, `The password has fewer than ${minLength} characters.`, { field, fix: `Use at least ${minLength} characters; a passphrase of a few words is easiest.` });
  }
  if (password.length > PASSWORD_MAX) {
    throw coreError(CoreErrors.PASSWORD_TOO_LONG, `The password is longer than ${PASSWORD_MAX} characters.`, { field });
  }
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkSlug(slug: string, field = 'slug'): string {
  if (!SLUG.test(slug)) {
    throw coreError(CoreErrors.SLUG_INVALID, `"${slug}" is not a valid tenant slug.`, { field, fix: 'Use 1–63 lower-case letters, digits and hyphens, not starting or ending with a hyphen (e.g. "my-shop").' });
  }
  return slug;
}

export function checkName(name: string, field = 'name', max = 200): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw coreError(CoreErrors.NAME_INVALID, `The ${field} must have 1–${max} characters.`, { field });
  }
  return trimmed;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A host name as the kernel passes it to resolveTenant: lower case, no port. */
export function normalizeDomain(domain: string, field = 'domains'): string {
  const host = domain.trim().toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  if (host.length === 0 || host.length > 253 || !labels.every((label) => LABEL.test(label))) {
    throw coreError(CoreErrors.DOMAIN_INVALID, `"${domain}" is not a host name.`, { field, fix: 'Give the bare host name, without scheme, port or path (e.g. "shop.example.com").' });
  }
  return host;
}

export function normalizeDomains(domains: readonly string[], field = 'domains'): string[] {
  return [...new Set(domains.map((domain) => normalizeDomain(domain, field)))];
}

// BCP 47 language[-Script][-REGION], the subset locales of a site use (en, pt-BR, zh-Hant-TW).
const LOCALE = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$/;

export function checkLocales(defaultLocale: string, locales: readonly string[]): { defaultLocale: string; locales: string[] } {
  const unique = [...new Set(locales)];
  if (unique.length === 0) throw coreError(CoreErrors.LOCALE_INVALID, 'A tenant needs at least one locale.', { field: 'locales' });
  for (const locale of unique) {
    if (!LOCALE.test(locale)) throw coreError(CoreErrors.LOCALE_INVALID, `"${locale}" is not a locale tag.`, { field: 'locales', fix: 'Use BCP 47 tags such as "en", "ru", "pt-BR".' });
  }
  if (!unique.includes(defaultLocale)) {
    throw coreError(CoreErrors.LOCALE_INVALID, `The default locale "${defaultLocale}" is not one of the tenant's locales (${unique.join(', ')}).`, { field: 'defaultLocale', fix: 'Add it to locales, or choose one of them.' });
  }
  return { defaultLocale, locales: unique };
}

/** Settings and profiles are JSON objects, so modules can add keys without clobbering each other. */
export function checkJsonObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw coreError(CoreErrors.JSON_OBJECT_REQUIRED, `${field} must be a JSON object.`, { field });
  }
  return value as Record<string, unknown>;
}

const ROLE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export function checkRoleName(name: string, field = 'name'): string {
  if (!ROLE_NAME.test(name)) {
    throw coreError(CoreErrors.ROLE_NAME_INVALID, `"${name}" is not a valid role name.`, { field, fix: 'Use 1–63 lower-case letters, digits and hyphens, starting with a letter (e.g. "support").' });
  }
  return name;
}
