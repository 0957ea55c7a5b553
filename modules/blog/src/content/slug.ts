import { slugify } from 'transliteration';

/** Lower-case ASCII words joined by single hyphens: what goes into a URL unescaped. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 120;

export function isValidSlug(slug: string): boolean {
  return slug.length <= SLUG_MAX && SLUG.test(slug);
}

/**
 * A slug from a title: transliterated to Latin (Cyrillic "Ёжик в тумане"
 * becomes "yozhik-v-tumane"), lower case, punctuation dropped, cut at a word
 * boundary within SLUG_MAX. A title with nothing to transliterate (emoji
 * only) gives `fallback`.
 */
export function slugFromTitle(title: string, fallback: string): string {
  const slug = slugify(title, { lowercase: true, separator: '-', trim: true }).replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (slug.length === 0) return fallback;
  if (slug.length <= SLUG_MAX) return slug;
  const cut = slug.slice(0, SLUG_MAX + 1);
  const boundary = cut.lastIndexOf('-');
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, SLUG_MAX);
}

/**
 * The first of `base`, `base-2`, `base-3`, … not in `taken`. The suffix
 * replaces the end of a long base so the result still fits SLUG_MAX.
 */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, SLUG_MAX - suffix.length).replace(/-$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
