import type { ModelsFacade } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'deleted';

export interface CommentRow {
  id: string;
  postId: string;
  parentId: string | null;
  /** The core user who wrote it; null for guests. */
  authorId: string | null;
  /** The name shown: the user's display name when they wrote it, or the guest's. */
  authorName: string;
  /** Guests only; shown to moderators. */
  guestEmail: string | null;
  body: string;
  bodyHtml: string;
  status: CommentStatus;
  ip: string;
  userAgent: string | null;
  moderatedBy: string | null;
  moderatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function defineComment(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'BlogComment',
    {
      id: { type: types.UUID, primaryKey: true },
      tenantId: tenantColumn(types),
      postId: { type: types.UUID, allowNull: false },
      parentId: { type: types.UUID },
      authorId: { type: types.UUID },
      authorName: { type: types.TEXT, allowNull: false },
      guestEmail: { type: types.TEXT },
      body: { type: types.TEXT, allowNull: false },
      bodyHtml: { type: types.TEXT, allowNull: false },
      status: { type: types.TEXT, allowNull: false },
      ip: { type: types.TEXT, allowNull: false },
      userAgent: { type: types.TEXT },
      moderatedBy: { type: types.TEXT },
      moderatedAt: { type: types.DATE },
    },
    { tableName: 'comments', underscored: true },
  );
}
