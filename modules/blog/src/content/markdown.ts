import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** What a Markdown body turns into when it is saved; stored, so reads never render. */
export interface RenderedMarkdown {
  /** Safe HTML: markdown-it output, then an allow-list sanitizer. */
  html: string;
  /** The words a reader sees, for full-text search, snippets and reading time. */
  text: string;
  /** Deepest nesting of blocks and inline spans. */
  depth: number;
}

/** The kinds of Markdown the blog renders: authored content, and comments (no images or headings, links marked as user content). */
export type MarkdownProfile = 'content' | 'comment';

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Whether a link or image URL may be emitted. Browsers ignore ASCII
 * whitespace and control characters inside a scheme ("java\tscript:"), so
 * they are removed before looking for one; anything with a scheme other than
 * http, https or mailto (javascript:, data:, vbscript:, file:) is refused.
 * Relative URLs and fragments pass.
 */
export function isSafeUrl(url: string): boolean {
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const colon = compact.indexOf(':');
  if (colon === -1) return true;
  const delimiter = compact.search(/[/?#]/);
  if (delimiter !== -1 && delimiter < colon) return true;
  return SAFE_SCHEMES.has(compact.slice(0, colon));
}

function createParser(): MarkdownIt {
  // Raw HTML is off: authors write Markdown, and `<script>` in it is text.
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.validateLink = isSafeUrl;
  return md;
}

const parser = createParser();

const CONTENT_TAGS = ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
const COMMENT_TAGS = ['p', 'br', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del', 'ul', 'ol', 'li', 'a'];
const ALIGN = { 'text-align': [/^(left|right|center)$/] };

/**
 * Defense in depth behind markdown-it: even if the renderer (or a future
 * plugin) let markup through, only these tags, attributes and URL schemes
 * survive. No event handler attribute, no style beyond table alignment, no
 * script or iframe, no javascript:/data: URL.
 */
function sanitizerOptions(profile: MarkdownProfile): sanitizeHtml.IOptions {
  return {
    allowedTags: profile === 'content' ? CONTENT_TAGS : COMMENT_TAGS,
    allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], ol: ['start'], code: ['class'], th: ['style'], td: ['style'] },
    allowedClasses: { code: ['language-*'] },
    allowedStyles: { th: ALIGN, td: ALIGN },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: true,
    disallowedTagsMode: 'discard',
    // Comments are written by anyone: their links must not pass reputation or reach window.opener.
    transformTags: profile === 'comment' ? { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener noreferrer' }) } : {},
  };
}

const SANITIZERS: Record<MarkdownProfile, sanitizeHtml.IOptions> = { content: sanitizerOptions('content'), comment: sanitizerOptions('comment') };

/** Renders Markdown to sanitized HTML and extracts its plain text, in one parse. */
export function renderMarkdown(source: string, profile: MarkdownProfile = 'content'): RenderedMarkdown {
  const env = {};
  const tokens = parser.parse(source, env);
  const html = sanitizeHtml(parser.renderer.render(tokens, parser.options, env), SANITIZERS[profile]);
  return { html, text: plainText(tokens), depth: depthOf(tokens) };
}

function plainText(tokens: Token[]): string {
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type === 'inline') blocks.push((token.children ?? []).map(inlineText).join(''));
    else if (token.type === 'fence' || token.type === 'code_block') blocks.push(token.content);
  }
  return blocks.filter((block) => block.length > 0).join('\n');
}

function inlineText(token: Token): string {
  switch (token.type) {
    case 'text':
    case 'code_inline':
      return token.content;
    case 'softbreak':
    case 'hardbreak':
      return '\n';
    case 'image':
      return (token.children ?? []).map(inlineText).join('');
    default:
      return '';
  }
}

function depthOf(tokens: Token[]): number {
  let deepest = 0;
  for (const token of tokens) {
    deepest = Math.max(deepest, token.level);
    for (const child of token.children ?? []) deepest = Math.max(deepest, token.level + child.level);
  }
  return deepest;
}

/** Words a reader reads: runs of letters or digits, whatever the script. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

/** Minutes to read `words` at `wordsPerMinute`; 0 for an empty body, else at least 1. */
export function readingMinutes(words: number, wordsPerMinute: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / wordsPerMinute));
}
