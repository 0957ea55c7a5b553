import type { Client } from 'pg';

/**
 * Bulk SQL for the catalog benchmark: `products` products, each with texts
 * in English and Russian, one option (Size: S/M/L) and three variants priced
 * in EUR and USD with stock, one image and one of 20 categories — the shape
 * the module's own writes produce, written set-wise (seconds, not minutes).
 * Runs as the owner with the tenant setting on, so row-level security's
 * WITH CHECK holds even for an owner that is not a superuser.
 */
export async function seedCatalog(client: Client, tenantId: string, products: number): Promise<void> {
  await client.query('BEGIN');
  await client.query("SELECT set_config('rustok.tenant_id', $1, true)", [tenantId]);
  const t = `'${tenantId}'::uuid`;
  await client.query(`
    CREATE TEMP TABLE seed_products ON COMMIT DROP AS
      SELECT i, gen_random_uuid() AS id, gen_random_uuid() AS option_id, gen_random_uuid() AS media_id FROM generate_series(1, ${products}) AS i;
    CREATE TEMP TABLE seed_values ON COMMIT DROP AS
      SELECT sp.i, sp.id AS product_id, sp.option_id, s.n, s.size, gen_random_uuid() AS value_id, gen_random_uuid() AS variant_id
        FROM seed_products sp, (VALUES (0, 'S'), (1, 'M'), (2, 'L')) AS s(n, size);

    INSERT INTO commerce.categories (id, tenant_id, handle, position)
      SELECT gen_random_uuid(), ${t}, 'category-' || c, c FROM generate_series(1, 20) AS c;
    INSERT INTO commerce.category_translations (tenant_id, category_id, locale, name)
      SELECT ${t}, c.id, l.locale, CASE l.locale WHEN 'ru' THEN 'Категория ' ELSE 'Category ' END || c.position
        FROM commerce.categories c, (VALUES ('en'), ('ru')) AS l(locale);

    INSERT INTO commerce.products (id, tenant_id, handle, status, vendor, product_type, tags, published_at, created_at, updated_at)
      SELECT id, ${t}, 'product-' || i, 'active', 'Vendor ' || (i % 25), 'Type ' || (i % 10), ARRAY['tag-' || (i % 50), 'all'],
             now() - make_interval(secs => i), now() - make_interval(secs => i), now()
        FROM seed_products;
    INSERT INTO commerce.product_translations (tenant_id, product_id, locale, title, description)
      SELECT ${t}, id, 'en', 'Product ' || i || ' cotton shirt', 'A comfortable cotton shirt, model ' || i || ', for every day.' FROM seed_products
      UNION ALL
      SELECT ${t}, id, 'ru', 'Товар ' || i || ', хлопковая рубашка', 'Удобная хлопковая рубашка, модель ' || i || ', на каждый день.' FROM seed_products;
    INSERT INTO commerce.product_options (id, tenant_id, product_id, name, translations, position)
      SELECT option_id, ${t}, id, 'Size', '{"ru": "Размер"}', 0 FROM seed_products;
    INSERT INTO commerce.product_option_values (id, tenant_id, option_id, value, position)
      SELECT value_id, ${t}, option_id, size, n FROM seed_values;
    INSERT INTO commerce.variants (id, tenant_id, product_id, sku, position, option_key, low_stock_threshold)
      SELECT variant_id, ${t}, product_id, 'SKU-' || i || '-' || size, n, value_id::text, 5 FROM seed_values;
    INSERT INTO commerce.variant_option_values (tenant_id, variant_id, option_id, value_id)
      SELECT ${t}, variant_id, option_id, value_id FROM seed_values;
    INSERT INTO commerce.variant_prices (tenant_id, variant_id, currency, amount, compare_at_amount)
      SELECT ${t}, variant_id, 'EUR', 1000 + (i % 9000) + n * 100, CASE WHEN i % 5 = 0 THEN 20000 END FROM seed_values
      UNION ALL
      SELECT ${t}, variant_id, 'USD', 1100 + (i % 9000) + n * 100, NULL FROM seed_values;
    INSERT INTO commerce.stock_levels (tenant_id, variant_id, on_hand)
      SELECT ${t}, variant_id, (i + n) % 30 FROM seed_values;
    INSERT INTO commerce.product_price_ranges (tenant_id, product_id, currency, min_amount, max_amount)
      SELECT ${t}, v.product_id, vp.currency, min(vp.amount), max(vp.amount)
        FROM commerce.variant_prices vp JOIN seed_values v ON v.variant_id = vp.variant_id GROUP BY v.product_id, vp.currency;
    INSERT INTO commerce.product_media (id, tenant_id, product_id, url, alt, position)
      SELECT media_id, ${t}, id, 'https://cdn.example.test/p/' || i || '.jpg', jsonb_build_object('en', 'Product ' || i, 'ru', 'Товар ' || i), 0 FROM seed_products;
    INSERT INTO commerce.product_categories (tenant_id, product_id, category_id)
      SELECT ${t}, sp.id, c.id FROM seed_products sp JOIN commerce.categories c ON c.position = 1 + sp.i % 20;
    UPDATE commerce.products p SET search_keys = array_to_string(p.tags, ' ') || ' ' || (SELECT string_agg(v.sku, ' ') FROM commerce.variants v WHERE v.product_id = p.id);
  `);
  await client.query('COMMIT');
  await client.query('ANALYZE');
}
