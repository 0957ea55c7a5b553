/**
 * The blog benchmark's baseline: what a developer would hand-write for the
 * same two pages with fastify and pg, no framework in between. One SQL
 * statement per request (JSON aggregates for categories and tags, a
 * correlated count for comments, a join for the author's name), the tenant
 * known in advance, and the same JSON shape and global ids the GraphQL
 * answers carry. Run as its own process by bench/blog.bench.ts:
 *
 *   DATABASE_URL=… TENANT_ID=… node --import tsx bench/blog-baseline.ts
 *
 * It prints `listening <port>` once it accepts requests.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

const RELATIONS = `
  (SELECT coalesce(json_agg(json_build_object('name', ct.name, 'slug', ct.slug) ORDER BY ec.position), '[]')
     FROM blog.entry_categories ec JOIN blog.category_translations ct ON ct.category_id = ec.category_id AND ct.locale = 'en'
    WHERE ec.entry_id = e.id) AS categories,
  (SELECT coalesce(json_agg(json_build_object('name', tt.name, 'slug', tt.slug) ORDER BY et.position), '[]')
     FROM blog.entry_tags et JOIN blog.tag_translations tt ON tt.tag_id = et.tag_id AND tt.locale = 'en'
    WHERE et.entry_id = e.id) AS tags,
  (SELECT count(*)::int FROM blog.comments c WHERE c.post_id = e.id AND c.status = 'approved') AS comment_count,
  u.id AS author_id, u.display_name`;

interface Row {
  id: string;
  title: string;
  slug: string;
  excerpt: string | null;
  published_at: Date;
  reading_minutes: number;
  body_html?: string;
  seo_title?: string | null;
  seo_description?: string | null;
  categories: Array<{ name: string; slug: string }>;
  tags: Array<{ name: string; slug: string }>;
  comment_count: number;
  author_id: string | null;
  display_name: string | null;
}

function post(row: Row) {
  return {
    id: toGlobalId('BlogPost', row.id),
    title: row.title,
    slug: row.slug,
    excerpt: row.excerpt,
    publishedAt: row.published_at.toISOString(),
    readingTime: row.reading_minutes,
    ...(row.body_html === undefined ? {} : { bodyHtml: row.body_html, seoTitle: row.seo_title, seoDescription: row.seo_description }),
    author: row.author_id === null ? null : { displayName: row.display_name },
    categories: row.categories,
    tags: row.tags,
    commentCount: row.comment_count,
  };
}

async function main(): Promise<void> {
  const tenantId = process.env.TENANT_ID as string;
  // As many connections as the kernel's application pool.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const app = Fastify({ logger: false });

  app.get('/posts', async (request) => {
    const first = Math.min(Math.max(Number((request.query as { first?: string }).first ?? 20), 1), 100);
    const { rows } = await pool.query<Row>(
      `SELECT e.id, t.title, t.slug, t.excerpt, e.published_at, t.reading_minutes, ${RELATIONS}
         FROM blog.entries e JOIN blog.entry_translations t ON t.entry_id = e.id AND t.locale = 'en'
         LEFT JOIN core.users u ON u.id = e.author_id
        WHERE e.tenant_id = $1 AND e.kind = 'post' AND e.status = 'published'
        ORDER BY e.published_at DESC, e.id DESC LIMIT $2`,
      [tenantId, first + 1],
    );
    const page = rows.slice(0, first);
    const cursor = (row: Row) => Buffer.from(JSON.stringify({ p: row.published_at.toISOString(), i: row.id })).toString('base64url');
    return { data: { blogPosts: { edges: page.map((row) => ({ node: post(row) })), pageInfo: { hasNextPage: rows.length > first, endCursor: page.length > 0 ? cursor(page[page.length - 1] as Row) : null } } } };
  });

  app.get('/posts/:slug', async (request) => {
    const { rows } = await pool.query<Row>(
      `SELECT e.id, t.title, t.slug, t.excerpt, e.published_at, t.reading_minutes, t.body_html, t.seo_title, t.seo_description, ${RELATIONS}
         FROM blog.entry_translations t JOIN blog.entries e ON e.id = t.entry_id
         LEFT JOIN core.users u ON u.id = e.author_id
        WHERE t.tenant_id = $1 AND t.kind = 'post' AND t.locale = 'en' AND t.slug = $2 AND e.status = 'published'`,
      [tenantId, (request.params as { slug: string }).slug],
    );
    return { data: { blogPost: rows[0] === undefined ? null : post(rows[0]) } };
  });

  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
  const address = app.server.address();
  console.log(`listening ${typeof address === 'object' && address !== null ? address.port : 0}`);
  const stop = () => void app.close().then(() => pool.end()).finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
