import type { ModelsFacade } from '@rustok/contracts';
import type { EntrySnapshot } from '../content/snapshot';
import { tenantColumn } from './tenant-column';

/** One save of a post or page: who, when, what changed, and the content after it. */
export interface RevisionRow {
  id: string;
  entryId: string;
  number: number;
  actorKind: string | null;
  actorId: string | null;
  changed: string[];
  snapshot: EntrySnapshot;
  /** Number of the revision this save restored, if it was a restore. */
  restoredFrom: number | null;
  createdAt: Date;
}

export function defineRevision(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'BlogRevision',
    {
      id: { type: types.UUID, primaryKey: true },
      tenantId: tenantColumn(types),
      entryId: { type: types.UUID, allowNull: false },
      number: { type: types.INTEGER, allowNull: false },
      actorKind: { type: types.TEXT },
      actorId: { type: types.TEXT },
      changed: { type: types.ARRAY(types.TEXT), allowNull: false },
      snapshot: { type: types.JSONB, allowNull: false },
      restoredFrom: { type: types.INTEGER },
    },
    { tableName: 'revisions', underscored: true, updatedAt: false },
  );
}
