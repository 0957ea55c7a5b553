import type { ModuleMigration } from '@rustok/contracts';

/**
 * Orders (snapshots of everything the customer agreed to), their lines, the
 * history of every status change, payments, the webhook ledger that
 * deduplicates provider events, and idempotency keys.
 */
export const ordersMigration: ModuleMigration = {
  name: '1003-orders-and-payments',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      -- One counter per tenant: human order numbers (1, 2, 3 …) are unique per tenant; a rolled-back
      -- checkout may leave a gap, which is allowed.
      CREATE TABLE order_counters (
        tenant_id uuid PRIMARY KEY,
        last_number bigint NOT NULL
      );

      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        number bigint NOT NULL,
        cart_id uuid NOT NULL,
        customer_id text,
        email text NOT NULL,
        region_id uuid NOT NULL,
        currency text NOT NULL,
        status text NOT NULL CONSTRAINT orders_status_valid CHECK (status IN ('pending', 'confirmed', 'paid', 'fulfilled', 'completed', 'cancelled', 'refunded')),
        subtotal bigint NOT NULL CHECK (subtotal >= 0),
        discount bigint NOT NULL CHECK (discount >= 0 AND discount <= subtotal),
        shipping bigint NOT NULL CHECK (shipping >= 0),
        tax bigint NOT NULL CHECK (tax >= 0),
        total bigint NOT NULL CHECK (total >= 0),
        tax_rate_bp integer NOT NULL,
        prices_include_tax boolean NOT NULL,
        shipping_address jsonb NOT NULL,
        billing_address jsonb,
        shipping_option jsonb NOT NULL,
        promotions jsonb NOT NULL DEFAULT '[]',
        placed_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT orders_tenant_number_key UNIQUE (tenant_id, number),
        CONSTRAINT orders_cart_key UNIQUE (cart_id)
      );
      CREATE INDEX orders_customer ON orders (tenant_id, customer_id, number DESC) WHERE customer_id IS NOT NULL;
      CREATE INDEX orders_status ON orders (tenant_id, status, number DESC);

      CREATE TABLE order_lines (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        order_id uuid NOT NULL,
        variant_id uuid,
        product_id uuid,
        sku text,
        title text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
        subtotal bigint NOT NULL CHECK (subtotal >= 0),
        discount bigint NOT NULL CHECK (discount >= 0 AND discount <= subtotal),
        tax bigint NOT NULL CHECK (tax >= 0),
        -- Whether checkout reserved stock for the line (variants that may be sold out of stock do not).
        reserved boolean NOT NULL,
        position integer NOT NULL,
        FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX order_lines_order ON order_lines (order_id, position);

      CREATE TABLE order_transitions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        order_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_kind text NOT NULL,
        actor_id text,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX order_transitions_order ON order_transitions (order_id, id);

      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        order_id uuid NOT NULL,
        provider text NOT NULL,
        status text NOT NULL CONSTRAINT payments_status_valid CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'cancelled', 'refunded')),
        amount bigint NOT NULL CHECK (amount >= 0),
        currency text NOT NULL,
        reference text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX payments_order ON payments (order_id, id);
      CREATE UNIQUE INDEX payments_provider_reference_key ON payments (tenant_id, provider, reference) WHERE reference IS NOT NULL;

      -- Provider events already handled: a redelivered webhook finds its id here and changes nothing.
      CREATE TABLE payment_webhook_events (
        tenant_id uuid NOT NULL,
        provider text NOT NULL,
        event_id text NOT NULL,
        payment_id uuid,
        type text NOT NULL,
        applied boolean NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, provider, event_id)
      );

      CREATE TABLE idempotency_keys (
        tenant_id uuid NOT NULL,
        -- The operation and who called it (user id or "guest"): the same key means something else elsewhere.
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, scope, key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);`);
    for (const table of ['order_counters', 'orders', 'order_lines', 'order_transitions', 'payments', 'payment_webhook_events', 'idempotency_keys']) await isolateByTenant(table);
  },
  down: 'DROP TABLE idempotency_keys; DROP TABLE payment_webhook_events; DROP TABLE payments; DROP TABLE order_transitions; DROP TABLE order_lines; DROP TABLE orders; DROP TABLE order_counters;',
};
