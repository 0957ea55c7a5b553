import type { Transaction } from 'sequelize';
import { Binds, SCHEMA, type Sql } from './sql';

/** A category with its name in the locale chosen to show it. */
export interface ShownCategory {
  id: string;
  parentId: string | null;
  position: number;
  locale: string;
  slug: string;
  name: string;
  description: string | null;
}

const COLUMNS = `c.id, c.parent_id AS "parentId", c.position, n.locale, n.slug, n.name, n.description`;

/** Categories: a tree per tenant. Tenant-owned: run in a transaction of the tenant. */
export class CategoryRepository {
  constructor(private readonly sql: Sql) {}

  /** The name shown: asked locale, else fallback, else the first there is. */
  private names(binds: Binds, locale: string, fallback: string): string {
    return `CROSS JOIN LATERAL (
      SELECT t.locale, t.slug, t.name, t.description FROM ${SCHEMA}.category_translations t WHERE t.category_id = c.id
       ORDER BY t.locale = ${binds.add(locale)} DESC, t.locale = ${binds.add(fallback)} DESC, t.locale LIMIT 1) n`;
  }

  /** Every category of the tenant, parents before children at each level, by position. */
  all(tenantId: string, locale: string, fallback: string, transaction: Transaction | null): Promise<ShownCategory[]> {
    const binds = new Binds();
    const names = this.names(binds, locale, fallback);
    return this.sql.rows(`SELECT ${COLUMNS} FROM ${SCHEMA}.categories c ${names} WHERE c.tenant_id = ${binds.add(tenantId)} ORDER BY c.position, c.id`, binds.values, transaction);
  }

  byIds(tenantId: string, ids: readonly string[], locale: string, fallback: string, transaction: Transaction | null): Promise<ShownCategory[]> {
    const binds = new Binds();
    const names = this.names(binds, locale, fallback);
    return this.sql.rows(`SELECT ${COLUMNS} FROM ${SCHEMA}.categories c ${names} WHERE c.tenant_id = ${binds.add(tenantId)} AND c.id = ANY (${binds.add(ids, 'uuid[]')})`, binds.values, transaction);
  }

  childrenOf(tenantId: string, parentIds: readonly string[], locale: string, fallback: string, transaction: Transaction | null): Promise<ShownCategory[]> {
    const binds = new Binds();
    const names = this.names(binds, locale, fallback);
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM ${SCHEMA}.categories c ${names} WHERE c.tenant_id = ${binds.add(tenantId)} AND c.parent_id = ANY (${binds.add(parentIds, 'uuid[]')}) ORDER BY c.position, c.id`,
      binds.values,
      transaction,
    );
  }

  /** The categories of each entry, in the entry's order. */
  ofEntries(tenantId: string, entryIds: readonly string[], locale: string, fallback: string, transaction: Transaction | null): Promise<Array<ShownCategory & { entryId: string }>> {
    const binds = new Binds();
    const names = this.names(binds, locale, fallback);
    return this.sql.rows(
      `SELECT ec.entry_id AS "entryId", ${COLUMNS}
         FROM ${SCHEMA}.entry_categories ec JOIN ${SCHEMA}.categories c ON c.id = ec.category_id ${names}
        WHERE ec.tenant_id = ${binds.add(tenantId)} AND ec.entry_id = ANY (${binds.add(entryIds, 'uuid[]')})
        ORDER BY ec.entry_id, ec.position`,
      binds.values,
      transaction,
    );
  }

  /** Which of `ids` exist. */
  async existing(tenantId: string, ids: readonly string[], transaction: Transaction | null): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sql.rows<{ id: string }>(`SELECT id FROM ${SCHEMA}.categories WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [tenantId, ids], transaction);
    return new Set(rows.map((row) => row.id));
  }

  async insert(tenantId: string, row: { id: string; parentId: string | null; position: number }, transaction: Transaction | null): Promise<void> {
    await this.sql.rows(`INSERT INTO ${SCHEMA}.categories (id, tenant_id, parent_id, position) VALUES ($1, $2, $3, $4)`, [row.id, tenantId, row.parentId, row.position], transaction);
  }

  /** Locks the category for the rest of the transaction; null when it does not exist. */
  lock(tenantId: string, id: string, transaction: Transaction | null): Promise<{ id: string; parentId: string | null; position: number } | null> {
    return this.sql.one(`SELECT id, parent_id AS "parentId", position FROM ${SCHEMA}.categories WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id], transaction);
  }

  async update(tenantId: string, id: string, row: { parentId: string | null; position: number }, transaction: Transaction | null): Promise<void> {
    await this.sql.rows(`UPDATE ${SCHEMA}.categories SET parent_id = $3, position = $4, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, id, row.parentId, row.position], transaction);
  }

  /** Whether `candidate` is `id` itself or one of its descendants (making it `id`'s parent would close a cycle). */
  async isSelfOrDescendant(tenantId: string, id: string, candidate: string, transaction: Transaction | null): Promise<boolean> {
    const row = await this.sql.one<{ found: boolean }>(
      `WITH RECURSIVE below (id) AS (SELECT $2::uuid UNION SELECT c.id FROM ${SCHEMA}.categories c JOIN below ON c.parent_id = below.id WHERE c.tenant_id = $1)
       SELECT EXISTS (SELECT 1 FROM below WHERE id = $3::uuid) AS found`,
      [tenantId, id, candidate],
      transaction,
    );
    return row?.found === true;
  }

  async hasChildren(tenantId: string, id: string, transaction: Transaction | null): Promise<boolean> {
    return (await this.sql.one(`SELECT 1 FROM ${SCHEMA}.categories WHERE tenant_id = $1 AND parent_id = $2 LIMIT 1`, [tenantId, id], transaction)) !== null;
  }

  /** Deletes the category (its translations and entry links cascade). */
  async delete(tenantId: string, id: string, transaction: Transaction | null): Promise<boolean> {
    return (await this.sql.rows(`DELETE FROM ${SCHEMA}.categories WHERE tenant_id = $1 AND id = $2 RETURNING id`, [tenantId, id], transaction)).length > 0;
  }
}
