import { Client } from 'pg';

type Listener = (client: { database: string; user: string }, text: string) => void;

const listeners = new Set<Listener>();
let patched = false;

/**
 * Calls `listener` for every statement any pg client of this process sends,
 * until the returned function is called. sequelize, the kernel and modules
 * all use this one pg package, so nothing reaches PostgreSQL unseen.
 */
export function countStatements(listener: Listener): () => void {
  if (!patched) {
    patched = true;
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    Client.prototype.query = function (this: Client & { connectionParameters: { database: string; user: string } }, ...args: unknown[]) {
      if (listeners.size > 0) {
        const [config] = args as [string | { text?: string }];
        const text = typeof config === 'string' ? config : String(config?.text);
        for (const notify of listeners) notify(this.connectionParameters, text);
      }
      return original.apply(this, args);
    } as typeof Client.prototype.query;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
