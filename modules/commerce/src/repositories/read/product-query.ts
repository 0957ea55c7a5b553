import type { ProductStatus } from '../../models/product';
import { Params, type Statement } from '../sql';
import { embeddedPart, type ProductPart } from './product-parts';

export type ProductSortField = 'relevance' | 'published_at' | 'created_at' | 'updated_at' | 'title' | 'price';
export type SortDirection = 'asc' | 'desc';

export interface ProductFilter {
  /** A category id or handle; the product must be in it or in one of its descendants. */
  category?: { id: string } | { handle: string };
  search?: { text: string; mode: 'fulltext' | 'trigram' };
  /** Every one of these tags. */
  tags?: string[];
  vendor?: string;
  productType?: string;
  /** Some variant priced within [min, max] (minor units) in the currency. */
  priceRange?: { currency: string; min: bigint | null; max: bigint | null };
  /** Some variant available for sale (stock left, or sold when out of stock). */
  inStock?: boolean;
  /** Admin lists only; the storefront always sees active, published products. */
  statuses?: ProductStatus[];
}

export interface ProductSort {
  field: ProductSortField;
  direction: SortDirection;
  /** For `price`: the currency whose lowest variant price orders the list. */
  currency?: string;
}

export interface ProductSelection {
  tenantId: string;
  audience: 'storefront' | 'admin';
  /** The locale texts are wanted in, and the tenant's default (the fallback). */
  locale: string;
  defaultLocale: string;
  filter: ProductFilter;
}

interface SortKey {
  /** SQL of the key; compared with the cursor's key as `type`. */
  expression: string;
  type: 'timestamptz' | 'text' | 'bigint' | 'real';
}

const MAX_BIGINT = '9223372036854775807';

/**
 * Builds the storefront's and the admin's product SELECT: one statement,
 * whatever the filters. The inner query finds the page (filters, order,
 * keyset, limit) over narrow columns; the outer one adds, for those rows
 * only, what each product shows: price ranges, availability, and the parts
 * the GraphQL query asked for (variants, options, media, categories,
 * translations) as JSON — so a whole listing is one statement, and the
 * part loaders find their data already there.
 */
export class ProductQuery {
  constructor(private readonly selection: ProductSelection) {}

  /** One page: rows after the keyset position, `limit` of them (ask one more to learn whether more follow). */
  page(sort: ProductSort, after: { key: string | null; id: string } | null, limit: number, include: ReadonlySet<ProductPart> = new Set()): Statement {
    const params = new Params();
    const key = this.sortKey(sort);
    const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const withClause = this.with(params);
    const from = this.from(params, sort);
    const conditions = this.conditions(params);
    if (after !== null) conditions.push(`(${key.expression}, p.id) ${sort.direction === 'asc' ? '>' : '<'} (${params.add(after.key, key.type)}, ${params.add(after.id, 'uuid')})`);
    return params.statement(`${withClause}
SELECT ${this.outerColumns(include)}, page.sort_value::text AS sort_key FROM (
  SELECT ${this.innerColumns()}, ${key.expression} AS sort_value
  FROM ${from}
  WHERE ${conditions.join('\n    AND ')}
  ORDER BY ${key.expression} ${direction}, p.id ${direction}
  LIMIT ${params.add(limit, 'int')}
) page
ORDER BY page.sort_value ${direction}, page.id ${direction}`);
  }

  /** Products matching the filter, for `totalCount`. */
  count(): Statement {
    const params = new Params();
    const withClause = this.with(params);
    const from = this.from(params, null);
    return params.statement(`${withClause}
SELECT count(*)::int AS count FROM ${from} WHERE ${this.conditions(params).join('\n  AND ')}`);
  }

  /** Products by id or handle (still subject to the audience's visibility), in no particular order. */
  byKeys(by: { ids: readonly string[] } | { handle: string }, include: ReadonlySet<ProductPart> = new Set()): Statement {
    const params = new Params();
    const withClause = this.with(params);
    const from = this.from(params, null);
    const conditions = this.conditions(params);
    conditions.push('ids' in by ? params.sql`p.id = ANY(${by.ids}::uuid[])` : params.sql`p.handle = ${by.handle}`);
    return params.statement(`${withClause}
SELECT ${this.outerColumns(include)} FROM (SELECT ${this.innerColumns()} FROM ${from} WHERE ${conditions.join(' AND ')}) page`);
  }

  private innerColumns(): string {
    const { audience } = this.selection;
    return `p.id, p.handle, p.status, p.vendor, p.product_type, p.tags, p.published_at, p.created_at, p.updated_at,${audience === 'admin' ? ' p.metadata,' : ''}
    tr.locale AS text_locale, tr.title, tr.description, tr.seo_title, tr.seo_description`;
  }

  private outerColumns(include: ReadonlySet<ProductPart>): string {
    // Variants name their option values through the product's options, so those come along.
    const wanted = include.has('variants') ? new Set([...include, 'options' as const]) : include;
    const parts = [...wanted].map((part) => `,\n  ${embeddedPart(part, 'page.id')} AS ${part}`).join('');
    return `page.*,
  (SELECT coalesce(json_agg(json_build_object('c', r.currency, 'min', r.min_amount::text, 'max', r.max_amount::text) ORDER BY r.currency), '[]')
     FROM commerce.product_price_ranges r WHERE r.product_id = page.id) AS price_ranges,
  ${availableForSale('page')} AS available_for_sale${parts}`;
  }

  private with(params: Params): string {
    const { filter } = this.selection;
    const parts: string[] = [];
    if (filter.category !== undefined) {
      const root = 'id' in filter.category ? params.sql`id = ${filter.category.id}::uuid` : params.sql`handle = ${filter.category.handle}`;
      parts.push(`cats AS (SELECT id FROM commerce.categories WHERE ${root}
  UNION ALL SELECT c.id FROM commerce.categories c JOIN cats ON c.parent_id = cats.id)`);
    }
    if (filter.search !== undefined) parts.push(`hits AS (${this.hits(params, filter.search)})`);
    if (parts.length === 0) return '';
    return `WITH${filter.category !== undefined ? ' RECURSIVE' : ''} ${parts.join(',\n')}`;
  }

  /**
   * Products matching a search with a relevance rank. Full-text: each
   * translation is indexed in its language's configuration (migration 0005);
   * the search text is parsed with each of them and the queries OR-ed, so
   * one GIN index serves every language and a shopper finds a product in
   * whatever language they type. Tags and SKUs are matched as written. Trigram: word
   * similarity of the text to titles, for when full text finds nothing
   * (a typo: "futbolka" for "футболка" still will not, "shrit" for "shirt" will).
   */
  private hits(params: Params, search: NonNullable<ProductFilter['search']>): string {
    const text = params.add(search.text, 'text');
    if (search.mode === 'trigram') {
      return `SELECT t.product_id, max(public.word_similarity(${text}, t.title))::real AS rank
    FROM commerce.product_translations t WHERE ${text} OPERATOR(public.<%) t.title GROUP BY t.product_id`;
    }
    return `SELECT product_id, max(rank)::real AS rank FROM (
    SELECT t.product_id, ts_rank(t.search, q.query) AS rank
      FROM commerce.product_translations t,
           (SELECT websearch_to_tsquery('english', ${text}) || websearch_to_tsquery('russian', ${text}) || websearch_to_tsquery('simple', ${text}) AS query) q
     WHERE t.search @@ q.query
    UNION ALL
    SELECT k.id, 1.0::real FROM commerce.products k WHERE k.search_keys_vector @@ plainto_tsquery('simple', ${text})
  ) ranked GROUP BY product_id`;
  }

  private from(params: Params, sort: ProductSort | null): string {
    const { filter, locale, defaultLocale } = this.selection;
    let from = 'commerce.products p';
    if (filter.search !== undefined) from += '\n  JOIN hits h ON h.product_id = p.id';
    from += params.sql`
  LEFT JOIN LATERAL (SELECT t.locale, t.title, t.description, t.seo_title, t.seo_description FROM commerce.product_translations t
     WHERE t.product_id = p.id ORDER BY t.locale = ${locale} DESC, t.locale = ${defaultLocale} DESC, t.locale LIMIT 1) tr ON true`;
    if (sort?.field === 'price') from += params.sql`\n  LEFT JOIN commerce.product_price_ranges pr ON pr.product_id = p.id AND pr.currency = ${sort.currency ?? ''}`;
    return from;
  }

  private conditions(params: Params): string[] {
    const { filter, tenantId, audience } = this.selection;
    // Row-level security already limits rows to the tenant; saying it lets the planner use the (tenant_id, …) indexes.
    const conditions = [params.sql`p.tenant_id = ${tenantId}::uuid`];
    if (audience === 'storefront') conditions.push("p.status = 'active'", 'p.published_at <= now()');
    else if (filter.statuses !== undefined && filter.statuses.length > 0) conditions.push(params.sql`p.status = ANY(${filter.statuses}::text[])`);
    if (filter.category !== undefined) conditions.push('EXISTS (SELECT 1 FROM commerce.product_categories pc WHERE pc.product_id = p.id AND pc.category_id IN (SELECT id FROM cats))');
    if (filter.tags !== undefined && filter.tags.length > 0) conditions.push(params.sql`p.tags @> ${filter.tags}::text[]`);
    if (filter.vendor !== undefined) conditions.push(params.sql`lower(p.vendor) = lower(${filter.vendor}::text)`);
    if (filter.productType !== undefined) conditions.push(params.sql`lower(p.product_type) = lower(${filter.productType}::text)`);
    if (filter.priceRange !== undefined) {
      const { currency, min, max } = filter.priceRange;
      const bounds = [min === null ? '' : params.sql` AND vp.amount >= ${min}::bigint`, max === null ? '' : params.sql` AND vp.amount <= ${max}::bigint`].join('');
      const inCurrency = params.sql`vp.currency = ${currency}`;
      conditions.push(`EXISTS (SELECT 1 FROM commerce.variants pv JOIN commerce.variant_prices vp ON vp.variant_id = pv.id
     WHERE pv.product_id = p.id AND ${inCurrency}${bounds})`);
    }
    if (filter.inStock !== undefined) conditions.push(`${availableForSale('p')} = ${filter.inStock ? 'true' : 'false'}`);
    return conditions;
  }

  private sortKey(sort: ProductSort): SortKey {
    switch (sort.field) {
      case 'relevance':
        return { expression: 'h.rank', type: 'real' };
      case 'published_at':
        // Admin lists hold unpublished products; a NULL key would drop out of keyset comparisons.
        return { expression: this.selection.audience === 'storefront' ? 'p.published_at' : "coalesce(p.published_at, '-infinity'::timestamptz)", type: 'timestamptz' };
      case 'created_at':
        return { expression: 'p.created_at', type: 'timestamptz' };
      case 'updated_at':
        return { expression: 'p.updated_at', type: 'timestamptz' };
      case 'title':
        return { expression: "coalesce(tr.title, '')", type: 'text' };
      case 'price':
        // Products without a price in the currency come last in either direction.
        return { expression: sort.direction === 'asc' ? `coalesce(pr.min_amount, ${MAX_BIGINT})` : 'coalesce(pr.min_amount, -1)', type: 'bigint' };
    }
  }
}

/**
 * Whether some variant of the product `alias` can be bought: stock left, or
 * sold when out of stock. A scalar subquery with LIMIT 1 rather than EXISTS:
 * the planner turns such an EXISTS into a hashed subplan over every variant
 * of the tenant (tens of milliseconds at 30,000 variants), where a page
 * needs 20 index lookups.
 */
function availableForSale(alias: string): string {
  return `coalesce((SELECT true FROM commerce.variants av LEFT JOIN commerce.stock_levels avs ON avs.variant_id = av.id
     WHERE av.product_id = ${alias}.id AND (av.inventory_policy = 'continue' OR avs.on_hand - avs.reserved > 0) LIMIT 1), false)`;
}
