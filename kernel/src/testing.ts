import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SESSION_TENANT_SQL } from './tenancy/session-tenant';
import { createLogger } from './log';
import { loadKernel, type LoadedKernel, type RunningKernel } from './kernel';

/**
 * Helpers for tests of the kernel and of modules: every test gets its own
 * database on a real PostgreSQL, dropped when the test ends.
 */

/** Where test databases are created: RUSTOK_TEST_DATABASE_URL, else DATABASE_URL, else the local server. */
export function testServerUrl(): string {
  return process.env.RUSTOK_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Minimal shape of a tap test this file needs, so modules need not share tap's types with the kernel. */
export interface TeardownHost {
  teardown(fn: () => unknown): void;
}

export async function createTestDatabase(t: TeardownHost): Promise<string> {
  const name = `rtk_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const server = new URL(testServerUrl());
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  t.teardown(async () => {
    const dropper = new Client({ connectionString: server.toString() });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return url.toString();
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestKernel {
  kernel: LoadedKernel;
  running: RunningKernel;
  databaseUrl: string;
  /** POSTs to /graphql; `headers` adds e.g. `authorization` or `x-tenant`. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
}

/** Gates, migrates and serves the project on a fresh test database and an ephemeral port. */
export async function bootForTest(
  t: TeardownHost,
  options: { projectRoot: string; registryFile?: string; env?: NodeJS.ProcessEnv },
): Promise<TestKernel> {
  const databaseUrl = await createTestDatabase(t);
  const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', ...options.env };
  const kernel = await loadKernel({ projectRoot: options.projectRoot, registryFile: options.registryFile, env, log: createLogger({ level: process.env.LOG_LEVEL ?? 'silent' }) });
  await kernel.openDatabase();
  let running: RunningKernel;
  try {
    await kernel.migrations.up();
    running = await kernel.serve();
  } catch (error) {
    await kernel.closeDatabase();
    throw error;
  }
  t.teardown(() => running.close());
  return {
    kernel,
    running,
    databaseUrl,
    async graphql<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
      const response = await running.app.inject({ method: 'POST', url: '/graphql', payload: { query, variables }, headers });
      return response.json() as GraphQLResponse<T>;
    },
  };
}

/**
 * Statements that set up a connection rather than serve a request: sequelize's
 * session settings on a new connection, and the tenant a pooled connection is
 * bound to when it changes hands. How often they run depends on the pool's
 * state, not on the work being counted.
 */
function isConnectionUpkeep(text: string): boolean {
  return text.startsWith('SET client_min_messages') || text === SESSION_TENANT_SQL;
}

type StatementListener = (client: { database: string; user: string }, text: string) => void;

const listeners = new Set<StatementListener>();
let patched = false;

/**
 * Calls `listener` for every statement any pg client of this process sends,
 * until the returned function is called. sequelize, the kernel and modules
 * all use this one pg package, so nothing reaches PostgreSQL unseen.
 */
export function countStatements(listener: StatementListener): () => void {
  if (!patched) {
    patched = true;
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    Client.prototype.query = function (this: Client & { connectionParameters: { database: string; user: string } }, ...args: unknown[]) {
      if (listeners.size > 0) {
        const [config] = args as [string | { text?: string }];
        const text = typeof config === 'string' ? config : String(config?.text);
        if (!isConnectionUpkeep(text)) for (const notify of listeners) notify(this.connectionParameters, text);
      }
      return original.apply(this, args);
    } as typeof Client.prototype.query;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
