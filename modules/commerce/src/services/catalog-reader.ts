import type { ModelsFacade } from '@rustok/contracts';
import { CommerceErrors, commerceError } from '../errors';
import { MAX_SEARCH_LENGTH } from '../domain/search-config';
import { decodeKeyset, encodeKeyset, pageSize, type KeysetCursor } from '../domain/paging';
import { allCategories, ancestorsOf, categoriesByIds, categoryBy, childrenOf, type CategoryPartRow } from '../repositories/read/category-parts';
import { partsOf, variantsByIds, variantsWithOptionsOf, type CategoryJson, type MediaJson, type OptionJson, type ProductPart, type ProductTranslationJson, type VariantJson } from '../repositories/read/product-parts';
import { ProductQuery, type ProductFilter, type ProductSort } from '../repositories/read/product-query';
import type { Statement } from '../repositories/sql';
import { buildTree, categoryView, PRELOADED_CHILDREN, type CategoryView } from './views/category-view';
import type { LocaleView } from './views/locale-view';
import { mediaView, optionView, type MediaView, type OptionView } from './views/option-view';
import { EMBEDDED, productView, translationView, type EmbeddedParts, type ProductRowRead, type ProductTranslationView, type ProductView } from './views/product-view';
import { optionValueIndex, variantView, type VariantView } from './views/variant-view';

/** Who reads and in which locale: storefront readers see only active, published products. */
export interface ReadScope extends LocaleView {
  tenantId: string;
  audience: 'storefront' | 'admin';
}

/** What the part loaders need of a product: its id and the locale its parts are wanted in. */
export type ProductRef = { localId: string; [EMBEDDED]?: EmbeddedParts } & LocaleView;

/** Counts a connection's whole list; the totalCount resolver calls it, so the count runs only when asked for. */
export const COUNT = Symbol('commerce.connection.count');

export interface ProductConnection {
  edges: Array<{ cursor: string; node: ProductView }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  [COUNT]: () => Promise<number>;
}

export interface ProductListArgs {
  filter: Omit<ProductFilter, 'search'> & { search?: string };
  sort: ProductSort;
  first?: number | null;
  after?: string | null;
}

/**
 * Every read of the catalog. Each read is one prepared SQL statement run by
 * `ctx.models.query` outside any transaction — one round trip, row-level
 * security holding it to the request's tenant — and a search that finds
 * nothing in full text runs a second, by similarity. Rows become view
 * objects shaped like the GraphQL types. The loaders call the `…Of`
 * methods once per request with every parent object of that request.
 */
export class CatalogReader {
  constructor(private readonly query: ModelsFacade['query']) {}

  private read<T>(statement: Statement): Promise<T[]> {
    return this.query<T>(statement.text, statement.values);
  }

  /**
   * A page of products. A search runs as full text first; when that finds
   * nothing at all, as trigram similarity (typos), and the cursor remembers
   * which, so later pages continue in the same mode.
   */
  async products(scope: ReadScope, args: ProductListArgs, include: ReadonlySet<ProductPart> = new Set()): Promise<ProductConnection> {
    const limit = pageSize(args.first);
    const { search: rawSearch, ...rest } = args.filter;
    const search = normalizeSearch(rawSearch);
    const signature = `${args.sort.field}:${args.sort.direction}:${args.sort.currency ?? ''}`;
    let mode: 'fulltext' | 'trigram' = 'fulltext';
    let after: KeysetCursor | null = null;
    if (args.after != null) {
      const trigram = search !== null ? tryDecode(args.after, `${signature}|trigram`) : null;
      mode = trigram !== null ? 'trigram' : 'fulltext';
      after = trigram ?? decodeKeyset(args.after, search === null ? signature : `${signature}|fulltext`);
    }
    const run = async (searchMode: typeof mode) => {
      const filter: ProductFilter = { ...rest, ...(search === null ? {} : { search: { text: search, mode: searchMode } }) };
      const query = new ProductQuery({ ...scope, locale: scope.wantedLocale, filter });
      return { query, rows: await this.read<ProductRowRead>(query.page(args.sort, after, limit + 1, include)) };
    };
    let { query, rows } = await run(mode);
    if (search !== null && after === null && rows.length === 0) {
      mode = 'trigram';
      ({ query, rows } = await run(mode));
    }
    const sort = search === null ? signature : `${signature}|${mode}`;
    const page = rows.slice(0, limit);
    const edges = page.map((row) => ({ cursor: encodeKeyset({ key: row.sort_key ?? null, id: row.id, sort }), node: productView(row, scope) }));
    let count: Promise<number> | null = null;
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      [COUNT]: () => (count ??= this.read<{ count: number }>(query.count()).then(([row]) => row?.count ?? 0)),
    };
  }

  async product(scope: ReadScope, by: { id: string } | { handle: string }, include: ReadonlySet<ProductPart> = new Set()): Promise<ProductView | null> {
    const [found] = await this.productsByKeys(scope, 'id' in by ? { ids: [by.id] } : by, include);
    return found ?? null;
  }

  async productsByIds(scope: ReadScope, ids: readonly string[]): Promise<Map<string, ProductView>> {
    const found = await this.productsByKeys(scope, { ids: [...new Set(ids)] });
    return new Map(found.map((product) => [product.localId, product]));
  }

  private async productsByKeys(scope: ReadScope, by: { ids: readonly string[] } | { handle: string }, include: ReadonlySet<ProductPart> = new Set()): Promise<ProductView[]> {
    if ('ids' in by && by.ids.length === 0) return [];
    const query = new ProductQuery({ ...scope, locale: scope.wantedLocale, filter: {} });
    return (await this.read<ProductRowRead>(query.byKeys(by, include))).map((row) => productView(row, scope));
  }

  /** Parts of products, from what was read with them when it was, else one statement for all the rest. */
  private async partOf<J, V>(part: ProductPart, products: readonly ProductRef[], view: (json: J, product: ProductRef) => V): Promise<V[][]> {
    const missing = products.filter((product) => product[EMBEDDED]?.[part] === undefined);
    const rows = missing.length === 0 ? [] : await this.read<{ for_id: string; part: J }>(partsOf(part, uniqueIds(missing)));
    const byProduct = groupBy(rows, (row) => row.for_id);
    return products.map((product) => (product[EMBEDDED]?.[part] as V[] | undefined) ?? (byProduct.get(product.localId) ?? []).map((row) => view(row.part, product)));
  }

  async variantsOf(products: readonly ProductRef[]): Promise<VariantView[][]> {
    const missing = products.filter((product) => product[EMBEDDED]?.variants === undefined);
    const rows = missing.length === 0 ? [] : await this.read<{ for_id: string; variants: VariantJson[]; options: OptionJson[] }>(variantsWithOptionsOf(uniqueIds(missing)));
    const byProduct = new Map(rows.map((row) => [row.for_id, row]));
    return products.map((product) => {
      const embedded = product[EMBEDDED]?.variants;
      if (embedded !== undefined) return embedded;
      const row = byProduct.get(product.localId);
      const values = optionValueIndex(row?.options ?? []);
      return (row?.variants ?? []).map((json) => variantView(json, product, values));
    });
  }

  optionsOf(products: readonly ProductRef[]): Promise<OptionView[][]> {
    return this.partOf('options', products, (json: OptionJson, product) => optionView(json, product));
  }

  mediaOf(products: readonly ProductRef[]): Promise<MediaView[][]> {
    return this.partOf('media', products, (json: MediaJson, product) => mediaView(json, product));
  }

  translationsOf(products: readonly ProductRef[]): Promise<ProductTranslationView[][]> {
    return this.partOf('translations', products, (json: ProductTranslationJson) => translationView(json));
  }

  categoriesOf(products: readonly ProductRef[]): Promise<CategoryView[][]> {
    return this.partOf('categories', products, (json: CategoryJson, product) => categoryView(json, product));
  }

  async variantsByIds(scope: ReadScope, ids: readonly string[]): Promise<Map<string, VariantView>> {
    if (ids.length === 0) return new Map();
    const rows = await this.read<{ part: VariantJson; options: OptionJson[] }>(variantsByIds([...new Set(ids)], scope.audience));
    return new Map(rows.map((row) => [row.part.id, variantView(row.part, scope, optionValueIndex(row.options))]));
  }

  /** The tenant's whole category forest in one statement; children come preloaded. */
  async categoryTree(scope: ReadScope): Promise<CategoryView[]> {
    return buildTree((await this.read<CategoryPartRow>(allCategories())).map((row) => categoryView(row.part, scope)));
  }

  async category(scope: ReadScope, by: { id: string } | { handle: string }): Promise<CategoryView | null> {
    const [row] = await this.read<CategoryPartRow>(categoryBy(by));
    return row === undefined ? null : categoryView(row.part, scope);
  }

  async childrenOf(categories: readonly CategoryView[]): Promise<CategoryView[][]> {
    const missing = categories.filter((category) => category[PRELOADED_CHILDREN] === undefined);
    const rows = missing.length === 0 ? [] : await this.read<CategoryPartRow>(childrenOf(uniqueIds(missing)));
    const byParent = groupBy(rows, (row) => row.for_id as string);
    return categories.map((category) => category[PRELOADED_CHILDREN] ?? (byParent.get(category.localId) ?? []).map((row) => categoryView(row.part, category)));
  }

  async parentsOf(categories: readonly CategoryView[]): Promise<Array<CategoryView | null>> {
    const parentIds = [...new Set(categories.map((c) => c.parentLocalId).filter((id): id is string => id !== null))];
    const rows = parentIds.length === 0 ? [] : await this.read<CategoryPartRow>(categoriesByIds(parentIds));
    const byId = new Map(rows.map((row) => [row.part.id, row.part]));
    return categories.map((category) => {
      const parent = category.parentLocalId === null ? undefined : byId.get(category.parentLocalId);
      return parent === undefined ? null : categoryView(parent, category);
    });
  }

  async ancestorsOf(categories: readonly CategoryView[]): Promise<CategoryView[][]> {
    const withParents = categories.filter((c) => c.parentLocalId !== null);
    const rows = withParents.length === 0 ? [] : await this.read<CategoryPartRow>(ancestorsOf(uniqueIds(withParents)));
    const byCategory = groupBy(rows, (row) => row.for_id as string);
    return categories.map((category) => (byCategory.get(category.localId) ?? []).map((row) => categoryView(row.part, category)));
  }
}

function normalizeSearch(raw: string | undefined): string | null {
  const text = (raw ?? '').trim();
  if (text.length === 0) return null;
  if (text.length > MAX_SEARCH_LENGTH) throw commerceError(CommerceErrors.SEARCH_INVALID, `search is longer than ${MAX_SEARCH_LENGTH} characters.`, { field: 'filter.search' });
  return text;
}

function tryDecode(raw: string, sort: string) {
  try {
    return decodeKeyset(raw, sort);
  } catch {
    return null;
  }
}

function uniqueIds(items: ReadonlyArray<{ localId: string }>): string[] {
  return [...new Set(items.map((item) => item.localId))];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
