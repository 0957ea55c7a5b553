import type { EntryKind, EntryRow } from '../models/entry';
import { BlogErrors, blogError } from '../errors';
import { can, userIdOf, type Caller } from './caller';

export type EntryAction = 'update' | 'delete' | 'publish';

/**
 * Authors change their own posts (and pages) only: `blog.<kind>.<action>`
 * covers entries whose author is the calling user; `blog.<kind>.manage`
 * covers every entry. The kernel has already checked the field's rule
 * (e.g. `blog.post.update`); this is the part a rule cannot say.
 */
export function assertMayChange(caller: Caller, kind: EntryKind, entry: Pick<EntryRow, 'authorId'>, action: EntryAction): void {
  if (can(caller, `blog.${kind}.manage`)) return;
  const own = entry.authorId !== null && entry.authorId === userIdOf(caller);
  if (own && can(caller, `blog.${kind}.${action}`)) return;
  throw blogError(BlogErrors.NOT_AUTHOR, `You may ${action} only your own ${kind}s; this one has another author.`, { field: 'id', fix: `Ask for blog.${kind}.manage, or ask its author.` });
}

export function entryNotFound(kind: EntryKind, field: string) {
  return blogError(kind === 'post' ? BlogErrors.POST_NOT_FOUND : BlogErrors.PAGE_NOT_FOUND, `No such ${kind}.`, { field });
}
