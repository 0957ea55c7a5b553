import type { ModuleMigration } from '@rustok/contracts';

/**
 * Posts and pages share one table: their workflow, translations, revisions
 * and search are the same; `kind` tells them apart and CHECKs keep the
 * page-only columns off posts.
 *
 * Links between tenant-owned rows are composite keys on (tenant_id, id): a
 * foreign-key check bypasses row-level security, so a key on id alone would
 * let a row point at another tenant's. `author_id` is a core user, kept
 * without a foreign key: a module never reaches into another one's tables.
 *
 * Times are kept to the millisecond (CHECKed) so that the DateTime a client
 * sees, and a cursor made from it, is the stored value exactly.
 */
export const entriesMigration: ModuleMigration = {
  name: '0001-entries',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE entries (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT entries_kind_valid CHECK (kind IN ('post', 'page')),
        status text NOT NULL DEFAULT 'draft' CONSTRAINT entries_status_valid CHECK (status IN ('draft', 'scheduled', 'published', 'archived')),
        author_id uuid,
        parent_id uuid,
        menu_position integer NOT NULL DEFAULT 0,
        featured_media_url text,
        comments_closed boolean NOT NULL DEFAULT false,
        published_at timestamptz,
        scheduled_for timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT entries_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT entries_tenant_id_kind_key UNIQUE (tenant_id, id, kind),
        CONSTRAINT entries_parent_fk FOREIGN KEY (tenant_id, parent_id) REFERENCES entries (tenant_id, id),
        CONSTRAINT entries_parent_pages_only CHECK (kind = 'page' OR parent_id IS NULL),
        CONSTRAINT entries_parent_not_self CHECK (parent_id <> id),
        CONSTRAINT entries_scheduled_has_time CHECK ((status = 'scheduled') = (scheduled_for IS NOT NULL)),
        CONSTRAINT entries_published_has_time CHECK (status <> 'published' OR published_at IS NOT NULL),
        CONSTRAINT entries_times_in_ms CHECK (published_at = date_trunc('milliseconds', published_at) AND scheduled_for = date_trunc('milliseconds', scheduled_for))
      );
      CREATE INDEX entries_published ON entries (tenant_id, kind, status, published_at DESC, id DESC);
      CREATE INDEX entries_admin ON entries (tenant_id, kind, id DESC);
      CREATE INDEX entries_author ON entries (tenant_id, author_id, kind);
      CREATE INDEX entries_children ON entries (tenant_id, parent_id, menu_position) WHERE parent_id IS NOT NULL;

      CREATE TABLE entry_translations (
        tenant_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        kind text NOT NULL,
        locale text NOT NULL,
        slug text NOT NULL CONSTRAINT entry_translations_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title text NOT NULL,
        excerpt text,
        body text NOT NULL DEFAULT '',
        body_html text NOT NULL DEFAULT '',
        body_text text NOT NULL DEFAULT '',
        seo_title text,
        seo_description text,
        reading_minutes integer NOT NULL DEFAULT 0,
        search_config regconfig NOT NULL,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector(search_config, title), 'A') ||
          setweight(to_tsvector(search_config, coalesce(excerpt, '')), 'B') ||
          setweight(to_tsvector(search_config, body_text), 'C')
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entry_id, locale),
        CONSTRAINT entry_translations_entry_fk FOREIGN KEY (tenant_id, entry_id, kind) REFERENCES entries (tenant_id, id, kind) ON DELETE CASCADE,
        CONSTRAINT entry_translations_slug_key UNIQUE (tenant_id, kind, locale, slug)
      );
      CREATE INDEX entry_translations_search ON entry_translations USING gin (search);`);
    for (const table of ['entries', 'entry_translations']) await isolateByTenant(table);
  },
  down: 'DROP TABLE entry_translations; DROP TABLE entries;',
};
