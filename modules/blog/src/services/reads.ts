import type { ModelsFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';

type Work = (transaction: Transaction) => Promise<unknown>;

interface Pending {
  work: Work;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Read transactions shared by everything one request asks for.
 *
 * A tenant's rows are visible only inside a transaction that carries the
 * tenant (row-level security), so a read on its own costs BEGIN, the tenant
 * setting and COMMIT around its SELECT. GraphQL resolves a query level by
 * level, and mercurius dispatches every loader of a level from
 * process.nextTick, right after the level above resolved. So reads queued
 * for one request join one transaction: those queued before the next
 * setImmediate start it, and after each round it stays open for one more
 * turn of the event loop, which is when the next level's loaders queue
 * theirs. A list with four nested loaders costs one BEGIN, one tenant
 * setting and one COMMIT, not four of each. Reads run one after another on
 * the transaction's connection; each caller gets its result as soon as its
 * read is done (the COMMIT does not hold the response back); a failing read
 * rejects its own caller only.
 */
export class RequestReads {
  private readonly queues = new WeakMap<object, Pending[]>();

  constructor(private readonly models: ModelsFacade) {}

  /** Runs `work` in the request's shared read transaction; `request` is the GraphQL context (one per request). */
  run<T>(request: object, work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { work, resolve: resolve as (value: unknown) => void, reject };
      const queue = this.queues.get(request);
      if (queue !== undefined) {
        queue.push(pending);
        return;
      }
      const fresh = [pending];
      this.queues.set(request, fresh);
      setImmediate(() => void this.drain(request, fresh));
    });
  }

  private async drain(request: object, queue: Pending[]): Promise<void> {
    try {
      await this.models.transaction(async (transaction) => {
        while (queue.length > 0) {
          for (const item of queue.splice(0)) {
            try {
              item.resolve(await item.work(transaction));
            } catch (error) {
              item.reject(error);
            }
          }
          // One more turn: the loaders of the next level queue their reads now.
          if (queue.length === 0) await new Promise((next) => setImmediate(next));
        }
        // Later reads of this request start a transaction of their own.
        this.queues.delete(request);
      });
    } catch (error) {
      this.queues.delete(request);
      // BEGIN or COMMIT failed (a lost connection): whoever still waits hears of it; settled callers ignore it.
      for (const item of queue.splice(0)) item.reject(error);
    }
  }
}
