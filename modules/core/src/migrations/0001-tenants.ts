import type { ModuleMigration } from '@rustok/contracts';

/**
 * Tenants are a platform table: the tenant is looked up by host or slug
 * before any tenant scope exists, so it carries no tenant_id and no
 * row-level security. Domain uniqueness across tenants is kept by
 * TenantRepository under an advisory lock (PostgreSQL cannot index array
 * elements uniquely); the GIN index serves host lookups.
 */
export const tenantsMigration: ModuleMigration = {
  name: '0001-tenants',
  up: `
    CREATE TABLE tenants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL CONSTRAINT tenants_slug_key UNIQUE
        CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
      name text NOT NULL,
      domains text[] NOT NULL DEFAULT '{}',
      default_locale text NOT NULL,
      locales text[] NOT NULL,
      settings jsonb NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT tenants_default_locale_offered CHECK (default_locale = ANY (locales))
    );
    CREATE INDEX tenants_domains ON tenants USING gin (domains);`,
  down: 'DROP TABLE tenants',
};
