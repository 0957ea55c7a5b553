import { CommerceErrors, commerceError } from '../errors';
import { localIdOf } from '../domain/global-ids';
import { parseAmount, parseCurrency } from '../domain/money';
import { normalizeTags } from '../domain/text';
import type { ProductStatus } from '../models/product';
import type { ProductSort, ProductSortField } from '../repositories/read/product-query';
import type { ProductListArgs } from '../services/catalog-reader';

export interface ProductFilterArgs {
  categoryId?: string | null;
  category?: string | null;
  search?: string | null;
  tags?: string[] | null;
  vendor?: string | null;
  productType?: string | null;
  priceRange?: { currency: string; min?: string | null; max?: string | null } | null;
  inStock?: boolean | null;
  status?: Array<'DRAFT' | 'ACTIVE' | 'ARCHIVED'> | null;
}

export interface ProductSortArgs {
  field: 'RELEVANCE' | 'PUBLISHED_AT' | 'CREATED_AT' | 'UPDATED_AT' | 'TITLE' | 'PRICE';
  direction?: 'ASC' | 'DESC' | null;
  currency?: string | null;
}

export interface ProductConnectionArgs {
  first?: number | null;
  after?: string | null;
  filter?: ProductFilterArgs | null;
  sort?: ProductSortArgs | null;
  locale?: string | null;
}

/** Checks list arguments and turns them into the reader's terms; each mistake names its field. */
export function productListArgs(args: ProductConnectionArgs, audience: 'storefront' | 'admin'): ProductListArgs {
  const filter = args.filter ?? {};
  const searching = (filter.search ?? '').trim().length > 0;
  return { first: args.first, after: args.after, filter: productFilter(filter), sort: productSort(args.sort ?? null, searching, audience) };
}

function productFilter(args: ProductFilterArgs): ProductListArgs['filter'] {
  const filter: ProductListArgs['filter'] = {};
  if (args.categoryId != null) filter.category = { id: localIdOf(args.categoryId, 'CommerceCategory', 'filter.categoryId') };
  else if (args.category != null) filter.category = { handle: args.category.trim().toLowerCase() };
  if (args.search != null) filter.search = args.search;
  if (args.tags != null && args.tags.length > 0) filter.tags = normalizeTags(args.tags, 'filter.tags');
  if (args.vendor != null) filter.vendor = args.vendor.trim();
  if (args.productType != null) filter.productType = args.productType.trim();
  if (args.inStock != null) filter.inStock = args.inStock;
  if (args.status != null) filter.statuses = args.status.map((s) => s.toLowerCase() as ProductStatus);
  if (args.priceRange != null) {
    const range = args.priceRange;
    const currency = parseCurrency(range.currency, 'filter.priceRange.currency');
    const min = range.min == null ? null : parseAmount(range.min, 'filter.priceRange.min');
    const max = range.max == null ? null : parseAmount(range.max, 'filter.priceRange.max');
    if (min !== null && max !== null && min > max) throw commerceError(CommerceErrors.INPUT_INVALID, 'priceRange.min is above priceRange.max.', { field: 'filter.priceRange' });
    filter.priceRange = { currency, min, max };
  }
  return filter;
}

/**
 * The order of a list: as asked, else by relevance when searching, else
 * newest first (published for the storefront, created for admins). Dates
 * and relevance default to descending, title and price to ascending.
 */
function productSort(args: ProductSortArgs | null, searching: boolean, audience: 'storefront' | 'admin'): ProductSort {
  const field = (args?.field.toLowerCase() ?? (searching ? 'relevance' : audience === 'storefront' ? 'published_at' : 'created_at')) as ProductSortField;
  if (field === 'relevance' && !searching) throw commerceError(CommerceErrors.SORT_INVALID, 'RELEVANCE orders search results; give filter.search, or sort by another field.', { field: 'sort.field' });
  if (field === 'relevance' && args?.direction === 'ASC') throw commerceError(CommerceErrors.SORT_INVALID, 'RELEVANCE lists the best match first; it has no ascending order.', { field: 'sort.direction' });
  const direction = args?.direction != null ? (args.direction === 'ASC' ? 'asc' : 'desc') : field === 'title' || field === 'price' ? 'asc' : 'desc';
  if (field !== 'price') return { field, direction };
  if (args?.currency == null) throw commerceError(CommerceErrors.SORT_INVALID, 'Sorting by PRICE needs the currency whose prices order the list.', { field: 'sort.currency' });
  return { field, direction, currency: parseCurrency(args.currency, 'sort.currency') };
}
