import type { ModuleMigration } from '@rustok/contracts';

/** The category tree (a product belongs to many categories) and product media. */
export const categoriesAndMediaMigration: ModuleMigration = {
  name: '0004-categories-and-media',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE categories (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        parent_id uuid,
        handle text NOT NULL CONSTRAINT categories_handle_format CHECK (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(handle) <= 120),
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT categories_tenant_handle_key UNIQUE (tenant_id, handle),
        CONSTRAINT categories_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT categories_not_own_parent CHECK (parent_id <> id),
        -- A parent with children cannot be deleted; longer cycles are refused by the service under a tree lock.
        FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id) ON DELETE RESTRICT
      );
      CREATE INDEX categories_parent ON categories (tenant_id, parent_id, position, id);
      CREATE TABLE category_translations (
        tenant_id uuid NOT NULL,
        category_id uuid NOT NULL,
        locale text NOT NULL,
        name text NOT NULL,
        description text,
        seo_title text,
        seo_description text,
        PRIMARY KEY (category_id, locale),
        FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id) ON DELETE CASCADE
      );
      CREATE TABLE product_categories (
        tenant_id uuid NOT NULL,
        product_id uuid NOT NULL,
        category_id uuid NOT NULL,
        PRIMARY KEY (product_id, category_id),
        FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX product_categories_category ON product_categories (category_id, product_id);

      CREATE TABLE product_media (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        product_id uuid NOT NULL,
        url text NOT NULL,
        -- Alt text per locale ({"en": "…", "ru": "…"}).
        alt jsonb NOT NULL DEFAULT '{}',
        position integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX product_media_product ON product_media (product_id, position, id);`);
    for (const table of ['categories', 'category_translations', 'product_categories', 'product_media']) await isolateByTenant(table);
  },
  down: 'DROP TABLE product_media; DROP TABLE product_categories; DROP TABLE category_translations; DROP TABLE categories;',
};
