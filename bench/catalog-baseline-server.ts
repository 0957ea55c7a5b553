/**
 * The catalog benchmark's baseline: a bare fastify app answering the same
 * data as the storefront GraphQL queries with hand-written SQL through pg —
 * one statement for the products, one for everything nested (JSON built by
 * PostgreSQL) — and the same JSON shape. No GraphQL, no access rules, no
 * row-level security (it connects as the owner and filters by tenant_id
 * itself), no loaders: the floor the module is measured against.
 *
 *   DATABASE_URL=… TENANT_ID=… PORT=0 node --import tsx bench/catalog-baseline-server.ts
 *
 * Prints "BASELINE http://host:port" once listening.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const tenantId = process.env.TENANT_ID as string;
// As many connections as the kernel's application pool.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const decimal = (minor: string) => (minor.length > 2 ? `${minor.slice(0, -2)}.${minor.slice(-2)}` : `0.${minor.padStart(2, '0')}`);
const money = (amount: string | null) => (amount === null ? null : { amount, decimal: decimal(amount) });

const PRODUCT_COLUMNS = `p.id, p.handle, p.published_at::text AS sort_key, tr.title, tr.description, tr.seo_title, tr.seo_description,
  (SELECT coalesce(json_agg(json_build_object('c', r.currency, 'min', r.min_amount::text, 'max', r.max_amount::text) ORDER BY r.currency), '[]')
     FROM commerce.product_price_ranges r WHERE r.product_id = p.id) AS price_ranges,
  coalesce((SELECT true FROM commerce.variants v JOIN commerce.stock_levels s ON s.variant_id = v.id
     WHERE v.product_id = p.id AND (v.inventory_policy = 'continue' OR s.on_hand - s.reserved > 0) LIMIT 1), false) AS available
FROM commerce.products p
LEFT JOIN LATERAL (SELECT t.title, t.description, t.seo_title, t.seo_description FROM commerce.product_translations t
  WHERE t.product_id = p.id ORDER BY t.locale = 'ru' DESC, t.locale = 'en' DESC LIMIT 1) tr ON true`;

const NESTED = `SELECT pid AS id,
  (SELECT coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'available', v.inventory_policy = 'continue' OR s.on_hand - s.reserved > 0,
     'title', (SELECT t.title FROM commerce.variant_translations t WHERE t.variant_id = v.id AND t.locale = 'ru'),
     'options', (SELECT json_agg(json_build_object('name', coalesce(o.translations->>'ru', o.name), 'value', coalesce(ov.translations->>'ru', ov.value)) ORDER BY o.position)
                   FROM commerce.variant_option_values x JOIN commerce.product_options o ON o.id = x.option_id JOIN commerce.product_option_values ov ON ov.id = x.value_id WHERE x.variant_id = v.id),
     'prices', (SELECT json_agg(json_build_object('currency', vp.currency, 'amount', vp.amount::text, 'compareAt', vp.compare_at_amount::text) ORDER BY vp.currency)
                  FROM commerce.variant_prices vp WHERE vp.variant_id = v.id)) ORDER BY v.position), '[]')
     FROM commerce.variants v LEFT JOIN commerce.stock_levels s ON s.variant_id = v.id WHERE v.product_id = pid) AS variants,
  (SELECT coalesce(json_agg(json_build_object('name', coalesce(o.translations->>'ru', o.name),
     'values', (SELECT json_agg(json_build_object('value', coalesce(ov.translations->>'ru', ov.value)) ORDER BY ov.position) FROM commerce.product_option_values ov WHERE ov.option_id = o.id)) ORDER BY o.position), '[]')
     FROM commerce.product_options o WHERE o.product_id = pid) AS options,
  (SELECT coalesce(json_agg(json_build_object('url', m.url, 'alt', coalesce(m.alt->>'ru', m.alt->>'en')) ORDER BY m.position), '[]')
     FROM commerce.product_media m WHERE m.product_id = pid) AS media,
  (SELECT coalesce(json_agg(json_build_object('handle', c.handle, 'name', coalesce(ct.name, c.handle)) ORDER BY c.position), '[]')
     FROM commerce.product_categories pc JOIN commerce.categories c ON c.id = pc.category_id
     LEFT JOIN commerce.category_translations ct ON ct.category_id = c.id AND ct.locale = 'ru' WHERE pc.product_id = pid) AS categories
FROM unnest($1::uuid[]) AS pid`;

interface ProductRow {
  id: string;
  handle: string;
  sort_key: string;
  title: string;
  description: string | null;
  seo_title: string | null;
  seo_description: string | null;
  price_ranges: Array<{ c: string; min: string; max: string }>;
  available: boolean;
}

interface NestedRow {
  id: string;
  variants: Array<{ id: string; sku: string; available: boolean; title: string | null; options: Array<{ name: string; value: string }>; prices: Array<{ currency: string; amount: string; compareAt: string | null }> }>;
  options: Array<{ name: string; values: Array<{ value: string }> }>;
  media: Array<{ url: string; alt: string | null }>;
  categories: Array<{ handle: string; name: string }>;
}

async function products(rows: ProductRow[], page: boolean): Promise<unknown[]> {
  const nested = new Map((await pool.query<NestedRow>(NESTED, [rows.map((r) => r.id)])).rows.map((n) => [n.id, n]));
  return rows.map((row) => {
    const parts = nested.get(row.id) as NestedRow;
    return {
      id: globalId('CommerceProduct', row.id),
      handle: row.handle,
      title: row.title,
      description: row.description,
      ...(page ? {} : { seoTitle: row.seo_title, seoDescription: row.seo_description }),
      availableForSale: row.available,
      priceRanges: row.price_ranges.map((r) => ({ currency: r.c, min: money(r.min), max: money(r.max) })),
      options: parts.options,
      variants: parts.variants.map((v) => ({
        id: globalId('CommerceVariant', v.id),
        sku: v.sku,
        title: v.title ?? v.options.map((o) => o.value).join(' / '),
        availableForSale: v.available,
        selectedOptions: v.options,
        prices: v.prices.map((p) => ({ currency: p.currency, price: money(p.amount), compareAtPrice: money(p.compareAt) })),
      })),
      media: parts.media,
      categories: parts.categories,
    };
  });
}

app.post('/listing', async (request) => {
  const first = Number((request.body as { first?: number }).first ?? 20);
  const { rows } = await pool.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} WHERE p.tenant_id = $1 AND p.status = 'active' AND p.published_at <= now() ORDER BY p.published_at DESC, p.id DESC LIMIT $2`,
    [tenantId, first + 1],
  );
  const page = rows.slice(0, first);
  const nodes = await products(page, true);
  const edges = page.map((row, i) => ({ cursor: Buffer.from(JSON.stringify({ k: row.sort_key, i: row.id })).toString('base64url'), node: nodes[i] }));
  return { data: { commerceProducts: { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } } } };
});

app.post('/product', async (request) => {
  const handle = String((request.body as { handle?: string }).handle);
  const { rows } = await pool.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} WHERE p.tenant_id = $1 AND p.handle = $2 AND p.status = 'active' AND p.published_at <= now()`, [tenantId, handle]);
  const [product] = rows.length === 0 ? [null] : await products(rows, false);
  return { data: { commerceProduct: product } };
});

app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) }).then((address) => {
  process.stdout.write(`BASELINE ${address}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close().then(() => pool.end()).finally(() => process.exit(0)));
