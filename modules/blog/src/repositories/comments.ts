import type { Model, ModelStatic, Transaction } from 'sequelize';
import type { CommentRow, CommentStatus } from '../models/comment';
import { SCHEMA, type Sql } from './sql';

const COLUMNS = `id, post_id AS "postId", parent_id AS "parentId", author_id AS "authorId", author_name AS "authorName", guest_email AS "guestEmail",
  body, body_html AS "bodyHtml", status, ip, user_agent AS "userAgent", moderated_by AS "moderatedBy", moderated_at AS "moderatedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export type NewComment = Omit<CommentRow, 'moderatedBy' | 'moderatedAt' | 'createdAt' | 'updatedAt'>;

/** Comments on posts. Tenant-owned: run in a transaction of the tenant. */
export class CommentRepository {
  constructor(
    private readonly sql: Sql,
    private readonly Comment: ModelStatic<Model>,
  ) {}

  async insert(comment: NewComment, transaction: Transaction | null): Promise<CommentRow> {
    const created = await this.Comment.create({ ...comment }, { transaction });
    return created.get({ plain: true }) as CommentRow;
  }

  find(tenantId: string, id: string, transaction: Transaction | null): Promise<CommentRow | null> {
    return this.sql.one(`SELECT ${COLUMNS} FROM ${SCHEMA}.comments WHERE tenant_id = $1 AND id = $2`, [tenantId, id], transaction);
  }

  lock(tenantId: string, id: string, transaction: Transaction | null): Promise<CommentRow | null> {
    return this.sql.one(`SELECT ${COLUMNS} FROM ${SCHEMA}.comments WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id], transaction);
  }

  async moderate(tenantId: string, id: string, status: CommentStatus, moderatedBy: string | null, transaction: Transaction | null): Promise<CommentRow> {
    const row = await this.sql.one<CommentRow>(
      `UPDATE ${SCHEMA}.comments SET status = $3, moderated_by = $4, moderated_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, status, moderatedBy],
      transaction,
    );
    if (row === null) throw new Error(`comment ${id} vanished while locked`);
    return row;
  }

  /** Top-level comments of a post in `statuses`, oldest first (UUIDv7 ids), keyset-paged. */
  topLevel(tenantId: string, postId: string, statuses: readonly CommentStatus[], limit: number, after: string | null, transaction: Transaction | null): Promise<CommentRow[]> {
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM ${SCHEMA}.comments
        WHERE tenant_id = $1 AND post_id = $2 AND parent_id IS NULL AND status = ANY ($3::text[]) AND ($4::uuid IS NULL OR id > $4)
        ORDER BY id LIMIT $5`,
      [tenantId, postId, statuses, after, limit + 1],
      transaction,
    );
  }

  /** Replies to each of `parentIds` in `statuses`, oldest first. */
  replies(tenantId: string, parentIds: readonly string[], statuses: readonly CommentStatus[], transaction: Transaction | null): Promise<CommentRow[]> {
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM ${SCHEMA}.comments WHERE tenant_id = $1 AND parent_id = ANY ($2::uuid[]) AND status = ANY ($3::text[]) ORDER BY id`,
      [tenantId, parentIds, statuses],
      transaction,
    );
  }

  /** The moderation queue: comments in `status` (optionally of one post), newest first, keyset-paged. */
  queue(tenantId: string, status: CommentStatus, postId: string | null, limit: number, before: string | null, transaction: Transaction | null): Promise<CommentRow[]> {
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM ${SCHEMA}.comments
        WHERE tenant_id = $1 AND status = $2 AND ($3::uuid IS NULL OR post_id = $3) AND ($4::uuid IS NULL OR id < $4)
        ORDER BY id DESC LIMIT $5`,
      [tenantId, status, postId, before, limit + 1],
      transaction,
    );
  }

  /** Approved comments (replies included) per post; posts without any are absent. */
  async approvedCounts(tenantId: string, postIds: readonly string[], transaction: Transaction | null): Promise<Map<string, number>> {
    const rows = await this.sql.rows<{ postId: string; count: number }>(
      `SELECT post_id AS "postId", count(*)::int AS count FROM ${SCHEMA}.comments WHERE tenant_id = $1 AND post_id = ANY ($2::uuid[]) AND status = 'approved' GROUP BY post_id`,
      [tenantId, postIds],
      transaction,
    );
    return new Map(rows.map((row) => [row.postId, row.count]));
  }
}
