import { toGlobalId } from '@rustok/contracts';
import { money, type Money } from '../../domain/money';
import type { ProductStatus } from '../../models/product';
import type { CategoryJson, MediaJson, OptionJson, ProductPart, ProductTranslationJson, VariantJson } from '../../repositories/read/product-parts';
import { categoryView, type CategoryView } from './category-view';
import type { LocaleView } from './locale-view';
import { withLoaderKey } from './loader-key';
import { mediaView, optionView, type MediaView, type OptionView } from './option-view';
import { optionValueIndex, variantView, type VariantView } from './variant-view';

export interface PriceRangeView {
  currency: string;
  min: Money;
  max: Money;
}

export interface ProductTranslationView {
  locale: string;
  title: string;
  description: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
}

/** Parts of a product read together with it; the part loaders hand them out without a statement. */
export interface EmbeddedParts {
  variants?: VariantView[];
  options?: OptionView[];
  media?: MediaView[];
  categories?: CategoryView[];
  translations?: ProductTranslationView[];
}

/**
 * A symbol key: mercurius serializes the parent object into each loader's
 * cache key, and the embedded parts are most of a product's size.
 */
export const EMBEDDED = Symbol('commerce.product.embedded');

/** A product as GraphQL serves it: field names as in the SDL, so default resolvers (no per-field cost) apply. */
export interface ProductView extends LocaleView {
  id: string;
  localId: string;
  handle: string;
  status: Uppercase<ProductStatus>;
  title: string;
  description: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  /** The locale the texts are in (the wanted one, else the fallback). */
  locale: string | null;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  metadata: Record<string, unknown> | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  availableForSale: boolean;
  priceRanges: PriceRangeView[];
  [EMBEDDED]: EmbeddedParts;
}

export interface ProductRowRead extends Partial<Record<ProductPart, unknown>> {
  id: string;
  handle: string;
  status: ProductStatus;
  vendor: string | null;
  product_type: string | null;
  tags: string[];
  metadata?: Record<string, unknown>;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  text_locale: string | null;
  title: string | null;
  description: string | null;
  seo_title: string | null;
  seo_description: string | null;
  price_ranges: Array<{ c: string; min: string; max: string }>;
  available_for_sale: boolean;
  sort_key?: string | null;
}

export function translationView(row: ProductTranslationJson): ProductTranslationView {
  return { locale: row.locale, title: row.title, description: row.description, seoTitle: row.seo_title, seoDescription: row.seo_description };
}

export function productView(row: ProductRowRead, locales: LocaleView): ProductView {
  const view: ProductView = {
    id: toGlobalId('CommerceProduct', row.id),
    localId: row.id,
    handle: row.handle,
    status: row.status.toUpperCase() as Uppercase<ProductStatus>,
    // Every product is created with a title; a product whose translations were all removed still shows its handle.
    title: row.title ?? row.handle,
    description: row.description,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    locale: row.text_locale,
    vendor: row.vendor,
    productType: row.product_type,
    tags: row.tags,
    metadata: row.metadata ?? null,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    availableForSale: row.available_for_sale,
    priceRanges: row.price_ranges.map((range) => ({ currency: range.c, min: money(range.min, range.c), max: money(range.max, range.c) })),
    wantedLocale: locales.wantedLocale,
    defaultLocale: locales.defaultLocale,
    [EMBEDDED]: {},
  };
  const embedded = view[EMBEDDED];
  if (row.variants !== undefined) {
    const values = optionValueIndex((row.options ?? []) as OptionJson[]);
    embedded.variants = (row.variants as VariantJson[]).map((v) => variantView(v, view, values));
  }
  if (row.options !== undefined) embedded.options = (row.options as OptionJson[]).map((o) => optionView(o, view));
  if (row.media !== undefined) embedded.media = (row.media as MediaJson[]).map((m) => mediaView(m, view));
  if (row.categories !== undefined) embedded.categories = (row.categories as CategoryJson[]).map((c) => categoryView(c, view));
  if (row.translations !== undefined) embedded.translations = (row.translations as ProductTranslationJson[]).map(translationView);
  return withLoaderKey(view);
}
