import { createHash } from 'node:crypto';
import type { Sequelize, Transaction } from 'sequelize';
import { ErrorCodes, ModuleAccessError } from '../errors';
import { currentScope } from './scope';
import { transactionEnded } from './transaction-state';
import { sendWithPendingStart, type PipelineClient, type RawResult } from '../events/raw-sql';

/** The pg client under a sequelize connection (not in sequelize's public types). */
interface PgClient extends PipelineClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  query<T>(text: string): Promise<RawResult<T>>;
}

/**
 * Statement texts that get a server-side prepared statement on each
 * connection. Modules send a fixed set of texts (values travel as
 * parameters), so this is never reached in practice; past it, texts run
 * unnamed, so a module that builds texts from values costs parsing, not
 * unbounded memory on every connection.
 */
export const MAX_PREPARED_TEXTS = 2000;

export interface ScopedQueryOptions {
  /** The transaction to run in; by default the scope's own, if it has one. */
  transaction?: Transaction | null;
}

export type ScopedQuery = <T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: ScopedQueryOptions) => Promise<T[]>;

/**
 * `ctx.models.query`: one SQL statement with `$n` parameters, run for the
 * current tenant scope, returning its rows.
 *
 * Outside a transaction it runs on a pooled connection, which the pool hook
 * (`bindConnectionsToScope`) has already set to the scope's tenant, so
 * row-level security holds without BEGIN, set_config and COMMIT: a read
 * costs one round trip. Inside a transaction (given, or the scope's) it runs
 * on that transaction's connection and sees its uncommitted writes.
 *
 * Each text becomes a named prepared statement on the connection the first
 * time it runs there: PostgreSQL then parses and plans it once per
 * connection instead of on every request, and only the parameters travel —
 * on the storefront's hot reads, planning and sending the text cost more
 * than executing it. Values are parsed by the client sequelize configured,
 * exactly as through `sequelize.query`.
 */
export function scopedQueryFor(sequelize: Sequelize): ScopedQuery {
  let query = perDatabase.get(sequelize);
  if (query === undefined) perDatabase.set(sequelize, (query = createScopedQuery(sequelize)));
  return query;
}

/** One per database, so every module's texts share one set of prepared statement names. */
const perDatabase = new WeakMap<Sequelize, ScopedQuery>();

function createScopedQuery(sequelize: Sequelize): ScopedQuery {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED_TEXTS) {
      name = `rtk_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  const run = async (client: PgClient, text: string, values: readonly unknown[]) => {
    const name = nameOf(text);
    return (await client.query(name === undefined ? { text, values: [...values] } : { name, text, values: [...values] })).rows;
  };

  return async <T>(text: string, values: readonly unknown[] = [], options: ScopedQueryOptions = {}): Promise<T[]> => {
    const transaction = options.transaction !== undefined ? options.transaction : (currentScope()?.transaction ?? null);
    if (transaction !== null) {
      const ended = transactionEnded(transaction);
      const client = (transaction as unknown as { connection?: PgClient }).connection;
      if (ended !== undefined || client === undefined) {
        throw new ModuleAccessError(
          ErrorCodes.QUERY_TRANSACTION_FINISHED,
          `ctx.models.query was given a transaction that has already ended (${ended ?? 'no connection'}); its connection may be serving other work now.`,
          'Run the query inside the transaction callback, before it returns (await it there), or pass { transaction: null } to run it on its own.',
        );
      }
      // The transaction's first statement takes its held-back START along (deferred-start.ts).
      return (await sendWithPendingStart(transaction, client, () => run(client, text, values))) as T[];
    }
    const connection = await sequelize.connectionManager.getConnection({ type: 'read' });
    try {
      return (await run(connection as unknown as PgClient, text, values)) as T[];
    } finally {
      sequelize.connectionManager.releaseConnection(connection);
    }
  };
}
