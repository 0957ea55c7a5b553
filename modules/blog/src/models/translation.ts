/** One locale of a post or page, as stored (`search`, a generated tsvector, is the database's business). */
export interface TranslationRow {
  entryId: string;
  locale: string;
  slug: string;
  title: string;
  excerpt: string | null;
  body: string;
  bodyHtml: string;
  bodyText: string;
  seoTitle: string | null;
  seoDescription: string | null;
  readingMinutes: number;
}
