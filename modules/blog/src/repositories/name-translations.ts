import type { Transaction } from 'sequelize';
import { SCHEMA, type Sql } from './sql';

/** A category's or tag's name in one locale. */
export interface NameTranslation {
  locale: string;
  slug: string;
  name: string;
  description: string | null;
}

/** Where a taxonomy keeps its per-locale names: categories have descriptions, tags do not. */
export interface NameTable {
  table: 'category_translations' | 'tag_translations';
  owner: 'category_id' | 'tag_id';
  hasDescription: boolean;
}

export const CATEGORY_NAMES: NameTable = { table: 'category_translations', owner: 'category_id', hasDescription: true };
export const TAG_NAMES: NameTable = { table: 'tag_translations', owner: 'tag_id', hasDescription: false };

/** Per-locale names and slugs of categories or tags. Tenant-owned: run in a transaction of the tenant. */
export class NameTranslations {
  constructor(
    private readonly sql: Sql,
    private readonly names: NameTable,
  ) {}

  /** Replaces the owner's translations with `translations` (other locales are removed). */
  async replace(tenantId: string, ownerId: string, translations: readonly NameTranslation[], transaction: Transaction | null): Promise<void> {
    const { table, owner, hasDescription } = this.names;
    await this.sql.rows(`DELETE FROM ${SCHEMA}.${table} WHERE tenant_id = $1 AND ${owner} = $2 AND locale <> ALL ($3::text[])`, [tenantId, ownerId, translations.map((t) => t.locale)], transaction);
    await this.sql.rows(
      `INSERT INTO ${SCHEMA}.${table} (tenant_id, ${owner}, locale, slug, name${hasDescription ? ', description' : ''})
       SELECT $1, $2, n.locale, n.slug, n.name${hasDescription ? ', n.description' : ''}
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS n (locale, slug, name, description)
       ON CONFLICT (${owner}, locale) DO UPDATE SET slug = EXCLUDED.slug, name = EXCLUDED.name${hasDescription ? ', description = EXCLUDED.description' : ''}`,
      [tenantId, ownerId, translations.map((t) => t.locale), translations.map((t) => t.slug), translations.map((t) => t.name), translations.map((t) => t.description)],
      transaction,
    );
  }

  /** Slugs in `locale` equal to `base` or `base-<n>`, except the owner's own. */
  async slugsLike(tenantId: string, locale: string, base: string, exceptOwner: string | null, transaction: Transaction | null): Promise<Set<string>> {
    const { table, owner } = this.names;
    const rows = await this.sql.rows<{ slug: string }>(
      `SELECT slug FROM ${SCHEMA}.${table} WHERE tenant_id = $1 AND locale = $2 AND (slug = $3 OR slug LIKE $3 || '-%') AND ${owner} IS DISTINCT FROM $4::uuid`,
      [tenantId, locale, base, exceptOwner],
      transaction,
    );
    return new Set(rows.map((row) => row.slug));
  }

  /** Every translation of each owner, by locale. */
  async of(tenantId: string, ownerIds: readonly string[], transaction: Transaction | null): Promise<Array<NameTranslation & { ownerId: string }>> {
    const { table, owner, hasDescription } = this.names;
    return this.sql.rows(
      `SELECT ${owner} AS "ownerId", locale, slug, name, ${hasDescription ? 'description' : 'NULL AS description'}
         FROM ${SCHEMA}.${table} WHERE tenant_id = $1 AND ${owner} = ANY ($2::uuid[]) ORDER BY ${owner}, locale`,
      [tenantId, ownerIds],
      transaction,
    );
  }
}
