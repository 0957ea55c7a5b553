/** Lengths the blog accepts, in characters; beyond them an input is TEXT_TOO_LONG with the field named. */
export const LIMITS = Object.freeze({
  title: 300,
  excerpt: 2000,
  seoTitle: 300,
  seoDescription: 1000,
  categoryName: 200,
  categoryDescription: 2000,
  tagName: 100,
  guestName: 100,
  mediaUrl: 2048,
  /** Deepest nesting of Markdown blocks and spans; deeper input is refused rather than flattened. */
  markdownDepth: 32,
  /** Categories or tags on one post. */
  links: 100,
  /** |menuPosition| and |position|. */
  position: 1_000_000,
});
