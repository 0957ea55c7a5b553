import { PlatformError } from '@rustok/contracts';

/**
 * Every code commerce puts in `extensions.code`, in one catalogue so clients
 * and tests match on codes, never on prose. Bad input always names its
 * `field` (a path into the mutation's arguments, e.g. `input.variants[1].sku`).
 */
export const CommerceErrors = Object.freeze({
  TENANT_REQUIRED: 'TENANT_REQUIRED',
  ID_INVALID: 'ID_INVALID',
  FIRST_INVALID: 'FIRST_INVALID',
  CURSOR_INVALID: 'CURSOR_INVALID',
  INPUT_INVALID: 'INPUT_INVALID',
  // Identity of things
  HANDLE_INVALID: 'HANDLE_INVALID',
  HANDLE_TAKEN: 'HANDLE_TAKEN',
  SKU_INVALID: 'SKU_INVALID',
  SKU_TAKEN: 'SKU_TAKEN',
  // Texts and locales
  LOCALE_UNSUPPORTED: 'LOCALE_UNSUPPORTED',
  LOCALE_DUPLICATE: 'LOCALE_DUPLICATE',
  TRANSLATION_REQUIRED: 'TRANSLATION_REQUIRED',
  TEXT_INVALID: 'TEXT_INVALID',
  // Options and variants
  OPTION_DUPLICATE: 'OPTION_DUPLICATE',
  OPTION_VALUE_DUPLICATE: 'OPTION_VALUE_DUPLICATE',
  OPTION_UNKNOWN: 'OPTION_UNKNOWN',
  OPTION_VALUE_MISSING: 'OPTION_VALUE_MISSING',
  OPTION_VALUE_IN_USE: 'OPTION_VALUE_IN_USE',
  OPTION_COMBINATION_TAKEN: 'OPTION_COMBINATION_TAKEN',
  // Money
  CURRENCY_UNKNOWN: 'CURRENCY_UNKNOWN',
  CURRENCY_DUPLICATE: 'CURRENCY_DUPLICATE',
  AMOUNT_INVALID: 'AMOUNT_INVALID',
  AMOUNT_FRACTIONAL: 'AMOUNT_FRACTIONAL',
  COMPARE_AT_NOT_ABOVE_PRICE: 'COMPARE_AT_NOT_ABOVE_PRICE',
  BULK_TOO_LARGE: 'BULK_TOO_LARGE',
  // Stock
  QUANTITY_INVALID: 'QUANTITY_INVALID',
  STOCK_INSUFFICIENT: 'STOCK_INSUFFICIENT',
  STOCK_REASON_INVALID: 'STOCK_REASON_INVALID',
  // Categories
  CATEGORY_CYCLE: 'CATEGORY_CYCLE',
  CATEGORY_HAS_CHILDREN: 'CATEGORY_HAS_CHILDREN',
  // Lists and sorting
  SORT_INVALID: 'SORT_INVALID',
  SEARCH_INVALID: 'SEARCH_INVALID',
  // Other fields
  URL_INVALID: 'URL_INVALID',
  METADATA_INVALID: 'METADATA_INVALID',
  TAG_INVALID: 'TAG_INVALID',
  // Not found (also for another tenant's ids: they do not exist here)
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  VARIANT_NOT_FOUND: 'VARIANT_NOT_FOUND',
  OPTION_NOT_FOUND: 'OPTION_NOT_FOUND',
  MEDIA_NOT_FOUND: 'MEDIA_NOT_FOUND',
  CATEGORY_NOT_FOUND: 'CATEGORY_NOT_FOUND',
});

export type CommerceErrorCode = (typeof CommerceErrors)[keyof typeof CommerceErrors];

export function commerceError(code: CommerceErrorCode, message: string, options: { field?: string; fix?: string; details?: Record<string, unknown> } = {}): PlatformError {
  return new PlatformError(code, message, options);
}

/** The name of the unique (or exclusion) constraint a write broke, or null for any other error. */
export function violatedConstraint(error: unknown, sqlState: '23505' | '23514' | '23503' = '23505'): string | null {
  const parent = (error as { parent?: { code?: unknown; constraint?: unknown } } | null)?.parent;
  return parent?.code === sqlState && typeof parent.constraint === 'string' ? parent.constraint : null;
}
