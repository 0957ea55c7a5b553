import type { ModuleMigration } from '@rustok/contracts';

/**
 * Carts with their lines, and promotions. A promotion's usage counters are
 * columns guarded by CHECK constraints, so a limit holds even if a service
 * forgot to test it: checkout increments them with conditional UPDATEs.
 */
export const cartsAndPromotionsMigration: ModuleMigration = {
  name: '1002-carts-and-promotions',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE promotions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        -- Upper-cased; NULL for automatic promotions, which apply without a code.
        code text CONSTRAINT promotions_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,63}$'),
        automatic boolean NOT NULL DEFAULT false,
        kind text NOT NULL CONSTRAINT promotions_kind_valid CHECK (kind IN ('percentage', 'fixed', 'free_shipping')),
        -- Basis points for percentage (1000 = 10 %), minor units for fixed, 0 for free shipping.
        value bigint NOT NULL DEFAULT 0 CONSTRAINT promotions_value_non_negative CHECK (value >= 0),
        currency text CONSTRAINT promotions_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
        product_ids uuid[] NOT NULL DEFAULT '{}',
        category_ids uuid[] NOT NULL DEFAULT '{}',
        starts_at timestamptz,
        ends_at timestamptz,
        usage_limit integer CONSTRAINT promotions_usage_limit_positive CHECK (usage_limit IS NULL OR usage_limit > 0),
        per_customer_limit integer CONSTRAINT promotions_per_customer_limit_positive CHECK (per_customer_limit IS NULL OR per_customer_limit > 0),
        used_count integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT promotions_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT promotions_code_or_automatic CHECK ((code IS NULL) = automatic),
        CONSTRAINT promotions_percentage_range CHECK (kind <> 'percentage' OR value BETWEEN 1 AND 10000),
        CONSTRAINT promotions_fixed_has_currency CHECK (kind <> 'fixed' OR (currency IS NOT NULL AND value > 0)),
        CONSTRAINT promotions_window CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at),
        CONSTRAINT promotions_usage_within_limit CHECK (used_count >= 0 AND (usage_limit IS NULL OR used_count <= usage_limit))
      );
      CREATE UNIQUE INDEX promotions_tenant_code_key ON promotions (tenant_id, code) WHERE code IS NOT NULL;
      CREATE INDEX promotions_automatic ON promotions (tenant_id) WHERE automatic AND active;

      -- Uses per customer (a user id, or the e-mail of a guest): the per-customer limit's counter.
      CREATE TABLE promotion_customer_uses (
        tenant_id uuid NOT NULL,
        promotion_id uuid NOT NULL,
        customer_key text NOT NULL,
        uses integer NOT NULL CONSTRAINT promotion_customer_uses_positive CHECK (uses > 0),
        PRIMARY KEY (promotion_id, customer_key),
        FOREIGN KEY (tenant_id, promotion_id) REFERENCES promotions (tenant_id, id) ON DELETE CASCADE
      );

      CREATE TABLE carts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        -- The guest's bearer secret (random, 256 bits); whoever holds it may use the cart.
        token text NOT NULL,
        customer_id text,
        region_id uuid NOT NULL,
        currency text NOT NULL,
        email text,
        shipping_address jsonb,
        billing_address jsonb,
        shipping_option_id uuid,
        promotion_codes text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'open' CONSTRAINT carts_status_valid CHECK (status IN ('open', 'completed', 'merged')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT carts_tenant_id_key UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, region_id) REFERENCES regions (tenant_id, id),
        FOREIGN KEY (tenant_id, shipping_option_id) REFERENCES shipping_options (tenant_id, id)
      );
      CREATE UNIQUE INDEX carts_token_key ON carts (token);
      CREATE INDEX carts_customer_open ON carts (tenant_id, customer_id) WHERE status = 'open' AND customer_id IS NOT NULL;

      CREATE TABLE cart_lines (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cart_id uuid NOT NULL,
        variant_id uuid NOT NULL,
        quantity integer NOT NULL CONSTRAINT cart_lines_quantity_positive CHECK (quantity > 0),
        unit_amount bigint NOT NULL CONSTRAINT cart_lines_unit_amount_non_negative CHECK (unit_amount >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, variant_id) REFERENCES variants (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX cart_lines_cart ON cart_lines (cart_id, id);`);
    for (const table of ['promotions', 'promotion_customer_uses', 'carts', 'cart_lines']) await isolateByTenant(table);
  },
  down: 'DROP TABLE cart_lines; DROP TABLE carts; DROP TABLE promotion_customer_uses; DROP TABLE promotions;',
};
