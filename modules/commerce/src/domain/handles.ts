import { slugify } from 'transliteration';
import { CommerceErrors, commerceError } from '../errors';

/** URL-safe handle: lower-case ASCII words joined by single hyphens. */
const HANDLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_HANDLE_LENGTH = 120;

/** A handle given by the caller: checked, not rewritten (rewriting would hide a typo in a URL). */
export function checkHandle(raw: string, field: string): string {
  const handle = raw.trim();
  if (!HANDLE.test(handle) || handle.length > MAX_HANDLE_LENGTH) {
    throw commerceError(CommerceErrors.HANDLE_INVALID, `Handle "${raw}" must be lower-case letters, digits and single hyphens, at most ${MAX_HANDLE_LENGTH} characters.`, { field, fix: 'For example "classic-t-shirt"; leave it out to derive one from the title.' });
  }
  return handle;
}

/**
 * A handle derived from a title in any script: transliterated to Latin
 * (Cyrillic "Футболка" → "futbolka", CJK to pinyin/romaji-like syllables),
 * lower-cased, hyphenated. Never empty: a title of symbols only gives "item".
 */
export function handleFromTitle(title: string): string {
  const slug = slugify(title, { lowercase: true, separator: '-', trim: true })
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const cut = slug.slice(0, MAX_HANDLE_LENGTH - 8).replace(/-$/, '');
  return cut.length > 0 ? cut : 'item';
}

/** `base`, or `base-2`, `base-3`, … : the first not in `taken`. */
export function firstFreeHandle(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
