import { CATEGORY_JSON, type CategoryJson } from './product-parts';
import { sql } from '../sql';

/** A category row: its JSON, and (for lookups on behalf of something) whose it is. */
export interface CategoryPartRow {
  for_id?: string;
  part: CategoryJson;
}

/** Every category of the tenant; the reader arranges them into a tree. */
export function allCategories(): string {
  return `SELECT ${CATEGORY_JSON} AS part FROM commerce.categories c ORDER BY c.position, c.handle`;
}

export function categoryBy(by: { id: string } | { handle: string }): string {
  return `SELECT ${CATEGORY_JSON} AS part FROM commerce.categories c WHERE ${'id' in by ? sql`c.id = ${by.id}::uuid` : sql`c.handle = ${by.handle}`}`;
}

export function categoriesByIds(ids: readonly string[]): string {
  return `SELECT ${CATEGORY_JSON} AS part FROM commerce.categories c WHERE ${sql`c.id = ANY(${ids}::uuid[])`}`;
}

/** Children of each parent, `for_id` naming the parent. */
export function childrenOf(parentIds: readonly string[]): string {
  return `SELECT c.parent_id AS for_id, ${CATEGORY_JSON} AS part FROM commerce.categories c WHERE ${sql`c.parent_id = ANY(${parentIds}::uuid[])`} ORDER BY c.position, c.handle`;
}

/** Ancestors of each category, root first, `for_id` naming the category they belong to. */
export function ancestorsOf(categoryIds: readonly string[]): string {
  return `WITH RECURSIVE up AS (
  SELECT c.id AS for_id, c.parent_id AS id, 1 AS depth FROM commerce.categories c WHERE ${sql`c.id = ANY(${categoryIds}::uuid[])`} AND c.parent_id IS NOT NULL
  UNION ALL
  SELECT up.for_id, c.parent_id, up.depth + 1 FROM up JOIN commerce.categories c ON c.id = up.id WHERE c.parent_id IS NOT NULL AND up.depth < 100
)
SELECT up.for_id, ${CATEGORY_JSON} AS part FROM up JOIN commerce.categories c ON c.id = up.id ORDER BY up.for_id, up.depth DESC`;
}
