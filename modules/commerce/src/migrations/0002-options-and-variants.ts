import type { ModuleMigration } from '@rustok/contracts';

/**
 * Options (Size, Color) with ordered values, and variants: one value per
 * option, and no two variants of a product with the same combination —
 * `option_key` (the variant's value ids in option order) is unique per
 * product, so the database refuses a duplicate even if two requests race.
 */
export const optionsAndVariantsMigration: ModuleMigration = {
  name: '0002-options-and-variants',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE product_options (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        product_id uuid NOT NULL,
        name text NOT NULL,
        -- Per-locale labels ({"ru": "Размер"}); small enough that a table of their own buys nothing.
        translations jsonb NOT NULL DEFAULT '{}',
        position integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT product_options_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT product_options_product_name_key UNIQUE (product_id, name),
        FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
      );
      CREATE TABLE product_option_values (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        option_id uuid NOT NULL,
        value text NOT NULL,
        translations jsonb NOT NULL DEFAULT '{}',
        position integer NOT NULL,
        CONSTRAINT product_option_values_option_value_key UNIQUE (option_id, value),
        CONSTRAINT product_option_values_tenant_option_id_key UNIQUE (tenant_id, option_id, id),
        FOREIGN KEY (tenant_id, option_id) REFERENCES product_options (tenant_id, id) ON DELETE CASCADE
      );
      CREATE TABLE variants (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        product_id uuid NOT NULL,
        sku text CONSTRAINT variants_sku_format CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
        barcode text,
        weight_grams integer CONSTRAINT variants_weight_non_negative CHECK (weight_grams >= 0),
        position integer NOT NULL,
        inventory_policy text NOT NULL DEFAULT 'deny' CONSTRAINT variants_inventory_policy_valid CHECK (inventory_policy IN ('deny', 'continue')),
        low_stock_threshold integer NOT NULL DEFAULT 0 CONSTRAINT variants_low_stock_threshold_non_negative CHECK (low_stock_threshold >= 0),
        option_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT variants_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT variants_product_option_key UNIQUE (product_id, option_key),
        FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
      );
      CREATE UNIQUE INDEX variants_tenant_sku_key ON variants (tenant_id, sku) WHERE sku IS NOT NULL;
      CREATE INDEX variants_product ON variants (product_id, position, id);
      CREATE TABLE variant_option_values (
        tenant_id uuid NOT NULL,
        variant_id uuid NOT NULL,
        option_id uuid NOT NULL,
        value_id uuid NOT NULL,
        PRIMARY KEY (variant_id, option_id),
        FOREIGN KEY (tenant_id, variant_id) REFERENCES variants (tenant_id, id) ON DELETE CASCADE,
        -- The value must be one of that option's: a value still in use cannot be deleted.
        FOREIGN KEY (tenant_id, option_id, value_id) REFERENCES product_option_values (tenant_id, option_id, id) ON DELETE RESTRICT
      );
      CREATE INDEX variant_option_values_value ON variant_option_values (value_id);
      CREATE TABLE variant_translations (
        tenant_id uuid NOT NULL,
        variant_id uuid NOT NULL,
        locale text NOT NULL,
        title text NOT NULL,
        PRIMARY KEY (variant_id, locale),
        FOREIGN KEY (tenant_id, variant_id) REFERENCES variants (tenant_id, id) ON DELETE CASCADE
      );`);
    for (const table of ['product_options', 'product_option_values', 'variants', 'variant_option_values', 'variant_translations']) await isolateByTenant(table);
  },
  down: 'DROP TABLE variant_translations; DROP TABLE variant_option_values; DROP TABLE variants; DROP TABLE product_option_values; DROP TABLE product_options;',
};
