import type { EntrySnapshot, TranslationSnapshot } from '../content/snapshot';
import { BlogErrors, blogError } from '../errors';
import type { PreparedEntryInput, RenderedBody } from './entry-input';

/** How a merged translation gets its slug once the transaction can see which are taken. */
export interface SlugWork {
  locale: string;
  /** Input path of the translation, for SLUG_TAKEN. */
  field: string;
  /** `explicit`: exactly this slug or refuse; `derive`: the title's slug, suffixed until free. */
  mode: 'explicit' | 'derive';
  /** The explicit slug, or the title to derive one from. */
  source: string;
}

export interface MergedEntry {
  /** The content after the save; slugs in `slugWork` are placeholders until resolved. */
  after: EntrySnapshot;
  slugWork: SlugWork[];
  /** Bodies the input gave, rendered, by locale. */
  rendered: Map<string, RenderedBody>;
}

/**
 * Applies a mutation's content to the content before it (null for a new
 * entry): the snapshot the save will write. Pure; the transaction resolves
 * slugs and checks references afterwards.
 */
export function mergeEntry(before: EntrySnapshot | null, input: PreparedEntryInput, defaults: { authorId: string | null }, prefix = 'input'): MergedEntry {
  const translations: Record<string, TranslationSnapshot> = { ...(before?.translations ?? {}) };
  const slugWork: SlugWork[] = [];
  const rendered = new Map<string, RenderedBody>();
  for (const given of input.translations) {
    const previous = before?.translations[given.locale];
    const title = given.title ?? previous?.title;
    if (title === undefined) throw blogError(BlogErrors.TITLE_INVALID, `The new ${given.locale} translation needs a title.`, { field: `${given.field}.title` });
    if (given.body !== undefined) rendered.set(given.locale, given.body);
    translations[given.locale] = {
      slug: previous?.slug ?? '',
      title,
      excerpt: given.excerpt !== undefined ? given.excerpt : (previous?.excerpt ?? null),
      body: given.body?.source ?? previous?.body ?? '',
      seoTitle: given.seoTitle !== undefined ? given.seoTitle : (previous?.seoTitle ?? null),
      seoDescription: given.seoDescription !== undefined ? given.seoDescription : (previous?.seoDescription ?? null),
    };
    if (typeof given.slug === 'string') slugWork.push({ locale: given.locale, field: given.field, mode: 'explicit', source: given.slug });
    else if (given.slug === null || previous === undefined) slugWork.push({ locale: given.locale, field: given.field, mode: 'derive', source: title });
  }
  for (const locale of input.removeLocales) delete translations[locale];
  if (Object.keys(translations).length === 0) {
    throw blogError(BlogErrors.TRANSLATION_REQUIRED, 'A post or page needs at least one translation.', { field: `${prefix}.translations`, fix: 'Give a translation with a title, or keep one of the existing locales.' });
  }
  const after: EntrySnapshot = {
    translations,
    categoryIds: input.categoryIds ?? before?.categoryIds ?? [],
    tagIds: input.tagIds ?? before?.tagIds ?? [],
    featuredMediaUrl: input.featuredMediaUrl !== undefined ? input.featuredMediaUrl : (before?.featuredMediaUrl ?? null),
    commentsClosed: input.commentsClosed ?? before?.commentsClosed ?? false,
    parentId: input.parentId !== undefined ? input.parentId : (before?.parentId ?? null),
    menuPosition: input.menuPosition ?? before?.menuPosition ?? 0,
    authorId: input.authorId !== undefined ? input.authorId : (before?.authorId ?? defaults.authorId),
  };
  return { after, slugWork, rendered };
}
