import { CATEGORY_JSON, type CategoryJson } from './product-parts';
import type { Statement } from '../sql';

/** A category row: its JSON, and (for lookups on behalf of something) whose it is. */
export interface CategoryPartRow {
  for_id?: string;
  part: CategoryJson;
}

/** Every category of the tenant; the reader arranges them into a tree. */
export function allCategories(): Statement {
  return { text: `SELECT ${CATEGORY_JSON} AS part FROM commerce.categories c ORDER BY c.position, c.handle`, values: [] };
}

export function categoryBy(by: { id: string } | { handle: string }): Statement {
  return 'id' in by
    ? { text: `SELECT ${CATEGORY_JSON} AS part FROM commerce.categories c WHERE c.id = $1::uuid`, values: [by.id] }
    : { text: `SELECT ${CATEGORY_JSON} AS part FROM commerce.categories c WHERE c.handle = $1::text`, values: [by.handle] };
}

export function categoriesByIds(ids: readonly string[]): Statement {
  return { text: `SELECT ${CATEGORY_JSON} AS part FROM commerce.categories c WHERE c.id = ANY($1::uuid[])`, values: [ids] };
}

/** Children of each parent, `for_id` naming the parent. */
export function childrenOf(parentIds: readonly string[]): Statement {
  return { text: `SELECT c.parent_id AS for_id, ${CATEGORY_JSON} AS part FROM commerce.categories c WHERE c.parent_id = ANY($1::uuid[]) ORDER BY c.position, c.handle`, values: [parentIds] };
}

/** Ancestors of each category, root first, `for_id` naming the category they belong to. */
export function ancestorsOf(categoryIds: readonly string[]): Statement {
  const text = `WITH RECURSIVE up AS (
  SELECT c.id AS for_id, c.parent_id AS id, 1 AS depth FROM commerce.categories c WHERE c.id = ANY($1::uuid[]) AND c.parent_id IS NOT NULL
  UNION ALL
  SELECT up.for_id, c.parent_id, up.depth + 1 FROM up JOIN commerce.categories c ON c.id = up.id WHERE c.parent_id IS NOT NULL AND up.depth < 100
)
SELECT up.for_id, ${CATEGORY_JSON} AS part FROM up JOIN commerce.categories c ON c.id = up.id ORDER BY up.for_id, up.depth DESC`;
  return { text, values: [categoryIds] };
}
