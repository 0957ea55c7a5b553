import type { Sequelize, Transaction } from 'sequelize';
import { START_SQL, takePendingStart } from '../tenancy/deferred-start';

/**
 * The kernel's own statements on hot paths (events, a transaction's START and COMMIT), sent straight
 * to the pg client as named prepared statements, pipelined where they need not wait for each other.
 * sequelize.query costs more CPU than these statements cost PostgreSQL (it clones its options,
 * formats the SQL and builds a result wrapper), and PostgreSQL re-plans an unnamed statement every
 * time; a named one is parsed and planned once per connection.
 */

export interface Prepared {
  /** Unique per text: pg refuses a name it has already prepared with another text on that connection. */
  readonly name: string;
  readonly text: string;
}

export interface RawResult<T> {
  rows: T[];
  rowCount: number | null;
}

interface PgClient extends PipelineClient {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<RawResult<T>>;
  query<T>(text: string): Promise<RawResult<T>>;
}

function isPgClient(connection: unknown): connection is PgClient {
  return typeof (connection as { query?: unknown } | null)?.query === 'function';
}

/** sequelize keeps a transaction's pg client on `connection` (not in its public types). */
function clientOf(transaction: Transaction): PgClient {
  const connection = (transaction as unknown as { connection?: unknown }).connection;
  if (!isPgClient(connection)) throw new Error('the transaction holds no pg client (is the dialect postgres?)');
  return connection;
}

/** Runs a prepared statement on the transaction's own connection. */
export function inTransaction<T>(transaction: Transaction, statement: Prepared, values: unknown[]): Promise<RawResult<T>> {
  const client = clientOf(transaction);
  return sendWithPendingStart(transaction, client, () => client.query<T>({ name: statement.name, text: statement.text, values }));
}

/** Runs a parameterless utility statement (SAVEPOINT, RELEASE …) on the transaction's own connection. */
export function simpleInTransaction(transaction: Transaction, text: string): Promise<RawResult<unknown>> {
  const client = clientOf(transaction);
  return sendWithPendingStart(transaction, client, () => client.query<unknown>(text));
}

/**
 * Sends what `send` submits on `client` — with the transaction's held-back START ahead of it, in
 * the same write, when there is one (deferred-start.ts). `send` must submit synchronously.
 */
export async function sendWithPendingStart<T>(transaction: Transaction, client: PipelineClient, send: () => Promise<T>): Promise<T> {
  if (!takePendingStart(transaction)) return send();
  const [started, result] = await pipelined(client, () => [client.query<unknown>(START_SQL), send()]);
  if (started.status === 'rejected') throw started.reason;
  if (result.status === 'rejected') throw result.reason;
  return result.value as T;
}

/** A pg client as pipelining needs it (a transaction's, or ctx.models.query's). */
export interface PipelineClient {
  query<T>(text: string): Promise<RawResult<T>>;
  /** pg ≥ 8.21: send queries without waiting for the answer to the one before. */
  pipeline: boolean;
  connection?: { stream?: { cork?(): void; uncork?(): void } };
}

/**
 * Submits the queries `submit` starts without waiting in between (pg's pipeline mode, on for just
 * these) and in one write (the socket corked while they are submitted): a socket write is not
 * cheap, and on loopback the sender also pays for the receiving side. Settles when all have.
 */
async function pipelined(client: PipelineClient, submit: () => Array<Promise<unknown>>): Promise<Array<PromiseSettledResult<unknown>>> {
  const stream = client.connection?.stream;
  client.pipeline = true;
  try {
    stream?.cork?.();
    let sent: Array<Promise<unknown>>;
    try {
      sent = submit();
    } finally {
      stream?.uncork?.();
    }
    return await Promise.allSettled(sent);
  } finally {
    // Back to one query at a time before anyone else sends on it: sequelize and the kernel's
    // other statements wait for each answer.
    client.pipeline = false;
  }
}

/**
 * Sends `statements` and then COMMIT on the transaction's connection without waiting in between,
 * in one write (with the held-back START ahead of them if nothing was sent yet): one round trip
 * for all of them. Resolves with each statement's rows once the COMMIT succeeded. If a statement
 * fails, PostgreSQL answers the COMMIT behind it with ROLLBACK, and that statement's error is thrown.
 */
export async function pipelineThenCommit(transaction: Transaction, statements: ReadonlyArray<{ statement: Prepared; values: unknown[] }>): Promise<unknown[][]> {
  const client = clientOf(transaction);
  const start = takePendingStart(transaction);
  const settled = await pipelined(client, () => [
    ...(start ? [client.query<unknown>(START_SQL)] : []),
    ...statements.map(({ statement, values }) => client.query<unknown>({ name: statement.name, text: statement.text, values })),
    client.query<unknown>('COMMIT'),
  ]);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const answers = (settled as Array<PromiseFulfilledResult<RawResult<unknown> & { command?: string }>>).map((result) => result.value).slice(start ? 1 : 0);
  const commit = answers.pop();
  if (commit?.command !== 'COMMIT') throw new Error(`COMMIT was answered with ${String(commit?.command)}: the transaction was rolled back`);
  return answers.map((answer) => answer.rows);
}

/**
 * Runs a prepared statement on its own pooled connection, autocommitted. The pool's acquire hooks
 * still run (they give the connection the caller's tenant setting).
 */
export async function autocommit<T>(sequelize: Sequelize, statement: Prepared, values: unknown[]): Promise<RawResult<T>> {
  const connection: unknown = await sequelize.connectionManager.getConnection({ type: 'write' });
  try {
    if (!isPgClient(connection)) throw new Error('the pool handed out no pg client (is the dialect postgres?)');
    return await connection.query<T>({ name: statement.name, text: statement.text, values });
  } finally {
    sequelize.connectionManager.releaseConnection(connection as object);
  }
}

/** The SQLSTATE of a pg error, whether it came raw or wrapped by sequelize (`original`/`parent`). */
export function sqlState(error: unknown): string | undefined {
  const e = (error as { code?: unknown; original?: { code?: unknown }; parent?: { code?: unknown } } | null) ?? {};
  for (const code of [e.original?.code, e.parent?.code, e.code]) if (typeof code === 'string') return code;
  return undefined;
}
