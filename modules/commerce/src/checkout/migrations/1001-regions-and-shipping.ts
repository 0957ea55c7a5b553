import type { ModuleMigration } from '@rustok/contracts';

/**
 * Regions (a currency, the countries served, a tax rate and whether prices
 * include it) and the shipping options of each. Tax rates are basis points
 * (2000 = 20 %) so every tax computation stays in integers.
 */
export const regionsMigration: ModuleMigration = {
  name: '1001-regions-and-shipping',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE regions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text NOT NULL CONSTRAINT regions_name_present CHECK (length(btrim(name)) > 0),
        currency text NOT NULL CONSTRAINT regions_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
        countries text[] NOT NULL DEFAULT '{}',
        tax_rate_bp integer NOT NULL DEFAULT 0 CONSTRAINT regions_tax_rate_range CHECK (tax_rate_bp BETWEEN 0 AND 10000),
        prices_include_tax boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT regions_tenant_id_key UNIQUE (tenant_id, id)
      );
      CREATE TABLE shipping_options (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        region_id uuid NOT NULL,
        name text NOT NULL CONSTRAINT shipping_options_name_present CHECK (length(btrim(name)) > 0),
        amount bigint NOT NULL CONSTRAINT shipping_options_amount_non_negative CHECK (amount >= 0),
        free_over bigint CONSTRAINT shipping_options_free_over_non_negative CHECK (free_over IS NULL OR free_over >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT shipping_options_tenant_id_key UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, region_id) REFERENCES regions (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX shipping_options_region ON shipping_options (region_id, amount, id);`);
    for (const table of ['regions', 'shipping_options']) await isolateByTenant(table);
  },
  down: 'DROP TABLE shipping_options; DROP TABLE regions;',
};
