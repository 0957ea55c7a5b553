import { LIMITS } from '../content/limits';
import { countWords, readingMinutes, renderMarkdown } from '../content/markdown';
import { isValidSlug, SLUG_MAX } from '../content/slug';
import { checkText, multiLine, singleLine } from '../content/text';
import { BlogErrors, blogError } from '../errors';
import { checkLocale, type Caller } from './caller';

/** A translation as a mutation sends it: absent fields keep their value, null clears an optional one. */
export interface TranslationInput {
  locale: string;
  title?: string | null;
  /** null derives it again from the title; absent keeps it (URLs stay stable when a title is edited). */
  slug?: string | null;
  excerpt?: string | null;
  body?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
}

/** The content fields of a post or page mutation, with ids already decoded. */
export interface EntryInput {
  translations?: TranslationInput[] | null;
  removeLocales?: string[] | null;
  categoryIds?: string[] | null;
  tagIds?: string[] | null;
  featuredMediaUrl?: string | null;
  commentsClosed?: boolean | null;
  authorId?: string | null;
  parentId?: string | null;
  menuPosition?: number | null;
}

/** A Markdown body checked, rendered and measured; what a translation stores besides the source. */
export interface RenderedBody {
  source: string;
  html: string;
  text: string;
  minutes: number;
}

export interface PreparedTranslation {
  locale: string;
  /** Where the translation sits in the input, for errors (`input.translations.0`). */
  field: string;
  title?: string;
  slug?: string | null;
  excerpt?: string | null;
  body?: RenderedBody;
  seoTitle?: string | null;
  seoDescription?: string | null;
}

export interface PreparedEntryInput {
  translations: PreparedTranslation[];
  removeLocales: string[];
  categoryIds?: string[];
  tagIds?: string[];
  featuredMediaUrl?: string | null;
  commentsClosed?: boolean;
  authorId?: string | null;
  parentId?: string | null;
  menuPosition?: number;
}

/**
 * Checks a post or page mutation's content before any transaction opens:
 * locales the tenant has, lengths, valid Unicode, body size and Markdown
 * depth, URL shapes. Markdown is rendered here, once per given body.
 */
export class EntryInputs {
  constructor(private readonly limits: { maxBodyBytes: number; wordsPerMinute: number }) {}

  prepare(caller: Caller, input: EntryInput, prefix = 'input'): PreparedEntryInput {
    const seen = new Set<string>();
    const translations = (input.translations ?? []).map((translation, index) => {
      const field = `${prefix}.translations.${index}`;
      const locale = checkLocale(caller, translation.locale, `${field}.locale`);
      if (seen.has(locale)) throw blogError(BlogErrors.LOCALE_DUPLICATED, `Locale "${locale}" is given twice.`, { field: `${field}.locale` });
      seen.add(locale);
      return this.translation(translation, locale, field);
    });
    const removeLocales = [...new Set(input.removeLocales ?? [])];
    removeLocales.forEach((locale, index) => {
      if (seen.has(locale)) throw blogError(BlogErrors.LOCALE_DUPLICATED, `Locale "${locale}" is both given and removed.`, { field: `${prefix}.removeLocales.${index}` });
    });
    const prepared: PreparedEntryInput = { translations, removeLocales };
    if (input.categoryIds !== undefined) prepared.categoryIds = distinctIds(input.categoryIds ?? [], `${prefix}.categoryIds`);
    if (input.tagIds !== undefined) prepared.tagIds = distinctIds(input.tagIds ?? [], `${prefix}.tagIds`);
    if (input.featuredMediaUrl !== undefined) prepared.featuredMediaUrl = mediaUrl(input.featuredMediaUrl, `${prefix}.featuredMediaUrl`);
    if (input.commentsClosed != null) prepared.commentsClosed = input.commentsClosed;
    if (input.authorId !== undefined) prepared.authorId = input.authorId;
    if (input.parentId !== undefined) prepared.parentId = input.parentId;
    if (input.menuPosition != null) prepared.menuPosition = position(input.menuPosition, `${prefix}.menuPosition`);
    return prepared;
  }

  /** Checks and renders a Markdown body; `field` names it in errors. */
  body(source: string, field: string): RenderedBody {
    const normalized = checkText(source, field).replace(/\r\n?/g, '\n');
    const bytes = Buffer.byteLength(normalized, 'utf8');
    if (bytes > this.limits.maxBodyBytes) {
      throw blogError(BlogErrors.BODY_TOO_LARGE, `The body has ${bytes} bytes; at most ${this.limits.maxBodyBytes} are accepted.`, { field, details: { bytes, max: this.limits.maxBodyBytes }, fix: 'Shorten the text, or split it into several posts.' });
    }
    const rendered = renderMarkdown(normalized);
    if (rendered.depth > LIMITS.markdownDepth) {
      throw blogError(BlogErrors.MARKDOWN_TOO_DEEP, `The Markdown nests ${rendered.depth} levels deep; at most ${LIMITS.markdownDepth} are accepted.`, { field, details: { depth: rendered.depth, max: LIMITS.markdownDepth }, fix: 'Flatten deeply nested quotes, lists or emphasis.' });
    }
    return { source: normalized, html: rendered.html, text: rendered.text, minutes: readingMinutes(countWords(rendered.text), this.limits.wordsPerMinute) };
  }

  private translation(input: TranslationInput, locale: string, field: string): PreparedTranslation {
    const prepared: PreparedTranslation = { locale, field };
    if (input.title !== undefined) {
      const title = singleLine(input.title, `${field}.title`, LIMITS.title);
      if (title === null) throw blogError(BlogErrors.TITLE_INVALID, 'A title must not be empty.', { field: `${field}.title` });
      prepared.title = title;
    }
    if (input.slug !== undefined) prepared.slug = input.slug === null ? null : checkSlug(input.slug, `${field}.slug`);
    if (input.excerpt !== undefined) prepared.excerpt = multiLine(input.excerpt, `${field}.excerpt`, LIMITS.excerpt);
    if (input.body !== undefined) prepared.body = this.body(input.body ?? '', `${field}.body`);
    if (input.seoTitle !== undefined) prepared.seoTitle = singleLine(input.seoTitle, `${field}.seoTitle`, LIMITS.seoTitle);
    if (input.seoDescription !== undefined) prepared.seoDescription = multiLine(input.seoDescription, `${field}.seoDescription`, LIMITS.seoDescription);
    return prepared;
  }
}

export function checkSlug(slug: string, field: string): string {
  if (!isValidSlug(slug)) {
    throw blogError(BlogErrors.SLUG_INVALID, `"${slug}" is not a valid slug.`, { field, fix: `Use 1–${SLUG_MAX} lower-case Latin letters and digits in words joined by single hyphens (e.g. "my-first-post"), or leave it out to derive one from the title.` });
  }
  return slug;
}

function distinctIds(ids: readonly string[], field: string): string[] {
  const distinct = [...new Set(ids)];
  if (distinct.length > LIMITS.links) throw blogError(BlogErrors.TEXT_TOO_LONG, `At most ${LIMITS.links} are accepted.`, { field, details: { max: LIMITS.links } });
  return distinct;
}

function mediaUrl(value: string | null, field: string): string | null {
  if (value === null || value.trim() === '') return null;
  const url = checkText(value, field).trim();
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || !['http:', 'https:'].includes(parsed.protocol) || url.length > LIMITS.mediaUrl) {
    throw blogError(BlogErrors.MEDIA_URL_INVALID, `"${url.slice(0, 100)}" is not an http(s) URL of at most ${LIMITS.mediaUrl} characters.`, { field, fix: 'Give the absolute URL of the image, e.g. https://cdn.example.com/cover.jpg.' });
  }
  return url;
}

export function position(value: number, field: string): number {
  if (!Number.isInteger(value) || Math.abs(value) > LIMITS.position) {
    throw blogError(BlogErrors.POSITION_INVALID, `A position is a whole number between -${LIMITS.position} and ${LIMITS.position}.`, { field });
  }
  return value;
}
