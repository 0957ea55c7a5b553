import type { Transaction } from 'sequelize';
import { HEADLINE_OPTIONS } from '../content/highlight';
import type { EntryKind, EntryStatus } from '../models/entry';
import { chosenTranslation, ENTRY_COLUMNS, translationColumns, type ShownEntry, type TranslationChoice } from './entry-columns';
import { relationColumns, type RelationSelection } from './entry-relations';
import { Binds, SCHEMA, type Sql } from './sql';

export interface EntryFilter {
  /** Admin lists only; storefront lists are published entries. */
  status?: EntryStatus;
  authorId?: string;
  /** Slug (in the asked or fallback locale) of a category; its subcategories' entries are included. */
  categorySlug?: string;
  /** Slug (in the asked or fallback locale) of a tag. */
  tagSlug?: string;
}

interface ListBase {
  tenantId: string;
  kind: EntryKind;
  choice: TranslationChoice;
  filter: EntryFilter;
  limit: number;
  withBody: boolean;
  /** Relations to fetch in the same statement (what the query asks for). */
  relations: RelationSelection;
}

export interface PublishedListQuery extends ListBase {
  after: { publishedAt: Date; id: string } | null;
}

export interface AdminListQuery extends ListBase {
  after: { id: string } | null;
}

export interface SearchQuery extends ListBase {
  text: string;
  /** PostgreSQL text search configuration of the asked locale. */
  config: string;
  publishedOnly: boolean;
  after: { rank: number; publishedAt: Date | null; id: string } | null;
}

/** Reads of posts and pages with the translation they are shown in. Tenant-owned: run in a transaction of the tenant. */
export class EntryReads {
  constructor(private readonly sql: Sql) {}

  /** Published entries, newest first (published_at, then id), keyset-paged. */
  listPublished(query: PublishedListQuery, transaction: Transaction | null): Promise<ShownEntry[]> {
    const binds = new Binds();
    const lateral = chosenTranslation(binds, query.choice, query.withBody);
    const where = this.conditions(binds, query, true);
    const relations = relationColumns(binds, query.choice, query.relations, 'e', () => 'e.tenant_id');
    if (query.after !== null) where.push(`(e.published_at, e.id) < (${binds.add(query.after.publishedAt.toISOString(), 'timestamptz')}, ${binds.add(query.after.id, 'uuid')})`);
    return this.sql.rows<ShownEntry>(
      `SELECT ${ENTRY_COLUMNS}, ${translationColumns(query.withBody)}${relations}
         FROM ${SCHEMA}.entries e ${lateral}
        WHERE ${where.join(' AND ')}
        ORDER BY e.published_at DESC, e.id DESC
        LIMIT ${binds.add(query.limit + 1, 'int')}`,
      binds.values,
      transaction,
    );
  }

  /** Entries in any status, newest first by id (UUIDv7: creation order), keyset-paged. */
  listAdmin(query: AdminListQuery, transaction: Transaction | null): Promise<ShownEntry[]> {
    const binds = new Binds();
    const lateral = chosenTranslation(binds, query.choice, query.withBody);
    const where = this.conditions(binds, query, false);
    const relations = relationColumns(binds, query.choice, query.relations, 'e', () => 'e.tenant_id');
    if (query.after !== null) where.push(`e.id < ${binds.add(query.after.id, 'uuid')}`);
    return this.sql.rows<ShownEntry>(
      `SELECT ${ENTRY_COLUMNS}, ${translationColumns(query.withBody)}${relations}
         FROM ${SCHEMA}.entries e ${lateral}
        WHERE ${where.join(' AND ')}
        ORDER BY e.id DESC
        LIMIT ${binds.add(query.limit + 1, 'int')}`,
      binds.values,
      transaction,
    );
  }

  /**
   * Full-text search in one locale: its translations' title (weight A),
   * excerpt (B) and body text (C) against websearch syntax ("quoted phrase",
   * -not, or), ranked by ts_rank, ties by recency. ts_headline runs on the
   * returned page only: it re-parses the text, so it is the costly part.
   */
  search(query: SearchQuery, transaction: Transaction | null): Promise<ShownEntry[]> {
    const binds = new Binds();
    const config = binds.add(query.config, 'regconfig');
    const text = binds.add(query.text);
    const locale = binds.add(query.choice.locale);
    const where = this.conditions(binds, query, query.publishedOnly);
    where.push(`t.locale = ${locale}`, 't.search @@ q.query');
    const keyset =
      query.after === null
        ? ''
        : `WHERE (rank, coalesce("publishedAt", '-infinity'), id) < (${binds.add(query.after.rank, 'real')}, coalesce(${binds.add(query.after.publishedAt?.toISOString() ?? null, 'timestamptz')}, '-infinity'), ${binds.add(query.after.id, 'uuid')})`;
    const order = `rank DESC, coalesce("publishedAt", '-infinity') DESC, id DESC`;
    return this.sql.rows<ShownEntry>(
      `WITH q AS (SELECT websearch_to_tsquery(${config}, ${text}) AS query),
       ranked AS (
         SELECT ${ENTRY_COLUMNS}, ${translationColumns(query.withBody)}, ts_rank(t.search, q.query) AS rank
           FROM ${SCHEMA}.entry_translations t
           JOIN ${SCHEMA}.entries e ON e.id = t.entry_id, q
          WHERE ${where.join(' AND ')}),
       page AS (SELECT * FROM ranked ${keyset} ORDER BY ${order} LIMIT ${binds.add(query.limit + 1, 'int')})
       SELECT page.*, ts_headline(${config}, concat_ws(E'\\n', t.title, t.excerpt, t.body_text), q.query, ${binds.add(HEADLINE_OPTIONS)}) AS highlight${relationColumns(binds, query.choice, query.relations, 'page', () => binds.add(query.tenantId, 'uuid'))}
         FROM page JOIN ${SCHEMA}.entry_translations t ON t.entry_id = page.id AND t.locale = ${locale}, q
        ORDER BY page.rank DESC, coalesce(page."publishedAt", '-infinity') DESC, page.id DESC`,
      binds.values,
      transaction,
    );
  }

  /** One entry by id; `publishedOnly` for storefront reads. */
  async findById(tenantId: string, kind: EntryKind, id: string, choice: TranslationChoice, publishedOnly: boolean, relations: RelationSelection, transaction: Transaction | null): Promise<ShownEntry | null> {
    const binds = new Binds();
    const lateral = chosenTranslation(binds, choice, true);
    return this.sql.one<ShownEntry>(
      `SELECT ${ENTRY_COLUMNS}, ${translationColumns(true)}${relationColumns(binds, choice, relations, 'e', () => 'e.tenant_id')}
         FROM ${SCHEMA}.entries e ${lateral}
        WHERE e.tenant_id = ${binds.add(tenantId)} AND e.kind = ${binds.add(kind)} AND e.id = ${binds.add(id)}${publishedOnly ? " AND e.status = 'published'" : ''}`,
      binds.values,
      transaction,
    );
  }

  /** Entries by id, without bodies (the parents or posts of what a list shows). */
  findByIds(tenantId: string, kind: EntryKind, ids: readonly string[], choice: TranslationChoice, publishedOnly: boolean, transaction: Transaction | null): Promise<ShownEntry[]> {
    const binds = new Binds();
    const lateral = chosenTranslation(binds, choice, false);
    return this.sql.rows<ShownEntry>(
      `SELECT ${ENTRY_COLUMNS}, ${translationColumns(false)}
         FROM ${SCHEMA}.entries e ${lateral}
        WHERE e.tenant_id = ${binds.add(tenantId)} AND e.kind = ${binds.add(kind)} AND e.id = ANY (${binds.add(ids, 'uuid[]')})${publishedOnly ? " AND e.status = 'published'" : ''}`,
      binds.values,
      transaction,
    );
  }

  /**
   * A published entry by the slug of any of its translations, preferring a
   * match in the asked locale, then the fallback. It is shown in the asked
   * locale when it has one (the client compares `slug` to redirect to it),
   * else the fallback, else the matched slug's own locale.
   */
  async findPublishedBySlug(tenantId: string, kind: EntryKind, slug: string, choice: TranslationChoice, relations: RelationSelection, transaction: Transaction | null): Promise<ShownEntry | null> {
    const binds = new Binds();
    const [tenant, locale, fallback] = [binds.add(tenantId), binds.add(choice.locale), binds.add(choice.fallback)];
    return this.sql.one<ShownEntry>(
      `SELECT ${ENTRY_COLUMNS}, ${translationColumns(true)}${relationColumns(binds, choice, relations, 'e', () => 'e.tenant_id')}
         FROM ${SCHEMA}.entry_translations m
         JOIN ${SCHEMA}.entries e ON e.id = m.entry_id
         CROSS JOIN LATERAL (
           SELECT t.locale, t.slug, t.title, t.excerpt, t.seo_title, t.seo_description, t.reading_minutes, t.body, t.body_html
             FROM ${SCHEMA}.entry_translations t
            WHERE t.entry_id = e.id AND t.locale IN (${locale}, ${fallback}, m.locale)
            ORDER BY t.locale = ${locale} DESC, t.locale = ${fallback} DESC
            LIMIT 1) t
        WHERE m.tenant_id = ${tenant} AND m.kind = ${binds.add(kind)} AND m.slug = ${binds.add(slug)} AND e.status = 'published'
        ORDER BY m.locale = ${locale} DESC, m.locale = ${fallback} DESC
        LIMIT 1`,
      binds.values,
      transaction,
    );
  }

  private conditions(binds: Binds, query: ListBase, publishedOnly: boolean): string[] {
    const tenant = binds.add(query.tenantId);
    const where = [`e.tenant_id = ${tenant}`, `e.kind = ${binds.add(query.kind)}`];
    const { filter, choice } = query;
    if (publishedOnly) where.push("e.status = 'published'");
    else if (filter.status !== undefined) where.push(`e.status = ${binds.add(filter.status)}`);
    if (filter.authorId !== undefined) where.push(`e.author_id = ${binds.add(filter.authorId, 'uuid')}`);
    if (filter.categorySlug !== undefined || filter.tagSlug !== undefined) {
      const locales = binds.add([choice.locale, choice.fallback], 'text[]');
      if (filter.categorySlug !== undefined) {
        where.push(`e.id IN (
          WITH RECURSIVE tree AS (
            SELECT ct.category_id AS id FROM ${SCHEMA}.category_translations ct
             WHERE ct.tenant_id = ${tenant} AND ct.slug = ${binds.add(filter.categorySlug)} AND ct.locale = ANY (${locales})
            UNION
            SELECT c.id FROM ${SCHEMA}.categories c JOIN tree ON c.parent_id = tree.id WHERE c.tenant_id = ${tenant})
          SELECT ec.entry_id FROM ${SCHEMA}.entry_categories ec JOIN tree ON ec.category_id = tree.id)`);
      }
      if (filter.tagSlug !== undefined) {
        where.push(`e.id IN (
          SELECT et.entry_id FROM ${SCHEMA}.entry_tags et JOIN ${SCHEMA}.tag_translations tt ON tt.tag_id = et.tag_id
           WHERE tt.tenant_id = ${tenant} AND tt.slug = ${binds.add(filter.tagSlug)} AND tt.locale = ANY (${locales}))`);
      }
    }
    return where;
  }
}
