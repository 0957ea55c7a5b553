/**
 * Caps how many callers run at once; the rest wait in arrival order.
 * Each argon2 hash holds its memory cost (19 MiB by default) for tens of
 * milliseconds, so unbounded concurrency is a memory and CPU exhaustion
 * vector on the login endpoint.
 */
export class Semaphore {
  #available: number;
  readonly #waiting: Array<() => void> = [];

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`A semaphore needs at least one permit, got ${permits}.`);
    this.#available = permits;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#available > 0) this.#available -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      // Hand the permit straight to the next waiter instead of releasing it, so no newcomer can jump the queue.
      const next = this.#waiting.shift();
      if (next === undefined) this.#available += 1;
      else next();
    }
  }
}
