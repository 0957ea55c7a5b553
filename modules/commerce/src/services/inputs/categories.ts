import { CommerceErrors, commerceError } from '../../errors';
import { checkHandle } from '../../domain/handles';
import { checkLocales, type TenantLocales } from '../../domain/locales';
import { optionalLongText, optionalText, requiredText } from '../../domain/text';
import { boundedInt } from './common';
import type { CategoryTranslationInput, CreateCategoryInput, UpdateCategoryInput } from './shapes';

export interface PreparedCategoryTranslation {
  locale: string;
  name: string;
  description: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
}

function prepareTranslations(tenant: TenantLocales, inputs: readonly CategoryTranslationInput[], field: string): PreparedCategoryTranslation[] {
  return checkLocales(tenant, inputs, field).map((t, i) => ({
    locale: t.locale,
    name: requiredText(t.name, `${field}[${i}].name`, 128),
    description: optionalLongText(t.description, `${field}[${i}].description`),
    seoTitle: optionalText(t.seoTitle, `${field}[${i}].seoTitle`),
    seoDescription: optionalText(t.seoDescription, `${field}[${i}].seoDescription`, 1000),
  }));
}

export interface PreparedCategory {
  handle: string | null;
  parentId: string | null;
  position: number | null;
  translations: PreparedCategoryTranslation[];
}

export function prepareCategory(tenant: TenantLocales, input: CreateCategoryInput, categoryId: (raw: string, field: string) => string): PreparedCategory {
  const translations = prepareTranslations(tenant, input.translations, 'input.translations');
  if (!translations.some((t) => t.locale === tenant.defaultLocale)) {
    throw commerceError(CommerceErrors.TRANSLATION_REQUIRED, `A category needs a name in the tenant's default locale (${tenant.defaultLocale}).`, { field: 'input.translations' });
  }
  return {
    handle: input.handle == null ? null : checkHandle(input.handle, 'input.handle'),
    parentId: input.parentId == null ? null : categoryId(input.parentId, 'input.parentId'),
    position: input.position == null ? null : boundedInt(input.position, 'input.position', 0, 100_000),
    translations,
  };
}

export interface PreparedCategoryUpdate {
  handle?: string;
  position?: number;
  translations?: PreparedCategoryTranslation[];
}

export function prepareCategoryUpdate(tenant: TenantLocales, input: UpdateCategoryInput): PreparedCategoryUpdate {
  return {
    ...(input.handle == null ? {} : { handle: checkHandle(input.handle, 'input.handle') }),
    ...(input.position == null ? {} : { position: boundedInt(input.position, 'input.position', 0, 100_000) }),
    ...(input.translations == null ? {} : { translations: prepareTranslations(tenant, input.translations, 'input.translations') }),
  };
}
