import type { EntryRow } from '../models/entry';
import type { TranslationRow } from '../models/translation';
import type { PrefetchedRelations } from './entry-relations';
import { SCHEMA, type Binds } from './sql';

/** An entry with the one translation chosen to show it in. */
export interface ShownEntry extends Omit<EntryRow, 'tenantId'>, Pick<TranslationRow, 'locale' | 'slug' | 'title' | 'excerpt' | 'seoTitle' | 'seoDescription' | 'readingMinutes'>, PrefetchedRelations {
  /** Present when the query asked for bodies. */
  body?: string;
  bodyHtml?: string;
  /** Search results only. */
  rank?: number;
  highlight?: string | null;
}

export const ENTRY_COLUMNS = `e.id, e.kind, e.status, e.author_id AS "authorId", e.parent_id AS "parentId", e.menu_position AS "menuPosition",
  e.featured_media_url AS "featuredMediaUrl", e.comments_closed AS "commentsClosed", e.published_at AS "publishedAt",
  e.scheduled_for AS "scheduledFor", e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

export function translationColumns(withBody: boolean): string {
  return `t.locale, t.slug, t.title, t.excerpt, t.seo_title AS "seoTitle", t.seo_description AS "seoDescription", t.reading_minutes AS "readingMinutes"${withBody ? ', t.body, t.body_html AS "bodyHtml"' : ''}`;
}

/** Which translation shows an entry. */
export interface TranslationChoice {
  locale: string;
  fallback: string;
  /**
   * Storefront: only the asked locale or the fallback, so an entry written
   * only in other languages is not listed. Admin: any locale, preferred first.
   */
  onlyPreferred: boolean;
}

/**
 * A LATERAL subquery picking, per entry `e`, the translation in the asked
 * locale, else the fallback, else (admin only) the first by locale.
 */
export function chosenTranslation(binds: Binds, choice: TranslationChoice, withBody: boolean): string {
  const locale = binds.add(choice.locale);
  const fallback = binds.add(choice.fallback);
  return `CROSS JOIN LATERAL (
    SELECT t.locale, t.slug, t.title, t.excerpt, t.seo_title, t.seo_description, t.reading_minutes${withBody ? ', t.body, t.body_html' : ''}
      FROM ${SCHEMA}.entry_translations t
     WHERE t.entry_id = e.id${choice.onlyPreferred ? ` AND t.locale IN (${locale}, ${fallback})` : ''}
     ORDER BY t.locale = ${locale} DESC, t.locale = ${fallback} DESC, t.locale
     LIMIT 1) t`;
}
