import type { ModuleMigration } from '@rustok/contracts';

/** Sessions, API tokens and single-use user tokens: only SHA-256 hashes of the secrets are stored. */
export const credentialsMigration: ModuleMigration = {
  name: '0004-credentials',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        token_hash text NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
        ip text,
        user_agent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL;
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
        permissions text[] NOT NULL,
        created_by_kind text NOT NULL,
        created_by_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE TABLE user_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT user_tokens_kind_valid CHECK (kind IN ('password-reset', 'email-verification')),
        token_hash text NOT NULL CONSTRAINT user_tokens_token_hash_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX user_tokens_user_unused ON user_tokens (user_id, kind) WHERE used_at IS NULL;`);
    for (const table of ['sessions', 'api_tokens', 'user_tokens']) await isolateByTenant(table);
  },
  down: 'DROP TABLE user_tokens; DROP TABLE api_tokens; DROP TABLE sessions;',
};
