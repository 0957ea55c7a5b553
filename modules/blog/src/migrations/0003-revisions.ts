import type { ModuleMigration } from '@rustok/contracts';

/**
 * One row per save of a post or page: who (actor kind and id, as the access
 * provider named them), when, which fields changed, and the full content
 * after the save, so any two can be diffed and any one restored.
 */
export const revisionsMigration: ModuleMigration = {
  name: '0003-revisions',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE revisions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        number integer NOT NULL,
        actor_kind text,
        actor_id text,
        changed text[] NOT NULL,
        snapshot jsonb NOT NULL,
        restored_from integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT revisions_entry_fk FOREIGN KEY (tenant_id, entry_id) REFERENCES entries (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT revisions_entry_number_key UNIQUE (entry_id, number)
      )`);
    await isolateByTenant('revisions');
  },
  down: 'DROP TABLE revisions',
};
