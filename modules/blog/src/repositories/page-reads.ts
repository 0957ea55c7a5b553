import type { Transaction } from 'sequelize';
import { chosenTranslation, ENTRY_COLUMNS, translationColumns, type ShownEntry, type TranslationChoice } from './entry-columns';
import { Binds, SCHEMA, type Sql } from './sql';

/** Pages are a tree: reads by parent and by path. Tenant-owned: run in a transaction of the tenant. */
export class PageReads {
  constructor(private readonly sql: Sql) {}

  /**
   * Children of each of `parentIds` (null: the top level), in menu order.
   * `publishedOnly` for the storefront, whose menus show published pages only.
   */
  children(tenantId: string, parentIds: ReadonlyArray<string | null>, choice: TranslationChoice, publishedOnly: boolean, transaction: Transaction | null): Promise<ShownEntry[]> {
    const binds = new Binds();
    const lateral = chosenTranslation(binds, choice, false);
    const ids = parentIds.filter((id): id is string => id !== null);
    const parents = [
      ...(ids.length > 0 ? [`e.parent_id = ANY (${binds.add(ids, 'uuid[]')})`] : []),
      ...(parentIds.includes(null) ? ['e.parent_id IS NULL'] : []),
    ];
    return this.sql.rows<ShownEntry>(
      `SELECT ${ENTRY_COLUMNS}, ${translationColumns(false)}
         FROM ${SCHEMA}.entries e ${lateral}
        WHERE e.tenant_id = ${binds.add(tenantId)} AND e.kind = 'page' AND (${parents.join(' OR ')})${publishedOnly ? " AND e.status = 'published'" : ''}
        ORDER BY e.menu_position, e.id`,
      binds.values,
      transaction,
    );
  }

  /**
   * The published page at `segments` (slugs from the top level down), each
   * segment matched in the asked or fallback locale, every page on the way
   * published. One recursive statement, however deep the path.
   */
  async findPublishedByPath(tenantId: string, segments: readonly string[], choice: TranslationChoice, transaction: Transaction | null): Promise<ShownEntry | null> {
    const binds = new Binds();
    const tenant = binds.add(tenantId);
    const path = binds.add(segments, 'text[]');
    const locales = binds.add([choice.locale, choice.fallback], 'text[]');
    const lateral = chosenTranslation(binds, choice, true);
    return this.sql.one<ShownEntry>(
      `WITH RECURSIVE walk (id, depth) AS (
         SELECT DISTINCT p.id, 1 FROM ${SCHEMA}.entries p JOIN ${SCHEMA}.entry_translations pt ON pt.entry_id = p.id
          WHERE p.tenant_id = ${tenant} AND p.kind = 'page' AND p.parent_id IS NULL AND p.status = 'published'
            AND pt.slug = (${path})[1] AND pt.locale = ANY (${locales})
         UNION
         SELECT p.id, w.depth + 1 FROM walk w
           JOIN ${SCHEMA}.entries p ON p.tenant_id = ${tenant} AND p.parent_id = w.id AND p.kind = 'page' AND p.status = 'published'
           JOIN ${SCHEMA}.entry_translations pt ON pt.entry_id = p.id
          WHERE w.depth < cardinality(${path}) AND pt.slug = (${path})[w.depth + 1] AND pt.locale = ANY (${locales}))
       SELECT ${ENTRY_COLUMNS}, ${translationColumns(true)}
         FROM walk JOIN ${SCHEMA}.entries e ON e.id = walk.id ${lateral}
        WHERE walk.depth = cardinality(${path})
        LIMIT 1`,
      binds.values,
      transaction,
    );
  }

  /**
   * The path of each page: its ancestors' slugs and its own, joined by "/",
   * each in the asked locale, else the fallback, else any.
   */
  async paths(tenantId: string, ids: readonly string[], choice: TranslationChoice, transaction: Transaction | null): Promise<Map<string, string>> {
    const binds = new Binds();
    const tenant = binds.add(tenantId);
    const rows = await this.sql.rows<{ start: string; path: string }>(
      `WITH RECURSIVE chain (start, id, parent_id, depth) AS (
         SELECT e.id, e.id, e.parent_id, 0 FROM ${SCHEMA}.entries e WHERE e.tenant_id = ${tenant} AND e.id = ANY (${binds.add(ids, 'uuid[]')})
         UNION ALL
         SELECT c.start, p.id, p.parent_id, c.depth + 1 FROM chain c JOIN ${SCHEMA}.entries p ON p.tenant_id = ${tenant} AND p.id = c.parent_id
          WHERE c.depth < 64)
       SELECT c.start, string_agg(s.slug, '/' ORDER BY c.depth DESC) AS path
         FROM chain c CROSS JOIN LATERAL (
           SELECT t.slug FROM ${SCHEMA}.entry_translations t WHERE t.entry_id = c.id
            ORDER BY t.locale = ${binds.add(choice.locale)} DESC, t.locale = ${binds.add(choice.fallback)} DESC, t.locale LIMIT 1) s
        GROUP BY c.start`,
      binds.values,
      transaction,
    );
    return new Map(rows.map((row) => [row.start, row.path]));
  }
}
