import type { ModuleMigration } from '@rustok/contracts';

/**
 * The customer's address book. `customer_id` is the core user id (as in
 * carts and orders). At most one default shipping and one default billing
 * address per customer, held by partial unique indexes, so a race between
 * two "set default" calls cannot leave two defaults even if the service's
 * per-customer lock were bypassed.
 */
export const customerAddressesMigration: ModuleMigration = {
  name: '1004-customer-addresses',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE customer_addresses (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        customer_id text NOT NULL,
        label text CONSTRAINT customer_addresses_label_length CHECK (label IS NULL OR length(label) BETWEEN 1 AND 100),
        name text NOT NULL CONSTRAINT customer_addresses_name_present CHECK (length(btrim(name)) > 0),
        line1 text NOT NULL CONSTRAINT customer_addresses_line1_present CHECK (length(btrim(line1)) > 0),
        line2 text,
        city text NOT NULL CONSTRAINT customer_addresses_city_present CHECK (length(btrim(city)) > 0),
        postal_code text NOT NULL CONSTRAINT customer_addresses_postal_code_present CHECK (length(btrim(postal_code)) > 0),
        country text NOT NULL CONSTRAINT customer_addresses_country_format CHECK (country ~ '^[A-Z]{2}$'),
        phone text,
        is_default_shipping boolean NOT NULL DEFAULT false,
        is_default_billing boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT customer_addresses_tenant_id_key UNIQUE (tenant_id, id)
      );
      CREATE INDEX customer_addresses_customer ON customer_addresses (tenant_id, customer_id, id);
      CREATE UNIQUE INDEX customer_addresses_one_default_shipping ON customer_addresses (tenant_id, customer_id) WHERE is_default_shipping;
      CREATE UNIQUE INDEX customer_addresses_one_default_billing ON customer_addresses (tenant_id, customer_id) WHERE is_default_billing;`);
    await isolateByTenant('customer_addresses');
  },
  down: 'DROP TABLE customer_addresses;',
};
