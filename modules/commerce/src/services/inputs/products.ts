import { CommerceErrors, commerceError } from '../../errors';
import { checkHandle } from '../../domain/handles';
import { checkLocales, type TenantLocales } from '../../domain/locales';
import { checkMetadata, checkUrl, normalizeTags, optionalLongText, optionalText, requiredText } from '../../domain/text';
import type { ProductStatus } from '../../models/product';
import { atMost, boundedInt, localizedMap } from './common';
import { prepareOptions, type PreparedOption } from './options';
import type { CreateProductInput, MediaInput, ProductTranslationInput, UpdateProductInput } from './shapes';
import { assertDistinctSkus, prepareVariant, type PreparedVariant } from './variants';

export const MAX_VARIANTS = 250;

export interface PreparedTranslation {
  locale: string;
  title: string;
  description: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
}

export interface PreparedMedia {
  url: string;
  alt: Record<string, string>;
  position?: number;
}

export interface PreparedProduct {
  handle: string | null;
  status: ProductStatus;
  publishedAt: Date | null;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  translations: PreparedTranslation[];
  options: PreparedOption[];
  variants: PreparedVariant[];
  media: PreparedMedia[];
  categoryIds: string[];
}

export function prepareTranslations(tenant: TenantLocales, inputs: readonly ProductTranslationInput[], field: string): PreparedTranslation[] {
  return checkLocales(tenant, inputs, field).map((t, i) => ({
    locale: t.locale,
    title: requiredText(t.title, `${field}[${i}].title`),
    description: optionalLongText(t.description, `${field}[${i}].description`),
    seoTitle: optionalText(t.seoTitle, `${field}[${i}].seoTitle`, 255),
    seoDescription: optionalText(t.seoDescription, `${field}[${i}].seoDescription`, 1000),
  }));
}

export function prepareMedia(tenant: TenantLocales, input: MediaInput, field: string): PreparedMedia {
  return {
    url: checkUrl(input.url, `${field}.url`),
    alt: localizedMap(tenant, input.alt, `${field}.alt`, 512),
    ...(input.position == null ? {} : { position: boundedInt(input.position, `${field}.position`, 0, 100_000) }),
  };
}

/**
 * Checks a whole new product before anything is written: a title in the
 * tenant's default locale (the handle derives from it), locales the tenant
 * has, distinct options, values and SKUs. `categoryId` parses global ids.
 */
export function prepareProduct(tenant: TenantLocales, input: CreateProductInput, categoryId: (raw: string, field: string) => string): PreparedProduct {
  const translations = prepareTranslations(tenant, input.translations, 'input.translations');
  if (!translations.some((t) => t.locale === tenant.defaultLocale)) {
    throw commerceError(CommerceErrors.TRANSLATION_REQUIRED, `A product needs a title in the tenant's default locale (${tenant.defaultLocale}).`, { field: 'input.translations' });
  }
  const variants = atMost(input.variants ?? [], MAX_VARIANTS, 'input.variants').map((v, i) => prepareVariant(tenant, v, `input.variants[${i}]`, 'create'));
  assertDistinctSkus(variants, 'input.variants');
  const status: ProductStatus = input.status === 'ACTIVE' ? 'active' : input.status === 'ARCHIVED' ? 'archived' : 'draft';
  return {
    handle: input.handle == null ? null : checkHandle(input.handle, 'input.handle'),
    status,
    publishedAt: input.publishedAt ?? (status === 'active' ? new Date() : null),
    vendor: optionalText(input.vendor, 'input.vendor', 128),
    productType: optionalText(input.productType, 'input.productType', 128),
    tags: normalizeTags(input.tags, 'input.tags'),
    metadata: input.metadata == null ? {} : checkMetadata(input.metadata, 'input.metadata'),
    translations,
    options: prepareOptions(tenant, input.options, 'input.options'),
    variants,
    media: atMost(input.media ?? [], 250, 'input.media').map((m, i) => prepareMedia(tenant, m, `input.media[${i}]`)),
    categoryIds: prepareCategoryIds(input.categoryIds ?? [], 'input.categoryIds', categoryId),
  };
}

export interface PreparedProductUpdate {
  handle?: string;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[];
  metadata?: Record<string, unknown>;
  translations?: PreparedTranslation[];
  removeTranslations?: string[];
  categoryIds?: string[];
}

export function prepareProductUpdate(tenant: TenantLocales, input: UpdateProductInput, categoryId: (raw: string, field: string) => string): PreparedProductUpdate {
  const update: PreparedProductUpdate = {};
  if (input.handle != null) update.handle = checkHandle(input.handle, 'input.handle');
  if (input.vendor !== undefined) update.vendor = optionalText(input.vendor, 'input.vendor', 128);
  if (input.productType !== undefined) update.productType = optionalText(input.productType, 'input.productType', 128);
  if (input.tags != null) update.tags = normalizeTags(input.tags, 'input.tags');
  if (input.metadata != null) update.metadata = checkMetadata(input.metadata, 'input.metadata');
  if (input.translations != null) update.translations = prepareTranslations(tenant, input.translations, 'input.translations');
  if (input.removeTranslations != null) {
    update.removeTranslations = checkLocales(tenant, input.removeTranslations.map((locale) => ({ locale })), 'input.removeTranslations').map((t) => t.locale);
    const index = update.removeTranslations.indexOf(tenant.defaultLocale);
    if (index >= 0) throw commerceError(CommerceErrors.TRANSLATION_REQUIRED, `The default locale's texts (${tenant.defaultLocale}) cannot be removed.`, { field: `input.removeTranslations[${index}]` });
  }
  if (input.categoryIds != null) update.categoryIds = prepareCategoryIds(input.categoryIds, 'input.categoryIds', categoryId);
  return update;
}

function prepareCategoryIds(raw: readonly string[], field: string, categoryId: (raw: string, field: string) => string): string[] {
  return [...new Set(atMost(raw, 100, field).map((id, i) => categoryId(id, `${field}[${i}]`)))];
}
