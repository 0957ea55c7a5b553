import type { ModuleMigration } from '@rustok/contracts';

export const loginAttemptsMigration: ModuleMigration = {
  name: '0005-login-attempts',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE login_attempts (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        email_lower text NOT NULL,
        ip text NOT NULL,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, email_lower, ip)
      )`);
    await isolateByTenant('login_attempts');
  },
  down: 'DROP TABLE login_attempts',
};
