import type { Model, ModelStatic, Transaction } from 'sequelize';
import type { EntryKind, EntryRow, EntryStatus } from '../models/entry';
import type { TranslationRow } from '../models/translation';
import { SCHEMA, type Sql } from './sql';

export type NewEntry = Pick<EntryRow, 'id' | 'kind' | 'authorId' | 'parentId' | 'menuPosition' | 'featuredMediaUrl' | 'commentsClosed'>;
export type EntryPatch = Partial<Pick<EntryRow, 'authorId' | 'parentId' | 'menuPosition' | 'featuredMediaUrl' | 'commentsClosed' | 'version'>>;
export type TranslationWrite = Omit<TranslationRow, 'entryId'> & { searchConfig: string };

const ENTRY_ROW = `id, tenant_id AS "tenantId", kind, status, author_id AS "authorId", parent_id AS "parentId", menu_position AS "menuPosition",
  featured_media_url AS "featuredMediaUrl", comments_closed AS "commentsClosed", published_at AS "publishedAt", scheduled_for AS "scheduledFor",
  version, created_at AS "createdAt", updated_at AS "updatedAt"`;

const PATCH_COLUMNS: Record<keyof EntryPatch, string> = {
  authorId: 'author_id',
  parentId: 'parent_id',
  menuPosition: 'menu_position',
  featuredMediaUrl: 'featured_media_url',
  commentsClosed: 'comments_closed',
  version: 'version',
};

/** Writes of posts and pages. Tenant-owned: run in a transaction of the tenant. */
export class EntryWrites {
  constructor(
    private readonly sql: Sql,
    private readonly Entry: ModelStatic<Model>,
  ) {}

  async insert(entry: NewEntry, transaction: Transaction): Promise<void> {
    await this.Entry.create({ ...entry, status: 'draft', version: 0 }, { transaction });
  }

  /** The entry, locked until the transaction ends; null when it does not exist (or is of the other kind). */
  lock(tenantId: string, kind: EntryKind, id: string, transaction: Transaction): Promise<EntryRow | null> {
    return this.sql.one<EntryRow>(`SELECT ${ENTRY_ROW} FROM ${SCHEMA}.entries WHERE tenant_id = $1 AND kind = $2 AND id = $3 FOR UPDATE`, [tenantId, kind, id], transaction);
  }

  /** The entry, share-locked: others may read and share-lock it, a save waits until the transaction ends. */
  lockShared(tenantId: string, kind: EntryKind, id: string, transaction: Transaction): Promise<EntryRow | null> {
    return this.sql.one<EntryRow>(`SELECT ${ENTRY_ROW} FROM ${SCHEMA}.entries WHERE tenant_id = $1 AND kind = $2 AND id = $3 FOR SHARE`, [tenantId, kind, id], transaction);
  }

  async update(tenantId: string, id: string, patch: EntryPatch, transaction: Transaction): Promise<void> {
    const keys = Object.keys(patch) as Array<keyof EntryPatch>;
    const sets = keys.map((key, i) => `${PATCH_COLUMNS[key]} = $${i + 3}`);
    await this.sql.rows(`UPDATE ${SCHEMA}.entries SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE tenant_id = $1 AND id = $2`, [tenantId, id, ...keys.map((key) => patch[key])], transaction);
  }

  /** Moves the entry to `status`, with the times that go with it; returns the row as it is now. */
  async setStatus(tenantId: string, id: string, status: EntryStatus, times: { publishedAt?: Date | null; scheduledFor: Date | null }, transaction: Transaction): Promise<EntryRow> {
    const row = await this.sql.one<EntryRow>(
      `UPDATE ${SCHEMA}.entries SET status = $3, scheduled_for = $4, published_at = CASE WHEN $5 THEN $6::timestamptz ELSE published_at END, updated_at = now()
        WHERE tenant_id = $1 AND id = $2 RETURNING ${ENTRY_ROW}`,
      [tenantId, id, status, times.scheduledFor?.toISOString() ?? null, times.publishedAt !== undefined, times.publishedAt?.toISOString() ?? null],
      transaction,
    );
    if (row === null) throw new Error(`entry ${id} vanished while locked`);
    return row;
  }

  /**
   * Publishes the entry if it is still scheduled for exactly `scheduledFor`:
   * a reschedule, unpublish or earlier publish has changed that, and then
   * this older schedule does nothing. Returns the published row, or null.
   */
  publishIfDue(tenantId: string, id: string, scheduledFor: Date, transaction: Transaction): Promise<EntryRow | null> {
    return this.sql.one<EntryRow>(
      `UPDATE ${SCHEMA}.entries SET status = 'published', published_at = scheduled_for, scheduled_for = NULL, updated_at = now()
        WHERE tenant_id = $1 AND id = $2 AND status = 'scheduled' AND scheduled_for = $3::timestamptz RETURNING ${ENTRY_ROW}`,
      [tenantId, id, scheduledFor.toISOString()],
      transaction,
    );
  }

  /** Every scheduled entry of the tenant, with its time. */
  scheduled(tenantId: string, transaction: Transaction): Promise<Array<Pick<EntryRow, 'id' | 'kind' | 'scheduledFor'>>> {
    return this.sql.rows(`SELECT id, kind, scheduled_for AS "scheduledFor" FROM ${SCHEMA}.entries WHERE tenant_id = $1 AND status = 'scheduled'`, [tenantId], transaction);
  }

  async delete(tenantId: string, id: string, transaction: Transaction): Promise<void> {
    await this.sql.rows(`DELETE FROM ${SCHEMA}.entries WHERE tenant_id = $1 AND id = $2`, [tenantId, id], transaction);
  }

  async exists(tenantId: string, kind: EntryKind, id: string, transaction: Transaction): Promise<boolean> {
    return (await this.sql.one(`SELECT 1 FROM ${SCHEMA}.entries WHERE tenant_id = $1 AND kind = $2 AND id = $3`, [tenantId, kind, id], transaction)) !== null;
  }

  /**
   * Serializes slug choices of one family (`hello`, `hello-2`, …) in a
   * tenant, kind and locale until the transaction ends, so two saves
   * deriving a slug from the same title cannot both pick the same free one.
   */
  async lockSlugFamily(tenantId: string, kind: EntryKind, locale: string, root: string, transaction: Transaction): Promise<void> {
    await this.sql.rows('SELECT pg_advisory_xact_lock(hashtext($1))', [`blog.slug:${tenantId}:${kind}:${locale}:${root}`], transaction);
  }

  async hasChildren(tenantId: string, id: string, transaction: Transaction): Promise<boolean> {
    return (await this.sql.one(`SELECT 1 FROM ${SCHEMA}.entries WHERE tenant_id = $1 AND parent_id = $2 LIMIT 1`, [tenantId, id], transaction)) !== null;
  }

  /** Whether `candidate` is page `id` itself or below it. */
  async isSelfOrDescendant(tenantId: string, id: string, candidate: string, transaction: Transaction): Promise<boolean> {
    const row = await this.sql.one<{ found: boolean }>(
      `WITH RECURSIVE below (id) AS (SELECT $2::uuid UNION SELECT e.id FROM ${SCHEMA}.entries e JOIN below ON e.parent_id = below.id WHERE e.tenant_id = $1)
       SELECT EXISTS (SELECT 1 FROM below WHERE id = $3::uuid) AS found`,
      [tenantId, id, candidate],
      transaction,
    );
    return row?.found === true;
  }

  /** Deletes the entry's translations in locales other than `keep`. */
  async deleteTranslationsExcept(tenantId: string, entryId: string, keep: readonly string[], transaction: Transaction): Promise<void> {
    await this.sql.rows(`DELETE FROM ${SCHEMA}.entry_translations WHERE tenant_id = $1 AND entry_id = $2 AND locale <> ALL ($3::text[])`, [tenantId, entryId, keep], transaction);
  }

  /**
   * Inserts or updates translations. A translation whose Markdown source is
   * unchanged keeps its stored HTML, text and reading time (the given ones
   * may then be empty: nothing was rendered).
   */
  async upsertTranslations(tenantId: string, kind: EntryKind, entryId: string, translations: readonly TranslationWrite[], transaction: Transaction): Promise<void> {
    if (translations.length === 0) return;
    const column = <K extends keyof TranslationWrite>(key: K) => translations.map((t) => t[key]);
    await this.sql.rows(
      `INSERT INTO ${SCHEMA}.entry_translations AS t (tenant_id, entry_id, kind, locale, slug, title, excerpt, body, body_html, body_text, seo_title, seo_description, reading_minutes, search_config)
       SELECT $1, $2, $3, n.locale, n.slug, n.title, n.excerpt, n.body, n.body_html, n.body_text, n.seo_title, n.seo_description, n.reading_minutes, n.search_config::regconfig
         FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[], $14::text[])
              AS n (locale, slug, title, excerpt, body, body_html, body_text, seo_title, seo_description, reading_minutes, search_config)
       ON CONFLICT (entry_id, locale) DO UPDATE SET
         slug = EXCLUDED.slug, title = EXCLUDED.title, excerpt = EXCLUDED.excerpt, seo_title = EXCLUDED.seo_title, seo_description = EXCLUDED.seo_description,
         body = EXCLUDED.body,
         body_html = CASE WHEN t.body IS DISTINCT FROM EXCLUDED.body THEN EXCLUDED.body_html ELSE t.body_html END,
         body_text = CASE WHEN t.body IS DISTINCT FROM EXCLUDED.body THEN EXCLUDED.body_text ELSE t.body_text END,
         reading_minutes = CASE WHEN t.body IS DISTINCT FROM EXCLUDED.body THEN EXCLUDED.reading_minutes ELSE t.reading_minutes END,
         search_config = EXCLUDED.search_config, updated_at = now()`,
      [
        tenantId, entryId, kind,
        column('locale'), column('slug'), column('title'), column('excerpt'), column('body'), column('bodyHtml'), column('bodyText'),
        column('seoTitle'), column('seoDescription'), column('readingMinutes'), column('searchConfig'),
      ],
      transaction,
    );
  }

  /** Every translation of each entry (bodies included), by entry and locale. */
  translationsOf(tenantId: string, entryIds: readonly string[], transaction: Transaction | null): Promise<TranslationRow[]> {
    return this.sql.rows<TranslationRow>(
      `SELECT entry_id AS "entryId", locale, slug, title, excerpt, body, body_html AS "bodyHtml", body_text AS "bodyText",
              seo_title AS "seoTitle", seo_description AS "seoDescription", reading_minutes AS "readingMinutes"
         FROM ${SCHEMA}.entry_translations WHERE tenant_id = $1 AND entry_id = ANY ($2::uuid[]) ORDER BY entry_id, locale`,
      [tenantId, entryIds],
      transaction,
    );
  }

  /** Locale, slug and title of each of the entry's translations: what an event tells about it. */
  headlinesOf(tenantId: string, entryId: string, transaction: Transaction): Promise<Array<{ locale: string; slug: string; title: string }>> {
    return this.sql.rows(`SELECT locale, slug, title FROM ${SCHEMA}.entry_translations WHERE tenant_id = $1 AND entry_id = $2 ORDER BY locale`, [tenantId, entryId], transaction);
  }

  /** Slugs of `kind` in `locale` equal to `base` or `base-<n>`, except the entry's own. */
  async slugsLike(tenantId: string, kind: EntryKind, locale: string, base: string, exceptEntry: string, transaction: Transaction): Promise<Set<string>> {
    const rows = await this.sql.rows<{ slug: string }>(
      `SELECT slug FROM ${SCHEMA}.entry_translations WHERE tenant_id = $1 AND kind = $2 AND locale = $3 AND (slug = $4 OR slug LIKE $4 || '-%') AND entry_id <> $5`,
      [tenantId, kind, locale, base, exceptEntry],
      transaction,
    );
    return new Set(rows.map((row) => row.slug));
  }

  /** Sets the entry's categories (or tags) to exactly these ids, in this order; `ids` has no duplicates. */
  async replaceLinks(tenantId: string, entryId: string, kind: 'category' | 'tag', ids: readonly string[], transaction: Transaction): Promise<void> {
    const [table, column] = kind === 'category' ? ['entry_categories', 'category_id'] : ['entry_tags', 'tag_id'];
    await this.sql.rows(`DELETE FROM ${SCHEMA}.${table} WHERE tenant_id = $1 AND entry_id = $2 AND ${column} <> ALL ($3::uuid[])`, [tenantId, entryId, ids], transaction);
    if (ids.length === 0) return;
    await this.sql.rows(
      `INSERT INTO ${SCHEMA}.${table} AS l (tenant_id, entry_id, ${column}, position)
       SELECT $1, $2, n.id, n.position::int FROM unnest($3::uuid[]) WITH ORDINALITY AS n (id, position)
       ON CONFLICT (entry_id, ${column}) DO UPDATE SET position = EXCLUDED.position WHERE l.position <> EXCLUDED.position`,
      [tenantId, entryId, ids],
      transaction,
    );
  }

  /** The entry's category and tag ids, in order. */
  async linksOf(tenantId: string, entryId: string, transaction: Transaction): Promise<{ categoryIds: string[]; tagIds: string[] }> {
    const rows = await this.sql.rows<{ kind: 'category' | 'tag'; id: string }>(
      `SELECT 'category' AS kind, category_id AS id, position FROM ${SCHEMA}.entry_categories WHERE tenant_id = $1 AND entry_id = $2
       UNION ALL
       SELECT 'tag', tag_id, position FROM ${SCHEMA}.entry_tags WHERE tenant_id = $1 AND entry_id = $2
       ORDER BY kind, position`,
      [tenantId, entryId],
      transaction,
    );
    return { categoryIds: rows.filter((r) => r.kind === 'category').map((r) => r.id), tagIds: rows.filter((r) => r.kind === 'tag').map((r) => r.id) };
  }
}
