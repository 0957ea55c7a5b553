import type { ModuleMigration } from '@rustok/contracts';

/**
 * Links between tenant-owned rows use composite foreign keys on
 * (tenant_id, id): a foreign-key check bypasses row-level security, so a
 * plain key on id alone would let a row point at another tenant's user.
 */
export const usersAndRolesMigration: ModuleMigration = {
  name: '0003-users-and-roles',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        email text NOT NULL CONSTRAINT users_email_lower CHECK (email = lower(email)),
        password_hash text NOT NULL,
        display_name text,
        profile jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'active' CONSTRAINT users_status_valid CHECK (status IN ('active', 'disabled')),
        email_verified_at timestamptz,
        is_platform_owner boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_tenant_email_key UNIQUE (tenant_id, email),
        CONSTRAINT users_tenant_id_key UNIQUE (tenant_id, id)
      );
      CREATE TABLE roles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL CONSTRAINT roles_name_format CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
        description text,
        built_in boolean NOT NULL DEFAULT false,
        permissions text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT roles_tenant_name_key UNIQUE (tenant_id, name),
        CONSTRAINT roles_tenant_id_key UNIQUE (tenant_id, id)
      );
      CREATE TABLE user_roles (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, role_id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX user_roles_role ON user_roles (role_id);`);
    for (const table of ['users', 'roles', 'user_roles']) await isolateByTenant(table);
  },
  down: 'DROP TABLE user_roles; DROP TABLE roles; DROP TABLE users;',
};
