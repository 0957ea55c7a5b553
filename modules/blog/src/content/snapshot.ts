/**
 * The content of a post or page as one revision records it: everything a
 * save can change, nothing the workflow changes (status, dates). Restoring a
 * revision saves its snapshot again.
 */
export interface EntrySnapshot {
  translations: Record<string, TranslationSnapshot>;
  categoryIds: string[];
  tagIds: string[];
  featuredMediaUrl: string | null;
  commentsClosed: boolean;
  parentId: string | null;
  menuPosition: number;
  authorId: string | null;
}

export interface TranslationSnapshot {
  slug: string;
  title: string;
  excerpt: string | null;
  body: string;
  seoTitle: string | null;
  seoDescription: string | null;
}

export type SnapshotValue = string | number | boolean | null | string[];

const TRANSLATION_FIELDS = ['slug', 'title', 'excerpt', 'body', 'seoTitle', 'seoDescription'] as const;

/** Ids as the API shows them; the snapshot keeps database ids. */
export interface SnapshotIds {
  category(id: string): string;
  tag(id: string): string;
  parent(id: string): string;
  author(id: string): string;
}

/**
 * Every field of a snapshot by a stable path (`translations.ru.title`,
 * `categoryIds`). A locale missing from a snapshot shows as null fields, so
 * adding or removing a translation shows as changes of its fields.
 */
export function flattenSnapshot(snapshot: EntrySnapshot, locales: readonly string[], ids?: SnapshotIds): Map<string, SnapshotValue> {
  const map = (list: string[], to?: (id: string) => string) => [...list].map((id) => (to ? to(id) : id));
  const fields = new Map<string, SnapshotValue>();
  for (const locale of locales) {
    const translation = snapshot.translations[locale];
    // An empty text and no text are the same to a reader: a new translation without a body changes no body.
    for (const field of TRANSLATION_FIELDS) fields.set(`translations.${locale}.${field}`, translation?.[field] || null);
  }
  fields.set('categoryIds', map(snapshot.categoryIds, ids?.category));
  fields.set('tagIds', map(snapshot.tagIds, ids?.tag));
  fields.set('featuredMediaUrl', snapshot.featuredMediaUrl);
  fields.set('commentsClosed', snapshot.commentsClosed);
  fields.set('parentId', snapshot.parentId === null ? null : (ids?.parent(snapshot.parentId) ?? snapshot.parentId));
  fields.set('menuPosition', snapshot.menuPosition);
  fields.set('authorId', snapshot.authorId === null ? null : (ids?.author(snapshot.authorId) ?? snapshot.authorId));
  return fields;
}

export interface FieldChange {
  path: string;
  before: SnapshotValue;
  after: SnapshotValue;
}

/** Fields whose value differs between two snapshots (`before` null: everything the first save set). */
export function changesBetween(before: EntrySnapshot | null, after: EntrySnapshot, ids?: SnapshotIds): FieldChange[] {
  const locales = [...new Set([...Object.keys(before?.translations ?? {}), ...Object.keys(after.translations)])].sort();
  const older = before === null ? null : flattenSnapshot(before, locales, ids);
  const newer = flattenSnapshot(after, locales, ids);
  const changes: FieldChange[] = [];
  for (const [path, value] of newer) {
    const previous = older?.get(path) ?? null;
    // A first save reports what it set beyond the defaults.
    if (older === null && (value === null || value === false || value === 0 || (Array.isArray(value) && value.length === 0))) continue;
    if (JSON.stringify(previous) !== JSON.stringify(value)) changes.push({ path, before: previous, after: value });
  }
  return changes;
}

/** Body fields are diffed line by line; everything else is shown as before/after. */
export function isMultiLinePath(path: string): boolean {
  return path.endsWith('.body');
}
