import type { CoreDirectory, UserSummary } from '@rustok/contracts';

/** Cached entries beyond this are dropped oldest first; a tenant's active authors fit many times over. */
const MAX_CACHED = 10_000;

/**
 * Authors are core users, looked up through `core.directory@1` (in the
 * caller's tenant scope). Names are cached per instance for a few seconds
 * (`authorCacheSeconds`): a list of posts by the same few authors then costs
 * core no query, and a renamed author shows the new name within that time.
 */
export class Authors {
  private readonly cache = new Map<string, { summary: UserSummary | null; expires: number }>();

  constructor(
    private readonly directory: () => CoreDirectory,
    private readonly ttlMs: number,
  ) {}

  /** Users of `tenantId` by id; unknown ids are absent. Call in that tenant's scope. */
  async byIds(tenantId: string, ids: readonly string[]): Promise<Map<string, UserSummary>> {
    const now = Date.now();
    const found = new Map<string, UserSummary>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.ttlMs > 0 ? this.cache.get(`${tenantId}:${id}`) : undefined;
      if (cached !== undefined && cached.expires > now) {
        if (cached.summary !== null) found.set(id, cached.summary);
      } else missing.push(id);
    }
    if (missing.length === 0) return found;
    const users = new Map((await this.directory().usersByIds(missing)).map((user) => [user.id, user]));
    for (const id of missing) {
      const summary = users.get(id) ?? null;
      if (summary !== null) found.set(id, summary);
      if (this.ttlMs > 0) this.remember(`${tenantId}:${id}`, summary, now + this.ttlMs);
    }
    return found;
  }

  private remember(key: string, summary: UserSummary | null, expires: number): void {
    this.cache.delete(key);
    this.cache.set(key, { summary, expires });
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }
}
