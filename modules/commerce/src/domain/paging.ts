import { decodeCursor, encodeCursor, isUuid } from '@rustok/contracts';
import { CommerceErrors, commerceError } from '../errors';

export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;

/** Validates `first`: default 20, at most 100 (as every list of the platform). */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(size) || size < 1 || size > MAX_FIRST) {
    throw commerceError(CommerceErrors.FIRST_INVALID, `first must be between 1 and ${MAX_FIRST}; got ${size}.`, { field: 'first' });
  }
  return size;
}

/**
 * A keyset position: the sort key of the last row (as PostgreSQL printed it,
 * so it compares exactly, microseconds included), its id, and a signature of
 * the ordering the cursor belongs to, so a cursor is never applied to a list
 * sorted differently.
 */
export interface KeysetCursor {
  key: string | null;
  id: string;
  sort: string;
}

export function encodeKeyset(cursor: KeysetCursor): string {
  return encodeCursor({ k: cursor.key, i: cursor.id, s: cursor.sort });
}

export function decodeKeyset(raw: string | null | undefined, sort: string, field = 'after'): KeysetCursor | null {
  if (raw == null) return null;
  const decoded = decodeCursor(raw);
  const key = decoded?.k;
  const id = decoded?.i;
  if (decoded === null || typeof id !== 'string' || !isUuid(id) || (key !== null && typeof key !== 'string') || decoded.s !== sort) {
    throw commerceError(CommerceErrors.CURSOR_INVALID, `${field} is not a cursor of this list in this order.`, { field, fix: 'Pass the endCursor of the previous page, with the same filter and sort.' });
  }
  return { key: key as string | null, id, sort };
}
