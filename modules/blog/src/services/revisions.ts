import { toGlobalId } from '@rustok/contracts';
import { diffLines, type DiffLine } from '../content/diff';
import { changesBetween, isMultiLinePath, type FieldChange, type SnapshotIds } from '../content/snapshot';
import { BlogErrors, blogError } from '../errors';
import type { RevisionRow } from '../models/revision';
import type { RevisionRepository } from '../repositories/revisions';
import { can, type Caller } from './caller';

export interface RevisionDiff {
  from: RevisionRow;
  to: RevisionRow;
  changes: Array<FieldChange & { lines: DiffLine[] | null }>;
}

/** Ids in a diff are the API's global ids, so a client can look them up. */
const API_IDS: SnapshotIds = {
  category: (id) => toGlobalId('BlogCategory', id),
  tag: (id) => toGlobalId('BlogTag', id),
  parent: (id) => toGlobalId('BlogPage', id),
  author: (id) => toGlobalId('User', id),
};

/** Comparing two revisions of one post or page, field by field, bodies line by line. */
export class Revisions {
  constructor(private readonly revisions: RevisionRepository) {}

  async diff(caller: Caller, fromId: string, toId: string): Promise<RevisionDiff> {
    const rows = await this.revisions.byIds(caller.tenant.id, [fromId, toId], null);
    const from = rows.find((row) => row.id === fromId);
    const to = rows.find((row) => row.id === toId);
    // A revision the caller may not read is reported like one that does not exist.
    const readable = (row: (typeof rows)[number] | undefined) => row !== undefined && can(caller, `blog.${row.kind}.read`);
    if (!readable(from)) throw blogError(BlogErrors.REVISION_NOT_FOUND, 'No such revision.', { field: 'from' });
    if (!readable(to)) throw blogError(BlogErrors.REVISION_NOT_FOUND, 'No such revision.', { field: 'to' });
    const [older, newer] = [from as RevisionRow, to as RevisionRow];
    if (older.entryId !== newer.entryId) throw blogError(BlogErrors.REVISIONS_OF_DIFFERENT_ENTRIES, 'The two revisions belong to different posts or pages.', { field: 'to' });
    const changes = changesBetween(older.snapshot, newer.snapshot, API_IDS).map((change) => ({
      ...change,
      lines: isMultiLinePath(change.path) ? diffLines(typeof change.before === 'string' ? change.before : '', typeof change.after === 'string' ? change.after : '') : null,
    }));
    return { from: older, to: newer, changes };
  }
}
