import { PlatformError } from '@rustok/contracts';

/**
 * Every code core puts in `extensions.code`, in one catalogue so clients and
 * tests can match on codes, never on prose.
 */
export const CoreErrors = Object.freeze({
  // Credentials and sign-in
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  RATE_LIMITED: 'RATE_LIMITED',
  PASSWORD_INCORRECT: 'PASSWORD_INCORRECT',
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  USER_ACTOR_REQUIRED: 'USER_ACTOR_REQUIRED',
  FORBIDDEN: 'FORBIDDEN',
  // Tenants
  TENANT_REQUIRED: 'TENANT_REQUIRED',
  TENANT_UNKNOWN: 'TENANT_UNKNOWN',
  TENANT_INACTIVE: 'TENANT_INACTIVE',
  TENANT_NOT_FOUND: 'TENANT_NOT_FOUND',
  SLUG_INVALID: 'SLUG_INVALID',
  SLUG_TAKEN: 'SLUG_TAKEN',
  NAME_INVALID: 'NAME_INVALID',
  DOMAIN_INVALID: 'DOMAIN_INVALID',
  DOMAIN_TAKEN: 'DOMAIN_TAKEN',
  LOCALE_INVALID: 'LOCALE_INVALID',
  JSON_OBJECT_REQUIRED: 'JSON_OBJECT_REQUIRED',
  // Per-tenant modules
  MODULE_UNKNOWN: 'MODULE_UNKNOWN',
  MODULE_ALWAYS_ON: 'MODULE_ALWAYS_ON',
  MODULE_DEPENDENCY_DISABLED: 'MODULE_DEPENDENCY_DISABLED',
  MODULE_REQUIRED_BY_ENABLED: 'MODULE_REQUIRED_BY_ENABLED',
  // Users
  EMAIL_INVALID: 'EMAIL_INVALID',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  PASSWORD_TOO_SHORT: 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG: 'PASSWORD_TOO_LONG',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  CANNOT_DISABLE_SELF: 'CANNOT_DISABLE_SELF',
  LAST_OWNER: 'LAST_OWNER',
  // Roles and permissions
  ROLE_NOT_FOUND: 'ROLE_NOT_FOUND',
  ROLE_NAME_INVALID: 'ROLE_NAME_INVALID',
  ROLE_NAME_TAKEN: 'ROLE_NAME_TAKEN',
  ROLE_BUILT_IN: 'ROLE_BUILT_IN',
  PERMISSION_UNKNOWN: 'PERMISSION_UNKNOWN',
  PERMISSION_NOT_HELD: 'PERMISSION_NOT_HELD',
  // API tokens and sessions
  API_TOKEN_NOT_FOUND: 'API_TOKEN_NOT_FOUND',
  EXPIRY_INVALID: 'EXPIRY_INVALID',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  // Paging and ids
  FIRST_INVALID: 'FIRST_INVALID',
  CURSOR_INVALID: 'CURSOR_INVALID',
  ID_INVALID: 'ID_INVALID',
  // Commands
  CLI_USAGE: 'CLI_USAGE',
});

export type CoreErrorCode = (typeof CoreErrors)[keyof typeof CoreErrors];

export function coreError(code: CoreErrorCode, message: string, options: { field?: string; fix?: string; details?: Record<string, unknown> } = {}): PlatformError {
  return new PlatformError(code, message, options);
}

/** The name of the unique constraint a write broke, or null for any other error. */
export function violatedUniqueConstraint(error: unknown): string | null {
  const parent = (error as { name?: unknown; parent?: { code?: unknown; constraint?: unknown } } | null)?.parent;
  return parent?.code === '23505' && typeof parent.constraint === 'string' ? parent.constraint : null;
}
