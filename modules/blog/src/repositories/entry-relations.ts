import type { ShownCategory } from './categories';
import type { TranslationChoice } from './entry-columns';
import { SCHEMA, type Binds } from './sql';
import type { ShownTag } from './tags';

/** Relations a list or single read can fetch in its own statement, when the query asks for them. */
export interface RelationSelection {
  categories: boolean;
  tags: boolean;
  commentCount: boolean;
}

export const NO_RELATIONS: RelationSelection = { categories: false, tags: false, commentCount: false };

/** What the prefetch adds to a row: the same shapes the relation loaders produce. */
export interface PrefetchedRelations {
  categories?: ShownCategory[];
  tags?: ShownTag[];
  commentCount?: number;
}

/**
 * SELECT-list expressions (for the entry columns of alias `entry`) that fetch a post's
 * categories, tags and approved comment count inside the list statement
 * itself. Each is a correlated subquery evaluated for the page's rows only,
 * exactly what the relation loaders would fetch in statements of their own:
 * on the storefront's hottest reads this saves a round trip per relation.
 * `tenant` gives the SQL of the entry's tenant; it is asked for (and may add
 * a bind parameter) only when a relation needs it.
 */
export function relationColumns(binds: Binds, choice: TranslationChoice, selection: RelationSelection, entry: string, tenant: () => string): string {
  const columns: string[] = [];
  if (selection.categories || selection.tags) {
    const locale = binds.add(choice.locale);
    const fallback = binds.add(choice.fallback);
    const name = (table: string, owner: string, alias: string, extra: string) => `CROSS JOIN LATERAL (
        SELECT t.locale, t.slug, t.name${extra} FROM ${SCHEMA}.${table} t WHERE t.${owner} = ${alias}.id
         ORDER BY t.locale = ${locale} DESC, t.locale = ${fallback} DESC, t.locale LIMIT 1) n`;
    if (selection.categories) {
      columns.push(`(SELECT coalesce(json_agg(json_build_object('id', c.id, 'parentId', c.parent_id, 'position', c.position, 'locale', n.locale, 'slug', n.slug, 'name', n.name, 'description', n.description) ORDER BY ec.position), '[]')
          FROM ${SCHEMA}.entry_categories ec JOIN ${SCHEMA}.categories c ON c.id = ec.category_id ${name('category_translations', 'category_id', 'c', ', t.description')}
         WHERE ec.entry_id = ${entry}.id) AS categories`);
    }
    if (selection.tags) {
      columns.push(`(SELECT coalesce(json_agg(json_build_object('id', g.id, 'locale', n.locale, 'slug', n.slug, 'name', n.name) ORDER BY et.position), '[]')
          FROM ${SCHEMA}.entry_tags et JOIN ${SCHEMA}.tags g ON g.id = et.tag_id ${name('tag_translations', 'tag_id', 'g', '')}
         WHERE et.entry_id = ${entry}.id) AS tags`);
    }
  }
  if (selection.commentCount) columns.push(`(SELECT count(*)::int FROM ${SCHEMA}.comments k WHERE k.tenant_id = ${tenant()} AND k.post_id = ${entry}.id AND k.status = 'approved') AS "commentCount"`);
  return columns.map((column) => `, ${column}`).join('');
}
