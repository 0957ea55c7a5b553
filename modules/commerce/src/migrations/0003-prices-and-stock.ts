import type { ModuleMigration } from '@rustok/contracts';

/**
 * Prices in integer minor units per currency, and stock. The stock rules are
 * database constraints, not only service checks: whatever runs concurrently,
 * `available = on_hand - reserved` never goes below zero.
 */
export const pricesAndStockMigration: ModuleMigration = {
  name: '0003-prices-and-stock',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE variant_prices (
        tenant_id uuid NOT NULL,
        variant_id uuid NOT NULL,
        currency text NOT NULL CONSTRAINT variant_prices_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CONSTRAINT variant_prices_amount_non_negative CHECK (amount >= 0),
        compare_at_amount bigint CONSTRAINT variant_prices_compare_at_above_amount CHECK (compare_at_amount IS NULL OR compare_at_amount > amount),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (variant_id, currency),
        FOREIGN KEY (tenant_id, variant_id) REFERENCES variants (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX variant_prices_currency_amount ON variant_prices (tenant_id, currency, amount);

      -- Lowest and highest variant price of a product per currency, kept by the price writes:
      -- price sorting and the storefront's "from 9.99" read it instead of aggregating every variant.
      CREATE TABLE product_price_ranges (
        tenant_id uuid NOT NULL,
        product_id uuid NOT NULL,
        currency text NOT NULL,
        min_amount bigint NOT NULL,
        max_amount bigint NOT NULL,
        PRIMARY KEY (product_id, currency),
        FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX product_price_ranges_sort ON product_price_ranges (tenant_id, currency, min_amount, product_id);

      CREATE TABLE stock_levels (
        tenant_id uuid NOT NULL,
        variant_id uuid PRIMARY KEY,
        on_hand integer NOT NULL DEFAULT 0 CONSTRAINT stock_levels_on_hand_bounded CHECK (on_hand <= 1000000000),
        reserved integer NOT NULL DEFAULT 0 CONSTRAINT stock_levels_reserved_non_negative CHECK (reserved >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stock_levels_available_non_negative CHECK (on_hand - reserved >= 0),
        FOREIGN KEY (tenant_id, variant_id) REFERENCES variants (tenant_id, id) ON DELETE CASCADE
      );

      -- Every change of a stock level, with its reason: the ledger the level can be explained by.
      CREATE TABLE stock_adjustments (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        variant_id uuid NOT NULL,
        delta_on_hand integer NOT NULL,
        delta_reserved integer NOT NULL,
        on_hand_after integer NOT NULL,
        reserved_after integer NOT NULL,
        reason text NOT NULL CONSTRAINT stock_adjustments_reason_valid CHECK (reason IN ('received', 'returned', 'damaged', 'lost', 'correction', 'recount', 'reserved', 'released', 'sold')),
        note text,
        reference text,
        actor_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, variant_id) REFERENCES variants (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX stock_adjustments_variant ON stock_adjustments (variant_id, id DESC);`);
    for (const table of ['variant_prices', 'product_price_ranges', 'stock_levels', 'stock_adjustments']) await isolateByTenant(table);
  },
  down: 'DROP TABLE stock_adjustments; DROP TABLE stock_levels; DROP TABLE product_price_ranges; DROP TABLE variant_prices;',
};
