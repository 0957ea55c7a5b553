import type { ModuleMigration } from '@rustok/contracts';

/** Categories (a tree) and tags (flat), each with a name and slug per locale, and their links to entries. */
export const taxonomyMigration: ModuleMigration = {
  name: '0002-taxonomy',
  up: async ({ query, isolateByTenant }) => {
    await query(`
      CREATE TABLE categories (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        parent_id uuid,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT categories_tenant_id_key UNIQUE (tenant_id, id),
        CONSTRAINT categories_parent_fk FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id),
        CONSTRAINT categories_parent_not_self CHECK (parent_id <> id)
      );
      CREATE TABLE category_translations (
        tenant_id uuid NOT NULL,
        category_id uuid NOT NULL,
        locale text NOT NULL,
        slug text NOT NULL CONSTRAINT category_translations_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL,
        description text,
        PRIMARY KEY (category_id, locale),
        CONSTRAINT category_translations_category_fk FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT category_translations_slug_key UNIQUE (tenant_id, locale, slug)
      );
      CREATE TABLE tags (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tags_tenant_id_key UNIQUE (tenant_id, id)
      );
      CREATE TABLE tag_translations (
        tenant_id uuid NOT NULL,
        tag_id uuid NOT NULL,
        locale text NOT NULL,
        slug text NOT NULL CONSTRAINT tag_translations_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL,
        PRIMARY KEY (tag_id, locale),
        CONSTRAINT tag_translations_tag_fk FOREIGN KEY (tenant_id, tag_id) REFERENCES tags (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT tag_translations_slug_key UNIQUE (tenant_id, locale, slug)
      );
      CREATE TABLE entry_categories (
        tenant_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        category_id uuid NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (entry_id, category_id),
        CONSTRAINT entry_categories_entry_fk FOREIGN KEY (tenant_id, entry_id) REFERENCES entries (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT entry_categories_category_fk FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX entry_categories_category ON entry_categories (category_id, entry_id);
      CREATE TABLE entry_tags (
        tenant_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        tag_id uuid NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (entry_id, tag_id),
        CONSTRAINT entry_tags_entry_fk FOREIGN KEY (tenant_id, entry_id) REFERENCES entries (tenant_id, id) ON DELETE CASCADE,
        CONSTRAINT entry_tags_tag_fk FOREIGN KEY (tenant_id, tag_id) REFERENCES tags (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX entry_tags_tag ON entry_tags (tag_id, entry_id);`);
    for (const table of ['categories', 'category_translations', 'tags', 'tag_translations', 'entry_categories', 'entry_tags']) await isolateByTenant(table);
  },
  down: 'DROP TABLE entry_tags; DROP TABLE entry_categories; DROP TABLE tag_translations; DROP TABLE tags; DROP TABLE category_translations; DROP TABLE categories;',
};
