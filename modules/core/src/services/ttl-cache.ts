/**
 * A small in-memory cache whose entries expire after `ttlMs`. It stores the
 * pending promise, so concurrent misses for one key share one load; failed
 * loads are not kept.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { expires: number; value: Promise<V> }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.expires > now) return hit.value;
    const value = load();
    this.#entries.set(key, { expires: now + this.ttlMs, value });
    value.catch(() => this.#entries.delete(key));
    if (this.#entries.size > 10_000) this.#evictExpired(now);
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(key);
  }
}
