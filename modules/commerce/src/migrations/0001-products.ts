import type { ModuleMigration } from '@rustok/contracts';

/**
 * Products and their per-locale texts. Links between tenant-owned rows use
 * composite foreign keys on (tenant_id, id): a foreign-key check bypasses
 * row-level security, so a key on id alone would let a row point at another
 * tenant's product.
 */
export const productsMigration: ModuleMigration = {
  name: '0001-products',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        handle text NOT NULL CONSTRAINT products_handle_format CHECK (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(handle) <= 120),
        status text NOT NULL DEFAULT 'draft' CONSTRAINT products_status_valid CHECK (status IN ('draft', 'active', 'archived')),
        vendor text,
        product_type text,
        tags text[] NOT NULL DEFAULT '{}',
        metadata jsonb NOT NULL DEFAULT '{}' CONSTRAINT products_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
        published_at timestamptz,
        -- Tags and SKUs as one text, indexed for search next to the translations (0005).
        search_keys text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT products_tenant_handle_key UNIQUE (tenant_id, handle),
        CONSTRAINT products_tenant_id_key UNIQUE (tenant_id, id)
      );
      -- The storefront's default listing (newest published first) and the admin's (newest created first).
      CREATE INDEX products_storefront ON products (tenant_id, published_at DESC, id DESC) WHERE status = 'active';
      CREATE INDEX products_created ON products (tenant_id, created_at DESC, id DESC);
      CREATE INDEX products_tags ON products USING gin (tags);

      CREATE TABLE product_translations (
        tenant_id uuid NOT NULL,
        product_id uuid NOT NULL,
        locale text NOT NULL,
        title text NOT NULL CONSTRAINT product_translations_title_present CHECK (length(btrim(title)) > 0),
        description text,
        seo_title text,
        seo_description text,
        PRIMARY KEY (product_id, locale),
        FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
      );`);
    for (const table of ['products', 'product_translations']) await isolateByTenant(table);
  },
  down: 'DROP TABLE product_translations; DROP TABLE products;',
};
