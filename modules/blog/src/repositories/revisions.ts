import type { Model, ModelStatic, Transaction } from 'sequelize';
import type { EntryKind } from '../models/entry';
import type { RevisionRow } from '../models/revision';
import { SCHEMA, type Sql } from './sql';

/** Revision columns of table alias `r`, without the snapshot (lists show who, when and what changed). */
const LISTED = `r.id, r.entry_id AS "entryId", r.number, r.actor_kind AS "actorKind", r.actor_id AS "actorId", r.changed, r.restored_from AS "restoredFrom", r.created_at AS "createdAt"`;

export type ListedRevision = Omit<RevisionRow, 'snapshot'>;

/** Revisions of posts and pages. Tenant-owned: run in a transaction of the tenant. */
export class RevisionRepository {
  constructor(
    private readonly sql: Sql,
    private readonly Revision: ModelStatic<Model>,
  ) {}

  async insert(row: Omit<RevisionRow, 'createdAt'>, transaction: Transaction | null): Promise<void> {
    await this.Revision.create({ ...row }, { transaction });
  }

  /** Revisions by id with their snapshots, each with the kind of entry it belongs to. */
  byIds(tenantId: string, ids: readonly string[], transaction: Transaction | null): Promise<Array<RevisionRow & { kind: EntryKind }>> {
    return this.sql.rows(
      `SELECT ${LISTED}, r.snapshot, e.kind FROM ${SCHEMA}.revisions r JOIN ${SCHEMA}.entries e ON e.id = r.entry_id WHERE r.tenant_id = $1 AND r.id = ANY ($2::uuid[])`,
      [tenantId, ids],
      transaction,
    );
  }

  /**
   * Newest first, keyset-paged by number, for several entries at once (a
   * list of posts asking for their revisions is still one statement).
   */
  pageOf(tenantId: string, entryIds: readonly string[], limit: number, before: number | null, transaction: Transaction | null): Promise<ListedRevision[]> {
    return this.sql.rows(
      `SELECT ${LISTED}
         FROM unnest($2::uuid[]) AS e (id)
         CROSS JOIN LATERAL (
           SELECT * FROM ${SCHEMA}.revisions r WHERE r.tenant_id = $1 AND r.entry_id = e.id AND ($3::int IS NULL OR r.number < $3)
            ORDER BY r.number DESC LIMIT $4) r
        ORDER BY r.entry_id, r.number DESC`,
      [tenantId, entryIds, before, limit + 1],
      transaction,
    );
  }
}
