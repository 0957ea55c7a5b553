import type { ModelsFacade } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export type EntryKind = 'post' | 'page';
export type EntryStatus = 'draft' | 'scheduled' | 'published' | 'archived';

/** A post or a page, without its translations. */
export interface EntryRow {
  id: string;
  tenantId: string;
  kind: EntryKind;
  status: EntryStatus;
  authorId: string | null;
  parentId: string | null;
  menuPosition: number;
  featuredMediaUrl: string | null;
  commentsClosed: boolean;
  publishedAt: Date | null;
  scheduledFor: Date | null;
  /** Number of the latest revision. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function defineEntry(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'BlogEntry',
    {
      id: { type: types.UUID, primaryKey: true },
      tenantId: tenantColumn(types),
      kind: { type: types.TEXT, allowNull: false },
      status: { type: types.TEXT, allowNull: false, defaultValue: 'draft' },
      authorId: { type: types.UUID },
      parentId: { type: types.UUID },
      menuPosition: { type: types.INTEGER, allowNull: false, defaultValue: 0 },
      featuredMediaUrl: { type: types.TEXT },
      commentsClosed: { type: types.BOOLEAN, allowNull: false, defaultValue: false },
      publishedAt: { type: types.DATE },
      scheduledFor: { type: types.DATE },
      version: { type: types.INTEGER, allowNull: false, defaultValue: 1 },
    },
    { tableName: 'entries', underscored: true },
  );
}
