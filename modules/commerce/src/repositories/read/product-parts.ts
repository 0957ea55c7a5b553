import type { Statement } from '../sql';

/**
 * The parts of a product (variants, options, media, categories,
 * translations), each as one JSON object built by PostgreSQL. A part is read
 * either folded into the product page (`embeddedPart`: one statement for a
 * whole listing) or by a loader for products read some other way
 * (`partsOf`: one statement per part per request). Both use the same JSON,
 * so the views have one input shape. JSON also spares the driver parsing
 * each column (dates included) row by row.
 */

/** A part's JSON, where it comes from, which column names its product, and its display order. */
export interface PartSql {
  json: string;
  from: string;
  parentKey: string;
  order: string;
}

export type ProductPart = 'variants' | 'options' | 'media' | 'categories' | 'translations';

export interface VariantJson {
  id: string;
  product_id: string;
  sku: string | null;
  barcode: string | null;
  weight_grams: number | null;
  position: number;
  inventory_policy: 'deny' | 'continue';
  low_stock_threshold: number;
  created_at: string;
  updated_at: string;
  stock: { on_hand: number; reserved: number; updated_at: string } | null;
  /** [{ c: currency, a: amount, x: compare-at amount | null }] */
  prices: Array<{ c: string; a: string; x: string | null }>;
  /**
   * The variant's option value ids, comma-separated in option order (also
   * its uniqueness key). Names come from the product's options, read with
   * the variants: one lookup per product instead of three per variant.
   */
  option_key: string;
  /** locale → title, or null */
  titles: Record<string, string> | null;
}

export interface OptionJson {
  id: string;
  product_id: string;
  name: string;
  translations: Record<string, string>;
  position: number;
  values: Array<{ id: string; v: string; t: Record<string, string>; p: number }>;
}

export interface MediaJson {
  id: string;
  product_id: string;
  url: string;
  alt: Record<string, string>;
  position: number;
}

export interface ProductTranslationJson {
  locale: string;
  title: string;
  description: string | null;
  seo_title: string | null;
  seo_description: string | null;
}

export interface CategoryTexts {
  name: string;
  description: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
}

export interface CategoryJson {
  id: string;
  parent_id: string | null;
  handle: string;
  position: number;
  created_at: string;
  updated_at: string;
  /** locale → texts, or null when the category has no translation. */
  texts: Record<string, CategoryTexts> | null;
}

/** A category as JSON, from alias `c` (also read on its own by the category reader). */
export const CATEGORY_JSON = `json_build_object('id', c.id, 'parent_id', c.parent_id, 'handle', c.handle, 'position', c.position, 'created_at', c.created_at, 'updated_at', c.updated_at,
  'texts', (SELECT json_object_agg(ct.locale, json_build_object('name', ct.name, 'description', ct.description, 'seoTitle', ct.seo_title, 'seoDescription', ct.seo_description))
              FROM commerce.category_translations ct WHERE ct.category_id = c.id))`;

/** A variant as JSON, from alias `v` joined with its stock level `s`; its option values are resolved against its product's options. */
const VARIANT_JSON = `json_build_object('id', v.id, 'product_id', v.product_id, 'sku', v.sku, 'barcode', v.barcode, 'weight_grams', v.weight_grams, 'position', v.position,
  'inventory_policy', v.inventory_policy, 'low_stock_threshold', v.low_stock_threshold, 'created_at', v.created_at, 'updated_at', v.updated_at,
  'stock', json_build_object('on_hand', s.on_hand, 'reserved', s.reserved, 'updated_at', s.updated_at),
  'prices', (SELECT coalesce(json_agg(json_build_object('c', vp.currency, 'a', vp.amount::text, 'x', vp.compare_at_amount::text) ORDER BY vp.currency), '[]')
               FROM commerce.variant_prices vp WHERE vp.variant_id = v.id),
  'option_key', v.option_key,
  'titles', (SELECT json_object_agg(vt.locale, vt.title) FROM commerce.variant_translations vt WHERE vt.variant_id = v.id))`;

export const PARTS: Readonly<Record<ProductPart, PartSql>> = {
  variants: { json: VARIANT_JSON, from: 'commerce.variants v LEFT JOIN commerce.stock_levels s ON s.variant_id = v.id', parentKey: 'v.product_id', order: 'v.position, v.id' },
  options: {
    json: `json_build_object('id', o.id, 'product_id', o.product_id, 'name', o.name, 'translations', o.translations, 'position', o.position,
  'values', (SELECT coalesce(json_agg(json_build_object('id', ov.id, 'v', ov.value, 't', ov.translations, 'p', ov.position) ORDER BY ov.position, ov.value), '[]')
               FROM commerce.product_option_values ov WHERE ov.option_id = o.id))`,
    from: 'commerce.product_options o',
    parentKey: 'o.product_id',
    order: 'o.position, o.id',
  },
  media: { json: "json_build_object('id', m.id, 'product_id', m.product_id, 'url', m.url, 'alt', m.alt, 'position', m.position)", from: 'commerce.product_media m', parentKey: 'm.product_id', order: 'm.position, m.id' },
  categories: { json: CATEGORY_JSON, from: 'commerce.product_categories pc JOIN commerce.categories c ON c.id = pc.category_id', parentKey: 'pc.product_id', order: 'c.position, c.handle' },
  translations: {
    json: "json_build_object('locale', t.locale, 'title', t.title, 'description', t.description, 'seo_title', t.seo_title, 'seo_description', t.seo_description)",
    from: 'commerce.product_translations t',
    parentKey: 't.product_id',
    order: 't.locale',
  },
};

/** A part of every product in `productIds`, each row `{ for_id, part }`, in display order. */
export function partsOf(part: ProductPart, productIds: readonly string[]): Statement {
  const { json, from, parentKey, order } = PARTS[part];
  return { text: `SELECT ${parentKey} AS for_id, ${json} AS part FROM ${from} WHERE ${parentKey} = ANY($1::uuid[]) ORDER BY ${parentKey}, ${order}`, values: [productIds] };
}

/** A part of the product whose id is `productId` (an SQL expression), as one JSON array column. */
export function embeddedPart(part: ProductPart, productId: string): string {
  const { json, from, parentKey, order } = PARTS[part];
  return `(SELECT coalesce(json_agg(${json} ORDER BY ${order}), '[]') FROM ${from} WHERE ${parentKey} = ${productId})`;
}

/** Variants of each product with the product's options (to name their values), one row per product. */
export function variantsWithOptionsOf(productIds: readonly string[]): Statement {
  return { text: `SELECT pid AS for_id, ${embeddedPart('variants', 'pid')} AS variants, ${embeddedPart('options', 'pid')} AS options FROM unnest($1::uuid[]) AS pid`, values: [productIds] };
}

/**
 * Variants by id, each with its product's options; `storefront` keeps only
 * those of active, published products.
 */
export function variantsByIds(variantIds: readonly string[], audience: 'storefront' | 'admin'): Statement {
  const { json, from } = PARTS.variants;
  const visible = audience === 'admin' ? '' : "\n  AND EXISTS (SELECT 1 FROM commerce.products p WHERE p.id = v.product_id AND p.status = 'active' AND p.published_at <= now())";
  return { text: `SELECT ${json} AS part, ${embeddedPart('options', 'v.product_id')} AS options FROM ${from} WHERE v.id = ANY($1::uuid[])${visible}`, values: [variantIds] };
}
