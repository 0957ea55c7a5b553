/**
 * Mutation inputs as GraphQL hands them over (enums upper-case, optional
 * fields possibly null). The `prepare…` functions next to this file check
 * them and return the shapes the services write.
 */
export interface LocalizedTextInput {
  locale: string;
  text: string;
}

export interface ProductTranslationInput {
  locale: string;
  title: string;
  description?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
}

export interface OptionValueInput {
  /** An existing value's id, to rename or keep it (option updates only). */
  id?: string | null;
  value: string;
  translations?: LocalizedTextInput[] | null;
}

export interface OptionInput {
  name: string;
  translations?: LocalizedTextInput[] | null;
  values?: OptionValueInput[] | null;
}

export interface SelectedOptionInput {
  name: string;
  value: string;
}

export interface PriceInput {
  currency: string;
  amount: string;
  compareAtAmount?: string | null;
}

export interface VariantInput {
  sku?: string | null;
  barcode?: string | null;
  weightGrams?: number | null;
  inventoryPolicy?: 'DENY' | 'CONTINUE' | null;
  lowStockThreshold?: number | null;
  position?: number | null;
  options?: SelectedOptionInput[] | null;
  translations?: Array<{ locale: string; title: string }> | null;
  prices?: PriceInput[] | null;
  /** Initial stock on hand (create only; later changes go through stock adjustments). */
  onHand?: number | null;
}

export interface MediaInput {
  url: string;
  alt?: LocalizedTextInput[] | null;
  position?: number | null;
}

export type ProductStatusInput = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

export interface CreateProductInput {
  handle?: string | null;
  status?: ProductStatusInput | null;
  publishedAt?: Date | null;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[] | null;
  metadata?: unknown;
  translations: ProductTranslationInput[];
  options?: OptionInput[] | null;
  variants?: VariantInput[] | null;
  media?: MediaInput[] | null;
  categoryIds?: string[] | null;
}

export interface UpdateProductInput {
  handle?: string | null;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[] | null;
  metadata?: unknown;
  /** Upserted per locale; locales not listed keep their texts. */
  translations?: ProductTranslationInput[] | null;
  /** Locales whose texts to remove (never the default locale's). */
  removeTranslations?: string[] | null;
  /** Replaces the product's categories when given. */
  categoryIds?: string[] | null;
}

export interface CategoryTranslationInput {
  locale: string;
  name: string;
  description?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
}

export interface CreateCategoryInput {
  handle?: string | null;
  parentId?: string | null;
  position?: number | null;
  translations: CategoryTranslationInput[];
}

export interface UpdateCategoryInput {
  handle?: string | null;
  position?: number | null;
  translations?: CategoryTranslationInput[] | null;
}
