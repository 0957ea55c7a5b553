import fc from 'fast-check';
import t from 'tap';
import { isSafeUrl, renderMarkdown, type MarkdownProfile } from '../src/content/markdown';

/**
 * Known ways to get script into HTML through Markdown: raw tags, event
 * handler attributes, dangerous URL schemes hidden by case, entities,
 * whitespace and control characters, reference links, autolinks, code.
 */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<object data="javascript:alert(1)"></object>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](<java\tscript:alert(1)>)',
  '[x](<java\nscript:alert(1)>)',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](\u0001javascript:alert(1))',
  '[x]( javascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](data:image/png;base64,iVBORw0KGgo=)',
  '![x](javascript:alert(1))',
  '[x](https://example.com "title" onmouseover=alert(1))',
  '[x](https://example.com"onmouseover="alert(1))',
  '![x](https://example.com/a.png"onerror="alert(1))',
  '[click][evil]\n\n[evil]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  'www.example.com/<script>alert(1)</script>',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '> <img src=x onerror=alert(1)>',
  '* [x](javascript:alert(1))',
  '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
  '<!-- --><script>alert(1)</script>',
  '<a href="https://example.com" onclick="alert(1)">x</a>',
  '[x](file:///etc/passwd)',
];

const ALLOWED_TAGS = new Set(['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'rel', 'src', 'alt', 'start', 'class', 'style']);

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every way the HTML could run script, as the list of problems found (empty when safe). */
function problemsIn(html: string): string[] {
  const problems: string[] = [];
  for (const [, closing, name, attributes] of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const tag = (name as string).toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`tag <${closing}${tag}>`);
    for (const [, attribute, quoted] of (attributes as string).matchAll(/([^\s=/]+)(?:\s*=\s*"([^"]*)")?/g)) {
      const key = (attribute as string).toLowerCase();
      if (!ALLOWED_ATTRIBUTES.has(key)) problems.push(`attribute ${key} on <${tag}>`);
      if ((key === 'href' || key === 'src') && !isSafeUrl(decodeEntities(quoted ?? ''))) problems.push(`${key}="${quoted}"`);
      if (key === 'style' && !/^text-align:(left|right|center);?$/.test(quoted ?? '')) problems.push(`style="${quoted}"`);
    }
  }
  return problems;
}

for (const profile of ['content', 'comment'] as MarkdownProfile[]) {
  t.test(`${profile} Markdown: every payload of the list renders without tags, attributes or URLs that run script`, async (t) => {
    for (const payload of PAYLOADS) {
      const { html } = renderMarkdown(payload, profile);
      t.same(problemsIn(html), [], JSON.stringify(payload));
      // Outside tags a payload may survive as text ("javascript:" in a paragraph is inert): only markup matters.
      t.notMatch(html, /<script/i, `no script tag: ${JSON.stringify(payload)}`);
    }
  });
}

t.test('the checker itself notices unsafe HTML (so a passing payload list means something)', async (t) => {
  t.not(problemsIn('<a href="javascript:alert(1)">x</a>').length, 0);
  t.not(problemsIn('<img src="x" onerror="alert(1)">').length, 0);
  t.not(problemsIn('<a href="&#106;avascript:alert(1)">x</a>').length, 0);
  t.not(problemsIn('<script>alert(1)</script>').length, 0);
});

t.test('ordinary Markdown keeps its formatting, safe links and images', async (t) => {
  const { html, text } = renderMarkdown('# Title\n\n**bold** [link](https://example.com/a?b=1) ![img](https://cdn.example.com/a.png) [rel](/about) [mail](mailto:a@example.com)\n\n```js\nconst x = 1;\n```');
  t.match(html, '<h1>Title</h1>');
  t.match(html, '<strong>bold</strong>');
  t.match(html, '<a href="https://example.com/a?b=1">link</a>');
  t.match(html, '<img src="https://cdn.example.com/a.png" alt="img" />');
  t.match(html, '<a href="/about">rel</a>');
  t.match(html, '<a href="mailto:a@example.com">mail</a>');
  t.match(html, '<code class="language-js">');
  t.equal(text, 'Title\nbold link img rel mail\nconst x = 1;\n', 'plain text keeps the words, not the markup');
});

t.test('links in comments carry rel="nofollow ugc"; comments have no images or headings', async (t) => {
  const { html } = renderMarkdown('# big\n\n[x](https://example.com) ![i](https://example.com/i.png)', 'comment');
  t.match(html, 'rel="nofollow ugc noopener noreferrer"');
  t.notMatch(html, /<img|<h1/);
});

t.test('random mixes of payload fragments never produce unsafe HTML (property)', async (t) => {
  const fragment = fc.constantFrom(...PAYLOADS, '**', '[', ']', '(', ')', '<', '>', '"', "'", '\n', '\n\n', '> ', '- ', '`', '&#', 'javascript:', 'data:', ' onerror=', 'href=', '![', 'x');
  fc.assert(
    fc.property(fc.array(fragment, { maxLength: 12 }), fc.constantFrom<MarkdownProfile>('content', 'comment'), (parts, profile) => {
      const { html } = renderMarkdown(parts.join(''), profile);
      return problemsIn(html).length === 0 && !/<script/i.test(html);
    }),
    { numRuns: 1500 },
  );
  t.pass('no counterexample');
});
