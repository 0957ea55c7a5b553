/**
 * Loader plumbing. A loader receives every `{ obj, params }` of one request
 * for its field; parents read in different locales (two aliased lists) or
 * with different arguments are fetched in one call per group, normally one.
 */
export async function byGroup<Q, R>(queries: readonly Q[], key: (query: Q) => string, load: (group: Q[]) => Promise<R[]>): Promise<R[]> {
  const groups = new Map<string, number[]>();
  queries.forEach((query, index) => {
    const k = key(query);
    const indexes = groups.get(k);
    if (indexes === undefined) groups.set(k, [index]);
    else indexes.push(index);
  });
  const results = new Array<R>(queries.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const loaded = await load(indexes.map((index) => queries[index] as Q));
      indexes.forEach((index, i) => (results[index] = loaded[i] as R));
    }),
  );
  return results;
}

/** Rows grouped by a key, in their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [row]);
    else group.push(row);
  }
  return groups;
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export function choiceKey(choice: { locale: string; fallback: string }): string {
  return `${choice.locale}|${choice.fallback}`;
}

/**
 * A relation loader's answer when the parent read may already have fetched
 * the relation in its own statement (see entrySelection): parents that
 * carry it are answered from it, the others are loaded, grouped by `key`.
 */
export async function prefetchedOr<Q, R>(queries: readonly Q[], prefetched: (query: Q) => R | undefined, key: (query: Q) => string, load: (group: Q[]) => Promise<R[]>): Promise<R[]> {
  const missing = queries.filter((query) => prefetched(query) === undefined);
  const loaded = missing.length === 0 ? [] : await byGroup(missing, key, load);
  const byQuery = new Map(missing.map((query, index) => [query, loaded[index] as R]));
  return queries.map((query) => prefetched(query) ?? (byQuery.get(query) as R));
}
