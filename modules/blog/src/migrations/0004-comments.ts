import type { ModuleMigration } from '@rustok/contracts';

/**
 * Comments belong to posts only: `post_kind` is pinned to 'post' and is part
 * of the foreign key, so the database itself refuses a comment on a page.
 * `comment_rate` counts attempts per IP in a window with one atomic upsert.
 */
export const commentsMigration: ModuleMigration = {
  name: '0004-comments',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE comments (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        post_id uuid NOT NULL,
        post_kind text NOT NULL DEFAULT 'post' CONSTRAINT comments_on_posts CHECK (post_kind = 'post'),
        parent_id uuid,
        author_id uuid,
        author_name text NOT NULL,
        guest_email text,
        body text NOT NULL,
        body_html text NOT NULL,
        status text NOT NULL CONSTRAINT comments_status_valid CHECK (status IN ('pending', 'approved', 'spam', 'deleted')),
        ip text NOT NULL,
        user_agent text,
        moderated_by text,
        moderated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT comments_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT comments_post_fk FOREIGN KEY (tenant_id, post_id, post_kind) REFERENCES entries (tenant_id, id, kind) ON DELETE CASCADE,
        CONSTRAINT comments_parent_fk FOREIGN KEY (tenant_id, parent_id) REFERENCES comments (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT comments_guest_or_user CHECK ((author_id IS NULL) = (guest_email IS NOT NULL))
      );
      CREATE INDEX comments_top_level ON comments (tenant_id, post_id, status, id) WHERE parent_id IS NULL;
      CREATE INDEX comments_replies ON comments (tenant_id, parent_id, status, id) WHERE parent_id IS NOT NULL;
      CREATE INDEX comments_approved ON comments (tenant_id, post_id) WHERE status = 'approved';
      CREATE INDEX comments_queue ON comments (tenant_id, status, id);

      CREATE TABLE comment_rate (
        tenant_id uuid NOT NULL,
        ip text NOT NULL,
        hits integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, ip)
      );`);
    for (const table of ['comments', 'comment_rate']) await isolateByTenant(table);
  },
  down: 'DROP TABLE comment_rate; DROP TABLE comments;',
};
