interface Entry<V> {
  /** When the value stops being fresh. */
  expires: number;
  value: Promise<V>;
  /** The value has loaded (a failed load is not kept). */
  settled: boolean;
  /** A reload of this expired entry is under way. */
  refreshing: boolean;
}

/**
 * A small in-memory cache whose entries are fresh for `ttlMs`. It stores the
 * pending promise, so concurrent misses for one key share one load; failed
 * loads are not kept.
 *
 * An entry that has expired is still served, for at most one more `ttlMs`,
 * while a single reload runs in the background. The tenant of every request
 * comes from here: were requests to wait for the reload instead, every
 * request arriving while it queues for a busy connection pool would stall
 * behind it, once per ttl — the multi-second tail of a loaded server. A
 * change therefore shows within ttl plus one reload; an entry unused for two
 * ttls is loaded afresh before it is served.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      if (hit.expires > now) return hit.value;
      if (hit.settled && hit.expires + this.ttlMs > now) {
        if (!hit.refreshing) this.#refresh(key, hit, load);
        return hit.value;
      }
    }
    return this.#load(key, load, now);
  }

  clear(): void {
    this.#entries.clear();
  }

  #load(key: string, load: () => Promise<V>, now: number): Promise<V> {
    const entry: Entry<V> = { expires: now + this.ttlMs, value: load(), settled: false, refreshing: false };
    this.#entries.set(key, entry);
    entry.value.then(
      () => (entry.settled = true),
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    if (this.#entries.size > 10_000) this.#evictExpired(now);
    return entry.value;
  }

  #refresh(key: string, stale: Entry<V>, load: () => Promise<V>): void {
    stale.refreshing = true;
    const value = load();
    value.then(
      () => {
        // A clear() or a fresh load since then wins over this reload.
        if (this.#entries.get(key) === stale) this.#entries.set(key, { expires: Date.now() + this.ttlMs, value, settled: true, refreshing: false });
      },
      // The stale value stays until its grace ends; the next request tries again.
      () => (stale.refreshing = false),
    );
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.expires + this.ttlMs <= now) this.#entries.delete(key);
  }
}
