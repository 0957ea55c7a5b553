/** One page of a keyset query: rows after a cursor position, one extra fetched to learn whether more follow. */
export interface PageQuery {
  /** Rows wanted (already validated, 1–100). */
  limit: number;
  /** Id of the last row of the previous page; null for the first page. */
  after: string | null;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export function toPage<T>(fetched: T[], query: PageQuery): Page<T> {
  return { rows: fetched.slice(0, query.limit), hasNextPage: fetched.length > query.limit, hasPreviousPage: query.after !== null };
}
