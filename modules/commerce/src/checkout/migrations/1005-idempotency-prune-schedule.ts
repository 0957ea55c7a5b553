import type { ModuleMigration } from '@rustok/contracts';

/**
 * When the next pruning of a tenant's expired idempotency keys is due: one
 * row per tenant while a `commerce.idempotency.prune-due@1` event is
 * scheduled for it. The first idempotent request of a tenant with no
 * (live) schedule starts one; the handler re-schedules itself while keys
 * remain and deletes the row when none do, so idle tenants cost nothing.
 */
export const idempotencyPruneScheduleMigration: ModuleMigration = {
  name: '1005-idempotency-prune-schedule',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE idempotency_prune_schedule (
        tenant_id uuid PRIMARY KEY,
        due_at timestamptz NOT NULL
      );`);
    await isolateByTenant('idempotency_prune_schedule');
  },
  down: 'DROP TABLE idempotency_prune_schedule;',
};
