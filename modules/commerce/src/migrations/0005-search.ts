import type { ModuleMigration } from '@rustok/contracts';

/** The language of a locale tag ('ru-RU' → 'ru'), as the generated columns below read it. */
const LANGUAGE = "lower(substring(locale from '^[A-Za-z]+'))";
/**
 * English and Russian texts are stemmed in their language; any other
 * locale's texts are indexed as written (`simple`).
 */
const CONFIG = `(CASE ${LANGUAGE} WHEN 'en' THEN 'english'::regconfig WHEN 'ru' THEN 'russian'::regconfig ELSE 'simple'::regconfig END)`;

/**
 * Full-text search: a generated tsvector per translation in its language's
 * configuration (title weighted above description), one for tags and SKUs
 * (no stemming: codes are matched as written), GIN indexes on both, and
 * pg_trgm for the typo fallback on titles.
 *
 * pg_trgm is created in `public`, where the application role's search_path
 * and the queries (which qualify it) find it. It is a trusted extension since
 * PostgreSQL 13, so a database owner without superuser may create it.
 */
export const searchMigration: ModuleMigration = {
  name: '0005-search',
  up: async ({ query }) => {
    const [found] = (await query("SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'")) as Array<{ schema: string }>;
    if (found === undefined) {
      try {
        await query('CREATE EXTENSION pg_trgm WITH SCHEMA public');
      } catch (error) {
        throw new Error(`commerce needs the pg_trgm extension for typo-tolerant search and could not create it (${(error as Error).message}). Ask the database administrator to run CREATE EXTENSION pg_trgm WITH SCHEMA public in this database, then migrate again.`, { cause: error });
      }
    } else if (found.schema !== 'public') {
      throw new Error(`pg_trgm is installed in schema "${found.schema}"; commerce expects it in "public". Run ALTER EXTENSION pg_trgm SET SCHEMA public, then migrate again.`);
    }
    await query(`
      ALTER TABLE product_translations ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(${CONFIG}, title), 'A') || setweight(to_tsvector(${CONFIG}, coalesce(description, '')), 'B')
      ) STORED;
      CREATE INDEX product_translations_search ON product_translations USING gin (search);
      CREATE INDEX product_translations_title_trgm ON product_translations USING gin (title public.gin_trgm_ops);
      ALTER TABLE products ADD COLUMN search_keys_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_keys)) STORED;
      CREATE INDEX products_search_keys ON products USING gin (search_keys_vector);`);
  },
  down: 'ALTER TABLE products DROP COLUMN search_keys_vector; ALTER TABLE product_translations DROP COLUMN search;',
};
