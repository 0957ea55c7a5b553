import { decodeCursor, encodeCursor, type Connection, isUuid } from '@rustok/contracts';
import { BlogErrors, blogError } from '../errors';

export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;

/** Validates `first` (1–`max`, 100 unless the list is of small items). */
export function firstOf(first: number | null | undefined, max = MAX_FIRST, field = 'first'): number {
  const value = first ?? DEFAULT_FIRST;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw blogError(BlogErrors.FIRST_INVALID, `first must be between 1 and ${max}; got ${value}.`, { field });
  }
  return value;
}

/** The position inside `after`, read by `parse`; CURSOR_INVALID for anything this list did not issue. */
export function afterOf<T>(after: string | null | undefined, parse: (position: Record<string, unknown>) => T | null, field = 'after'): T | null {
  if (after == null) return null;
  const position = decodeCursor(after);
  const parsed = position === null ? null : parse(position);
  if (parsed === null) throw blogError(BlogErrors.CURSOR_INVALID, 'after is not a cursor from this list.', { field });
  return parsed;
}

/** Cursor readers: each checks the fields its list writes. */
export const Cursors = {
  id: (p: Record<string, unknown>) => (typeof p.i === 'string' && isUuid(p.i) ? { id: p.i } : null),
  published: (p: Record<string, unknown>) => (typeof p.i === 'string' && isUuid(p.i) && isTime(p.p) ? { id: p.i, publishedAt: new Date(p.p as string) } : null),
  ranked: (p: Record<string, unknown>) =>
    typeof p.i === 'string' && isUuid(p.i) && typeof p.r === 'number' && Number.isFinite(p.r) && (p.p === null || isTime(p.p)) ? { id: p.i, rank: p.r, publishedAt: p.p === null ? null : new Date(p.p as string) } : null,
  number: (p: Record<string, unknown>) => (Number.isInteger(p.n) && (p.n as number) > 0 ? { number: p.n as number } : null),
};

function isTime(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/**
 * A connection from rows fetched with one extra (limit + 1): the extra one
 * only says that more follow.
 */
export function toConnection<R, N>(fetched: readonly R[], limit: number, hasPreviousPage: boolean, node: (row: R) => N, position: (row: R) => Record<string, unknown>): Connection<N> {
  const edges = fetched.slice(0, limit).map((row) => ({ cursor: encodeCursor(position(row)), node: node(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: fetched.length > limit, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** SDL of a `<Type>Connection` and `<Type>Edge` pair. */
export function connectionTypeDefs(typeName: string): string {
  return `
type ${typeName}Edge {
  cursor: String!
  node: ${typeName}!
}

type ${typeName}Connection {
  edges: [${typeName}Edge!]!
  pageInfo: PageInfo!
}
`;
}
