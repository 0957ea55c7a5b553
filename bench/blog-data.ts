/**
 * Data for the blog benchmark: a throw-away project with core and blog
 * pinned, and 10,000 posts written with bulk SQL through the owner
 * connection (the blog's own Markdown renderer makes their HTML and text,
 * so they look exactly like posts saved through the API).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type RegistryEntry, uuidv7 } from '@rustok/contracts';
import type { Client } from 'pg';
import { computePackageIntegrity } from '../kernel/src/registry/integrity';
import { writeRegistryFile } from '../kernel/src/registry/registry-file';
import { countWords, readingMinutes, renderMarkdown } from '../modules/blog/src/content/markdown';

const REPO_ROOT = path.resolve(__dirname, '..');

/** Copies core and blog (without tests) into a fresh project and pins them. */
export async function makeBlogProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-bench-blog-'));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const modules: RegistryEntry[] = [];
  for (const id of ['core', 'blog']) {
    const source = path.join(REPO_ROOT, 'modules', id);
    const target = path.join(root, 'modules', id);
    await fs.cp(source, target, { recursive: true, filter: (file) => !file.includes(`${path.sep}node_modules`) && !file.startsWith(path.join(source, 'test')) });
    const pkg = JSON.parse(await fs.readFile(path.join(target, 'package.json'), 'utf8')) as { name: string; version: string };
    modules.push({ id, package: pkg.name, version: pkg.version, source: `workspace:modules/${id}`, integrity: await computePackageIntegrity(target), enabled: true });
  }
  await writeRegistryFile(path.join(root, 'registry.json'), { modules });
  return root;
}

const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat running gardens markets rivers mountains'.split(' ');

function sentence(seed: number, length: number): string {
  return Array.from({ length }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ');
}

/** A Markdown body of about 2 KB: headings, paragraphs, a list, a link and a code block. */
function body(seed: number): string {
  return [
    `## ${sentence(seed, 4)}`,
    sentence(seed + 1, 60),
    `- ${sentence(seed + 2, 6)}\n- ${sentence(seed + 3, 6)}\n- [a link](https://example.com/${seed})`,
    sentence(seed + 4, 80),
    '```js\nconst answer = 42;\n```',
    `> ${sentence(seed + 5, 30)}`,
    sentence(seed + 6, 70),
  ].join('\n\n');
}

export interface BenchData {
  /** Slugs of published posts, for the post-by-slug runs. */
  slugs: string[];
  posts: number;
}

/**
 * Writes `count` posts (19 of 20 published, newest first over the last year)
 * with 1–2 categories, 3 tags and a few approved comments each, in
 * batches of one INSERT … SELECT FROM unnest per table.
 */
export async function insertPosts(db: Client, tenantId: string, authorIds: string[], categoryIds: string[], tagIds: string[], count: number): Promise<BenchData> {
  const templates = Array.from({ length: 20 }, (_, seed) => {
    const source = body(seed);
    const rendered = renderMarkdown(source);
    return { source, html: rendered.html, text: rendered.text, minutes: readingMinutes(countWords(rendered.text), 200) };
  });
  const slugs: string[] = [];
  const now = Date.now();
  const BATCH = 1000;
  for (let start = 0; start < count; start += BATCH) {
    const ids: string[] = [];
    const statuses: string[] = [];
    const authors: string[] = [];
    const published: Array<string | null> = [];
    const titles: string[] = [];
    const postSlugs: string[] = [];
    const excerpts: string[] = [];
    const bodies: string[] = [];
    const htmls: string[] = [];
    const texts: string[] = [];
    const minutes: number[] = [];
    const links: { entry: string[]; category: string[]; position: number[] } = { entry: [], category: [], position: [] };
    const tagLinks: { entry: string[]; tag: string[]; position: number[] } = { entry: [], tag: [], position: [] };
    const comments: { id: string[]; post: string[]; name: string[]; email: string[] } = { id: [], post: [], name: [], email: [] };
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const id = uuidv7();
      const isPublished = i % 20 !== 0;
      const template = templates[i % templates.length] as (typeof templates)[number];
      const title = `${sentence(i, 5)} ${i}`;
      const slug = `${sentence(i, 3).replace(/ /g, '-')}-${i}`;
      ids.push(id);
      statuses.push(isPublished ? 'published' : 'draft');
      authors.push(authorIds[i % authorIds.length] as string);
      // Whole milliseconds, as the blog stores them; spread over a year, newest for the highest i.
      published.push(isPublished ? new Date(now - (count - i) * 3_153_600).toISOString() : null);
      titles.push(title);
      postSlugs.push(slug);
      excerpts.push(sentence(i + 9, 25));
      bodies.push(template.source);
      htmls.push(template.html);
      texts.push(template.text);
      minutes.push(template.minutes);
      if (isPublished) slugs.push(slug);
      for (const [position, category] of [categoryIds[i % categoryIds.length], ...(i % 3 === 0 ? [categoryIds[(i + 1) % categoryIds.length]] : [])].entries()) {
        links.entry.push(id);
        links.category.push(category as string);
        links.position.push(position + 1);
      }
      for (let k = 0; k < 3; k++) {
        tagLinks.entry.push(id);
        tagLinks.tag.push(tagIds[(i + k * 7) % tagIds.length] as string);
        tagLinks.position.push(k + 1);
      }
      for (let k = 0; k < i % 4; k++) {
        comments.id.push(uuidv7());
        comments.post.push(id);
        comments.name.push(`Reader ${k}`);
        comments.email.push(`reader${k}@example.com`);
      }
    }
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO blog.entries (id, tenant_id, kind, status, author_id, published_at, version)
       SELECT id, $1, 'post', status, author, published, 1 FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[]) AS n (id, status, author, published)`,
      [tenantId, ids, statuses, authors, published],
    );
    await db.query(
      `INSERT INTO blog.entry_translations (tenant_id, entry_id, kind, locale, slug, title, excerpt, body, body_html, body_text, reading_minutes, search_config)
       SELECT $1, id, 'post', 'en', slug, title, excerpt, body, html, text, minutes, 'english' FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[]) AS n (id, slug, title, excerpt, body, html, text, minutes)`,
      [tenantId, ids, postSlugs, titles, excerpts, bodies, htmls, texts, minutes],
    );
    await db.query('INSERT INTO blog.entry_categories (tenant_id, entry_id, category_id, position) SELECT $1, e, c, p FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS n (e, c, p)', [tenantId, links.entry, links.category, links.position]);
    await db.query('INSERT INTO blog.entry_tags (tenant_id, entry_id, tag_id, position) SELECT $1, e, t, p FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS n (e, t, p)', [tenantId, tagLinks.entry, tagLinks.tag, tagLinks.position]);
    await db.query(
      `INSERT INTO blog.comments (id, tenant_id, post_id, author_name, guest_email, body, body_html, status, ip)
       SELECT id, $1, post, name, email, 'Nice post.', '<p>Nice post.</p>', 'approved', '192.0.2.1' FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS n (id, post, name, email)`,
      [tenantId, comments.id, comments.post, comments.name, comments.email],
    );
    await db.query('COMMIT');
  }
  await db.query('ANALYZE');
  return { slugs, posts: count };
}
