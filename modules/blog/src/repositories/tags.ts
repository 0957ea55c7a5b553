import type { Transaction } from 'sequelize';
import { Binds, SCHEMA, type Sql } from './sql';

/** A tag with its name in the locale chosen to show it. */
export interface ShownTag {
  id: string;
  locale: string;
  slug: string;
  name: string;
}

const COLUMNS = `g.id, n.locale, n.slug, n.name`;

/** Tags: flat, per tenant. Tenant-owned: run in a transaction of the tenant. */
export class TagRepository {
  constructor(private readonly sql: Sql) {}

  private names(binds: Binds, locale: string, fallback: string): string {
    return `CROSS JOIN LATERAL (
      SELECT t.locale, t.slug, t.name FROM ${SCHEMA}.tag_translations t WHERE t.tag_id = g.id
       ORDER BY t.locale = ${binds.add(locale)} DESC, t.locale = ${binds.add(fallback)} DESC, t.locale LIMIT 1) n`;
  }

  /** A page of tags by id (creation order). */
  list(tenantId: string, locale: string, fallback: string, limit: number, after: string | null, transaction: Transaction | null): Promise<ShownTag[]> {
    const binds = new Binds();
    const names = this.names(binds, locale, fallback);
    const where = [`g.tenant_id = ${binds.add(tenantId)}`, ...(after === null ? [] : [`g.id > ${binds.add(after, 'uuid')}`])];
    return this.sql.rows(`SELECT ${COLUMNS} FROM ${SCHEMA}.tags g ${names} WHERE ${where.join(' AND ')} ORDER BY g.id LIMIT ${binds.add(limit + 1, 'int')}`, binds.values, transaction);
  }

  byIds(tenantId: string, ids: readonly string[], locale: string, fallback: string, transaction: Transaction | null): Promise<ShownTag[]> {
    const binds = new Binds();
    const names = this.names(binds, locale, fallback);
    return this.sql.rows(`SELECT ${COLUMNS} FROM ${SCHEMA}.tags g ${names} WHERE g.tenant_id = ${binds.add(tenantId)} AND g.id = ANY (${binds.add(ids, 'uuid[]')})`, binds.values, transaction);
  }

  /** The tags of each entry, in the entry's order. */
  ofEntries(tenantId: string, entryIds: readonly string[], locale: string, fallback: string, transaction: Transaction | null): Promise<Array<ShownTag & { entryId: string }>> {
    const binds = new Binds();
    const names = this.names(binds, locale, fallback);
    return this.sql.rows(
      `SELECT et.entry_id AS "entryId", ${COLUMNS}
         FROM ${SCHEMA}.entry_tags et JOIN ${SCHEMA}.tags g ON g.id = et.tag_id ${names}
        WHERE et.tenant_id = ${binds.add(tenantId)} AND et.entry_id = ANY (${binds.add(entryIds, 'uuid[]')})
        ORDER BY et.entry_id, et.position`,
      binds.values,
      transaction,
    );
  }

  async existing(tenantId: string, ids: readonly string[], transaction: Transaction | null): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sql.rows<{ id: string }>(`SELECT id FROM ${SCHEMA}.tags WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [tenantId, ids], transaction);
    return new Set(rows.map((row) => row.id));
  }

  async insert(tenantId: string, id: string, transaction: Transaction | null): Promise<void> {
    await this.sql.rows(`INSERT INTO ${SCHEMA}.tags (id, tenant_id) VALUES ($1, $2)`, [id, tenantId], transaction);
  }

  /** Locks the tag and marks it updated; false when it does not exist. */
  async touch(tenantId: string, id: string, transaction: Transaction | null): Promise<boolean> {
    return (await this.sql.rows(`UPDATE ${SCHEMA}.tags SET updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING id`, [tenantId, id], transaction)).length > 0;
  }

  async delete(tenantId: string, id: string, transaction: Transaction | null): Promise<boolean> {
    return (await this.sql.rows(`DELETE FROM ${SCHEMA}.tags WHERE tenant_id = $1 AND id = $2 RETURNING id`, [tenantId, id], transaction)).length > 0;
  }
}
