import type { ModuleMigration } from '@rustok/contracts';

/** Migrations of the kernel's own schema `rustok`; they run before any module's. */
export const KERNEL_MIGRATIONS: readonly ModuleMigration[] = Object.freeze([
  {
    name: '0001-event-outbox',
    up: `
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        version integer NOT NULL,
        emitted_by text NOT NULL,
        tenant_id uuid,
        payload jsonb NOT NULL,
        correlation_id uuid NOT NULL,
        causation_id uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX outbox_created_at ON outbox (created_at);
      -- One row per event and subscriber: the work queue and the exactly-once ledger at the same time.
      CREATE TABLE deliveries (
        event_id uuid NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
        handler text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        last_error text,
        delivered_at timestamptz,
        PRIMARY KEY (event_id, handler)
      );
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_dead ON deliveries (event_id) WHERE status = 'dead';
      CREATE INDEX deliveries_delivered_at ON deliveries (delivered_at) WHERE status = 'delivered';
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        subscription_id uuid NOT NULL,
        attempt integer NOT NULL,
        status_code integer,
        latency_ms integer NOT NULL,
        error text,
        attempted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_attempts_event ON webhook_attempts (event_id);
    `,
    down: 'DROP TABLE webhook_attempts; DROP TABLE webhook_subscriptions; DROP TABLE deliveries; DROP TABLE outbox;',
  },
  {
    name: '0002-split-due-delivery-indexes',
    // Module and webhook dispatchers each claim only their own kind; one shared index made each claim
    // scan the other kind's backlog too.
    up: `
      DROP INDEX deliveries_due;
      CREATE INDEX deliveries_due_handlers ON deliveries (next_attempt_at) WHERE status = 'pending' AND handler NOT LIKE 'webhook:%';
      CREATE INDEX deliveries_due_webhooks ON deliveries (next_attempt_at) WHERE status = 'pending' AND handler LIKE 'webhook:%';
    `,
    down: `
      DROP INDEX deliveries_due_webhooks;
      DROP INDEX deliveries_due_handlers;
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
    `,
  },
  {
    name: '0003-tenant-setting',
    // The one definition of "the transaction's tenant" every tenant isolation policy compares with.
    // An unset or empty setting is no tenant: NULL matches no row.
    up: `
      CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
        AS $$ SELECT nullif(current_setting('rustok.tenant_id', true), '')::uuid $$;
      -- Module seeds (demo data) that ran in this database; each runs once.
      CREATE TABLE seeds (module text NOT NULL, name text NOT NULL, ran_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (module, name));
    `,
    down: 'DROP TABLE seeds; DROP FUNCTION current_tenant_id();',
  },
  {
    name: '0004-scheduled-delivery',
    // Events emitted with deliverAt: status tells scheduled work from backlog by it.
    up: 'ALTER TABLE outbox ADD COLUMN deliver_at timestamptz;',
    down: 'ALTER TABLE outbox DROP COLUMN deliver_at;',
  },
  {
    name: '0005-tenant-policy-once-per-statement',
    // Policies made by isolateByTenant before it compared with the setting once per statement
    // (TENANT_POLICY_EXPRESSION) are brought in line; the rows they admit are the same.
    up: alterTenantPolicies('tenant_id = (SELECT rustok.current_tenant_id())'),
    down: alterTenantPolicies('tenant_id = rustok.current_tenant_id()'),
  },
]);

function alterTenantPolicies(expression: string): string {
  return `
    DO $$
    DECLARE policy record;
    BEGIN
      FOR policy IN SELECT schemaname, tablename FROM pg_policies WHERE policyname = 'rustok_tenant_isolation' LOOP
        EXECUTE format('ALTER POLICY rustok_tenant_isolation ON %I.%I USING (${expression}) WITH CHECK (${expression})', policy.schemaname, policy.tablename);
      END LOOP;
    END $$;`;
}
