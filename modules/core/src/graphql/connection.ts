import { decodeCursor, encodeCursor, type Connection, isUuid } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { Page, PageQuery } from '../repositories/page';

export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;

/** Connection arguments as every list field declares them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Validates `first` (default 20, 1–100) and `after` (a cursor this API issued). */
export function pageQuery(args: PageArgs): PageQuery {
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw coreError(CoreErrors.FIRST_INVALID, `first must be between 1 and ${MAX_FIRST}; got ${first}.`, { field: 'first' });
  }
  if (args.after == null) return { limit: first, after: null };
  const id = decodeCursor(args.after)?.id;
  if (typeof id !== 'string' || !isUuid(id)) throw coreError(CoreErrors.CURSOR_INVALID, 'after is not a cursor from this list.', { field: 'after' });
  return { limit: first, after: id };
}

/** Rows are keyed by their (time-ordered) id, so the cursor is just the id. */
export function toConnection<T extends { id: string }>(page: Page<T>): Connection<T> {
  const edges = page.rows.map((node) => ({ cursor: encodeCursor({ id: node.id }), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
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
