/**
 * The module's `config` in registry.json after the kernel applied the
 * manifest schema's defaults (see package.json `rustok.config`).
 */
export interface BlogConfig {
  /** Largest Markdown body of one translation, in UTF-8 bytes. */
  maxBodyBytes: number;
  /** Reading speed behind `readingTime`. */
  wordsPerMinute: number;
  /** Seconds an author's display name is served from memory; 0 asks core every time. */
  authorCacheSeconds: number;
  comments: CommentsConfig;
}

export interface CommentsConfig {
  /** Whose comments wait for a moderator: everyone's, guests' only, or nobody's. */
  moderation: 'all' | 'guests' | 'none';
  /** Longest comment, in characters. */
  maxLength: number;
  /** Comments (attempts, refused ones included) one IP may send per tenant within `windowSeconds`. */
  rateLimit: { max: number; windowSeconds: number };
}
