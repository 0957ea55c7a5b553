import * as path from 'node:path';
import { ErrorCodes, KernelError } from './errors';

/** Everything the kernel reads from the environment, validated once at start. */
export interface Settings {
  projectRoot: string;
  production: boolean;
  environment: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** External PostgreSQL; when absent the kernel runs an embedded one. */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its data (and its generated password). */
  dataDir: string;
  embeddedPostgresPort: number;
  graphqlIntrospection: boolean;
  graphqlMaxDepth: number;
  /** Executions of one query text before mercurius compiles it with graphql-jit (0: never). */
  graphqlJit: number;
  logLevel: string;
  events: EventSettings;
  /** Bearer token granting the kernel's operator permissions over GraphQL; unset means none. */
  adminToken: string | null;
  /**
   * Where the application connects, as a role that is neither superuser nor
   * BYPASSRLS. When absent, the kernel provisions `appRole` itself through the
   * owner connection (DATABASE_URL), which runs migrations.
   */
  appDatabaseUrl: string | null;
  appRole: string;
}

export interface EventSettings {
  /** Whether this instance delivers events (API-only instances can leave it to others). */
  dispatch: boolean;
  /** Concurrent delivery loops per instance. */
  workers: number;
  /** Deliveries claimed per transaction. */
  batchSize: number;
  /** Polling fallback when no NOTIFY arrives. */
  pollMs: number;
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts: number;
  /** First retry delay; each further retry doubles it (with full jitter), capped at one hour. */
  retryBaseMs: number;
  /**
   * Visibility timeout of a claimed delivery: another instance may take it over only after this
   * long, so it is also how soon an attempt lost with its process (kill -9) is retried.
   */
  leaseMs: number;
  /** Delivered outbox and ledger rows older than this are pruned. */
  retentionHours: number;
  /** Time a webhook endpoint gets to answer. */
  webhookTimeoutMs: number;
}

/** The environment variables the kernel reads, documented in docs/operator-guide.md. */
export const ENVIRONMENT_VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'DATABASE_URL',
  'RUSTOK_DATA_DIR',
  'RUSTOK_EMBEDDED_PG_PORT',
  'RUSTOK_GRAPHQL_INTROSPECTION',
  'RUSTOK_GRAPHQL_MAX_DEPTH',
  'LOG_LEVEL',
  'RUSTOK_ADMIN_TOKEN',
  'RUSTOK_EVENTS_DISPATCH',
  'RUSTOK_EVENTS_WORKERS',
  'RUSTOK_EVENTS_BATCH_SIZE',
  'RUSTOK_EVENTS_POLL_MS',
  'RUSTOK_EVENTS_MAX_ATTEMPTS',
  'RUSTOK_EVENTS_RETRY_BASE_MS',
  'RUSTOK_EVENTS_LEASE_MS',
  'RUSTOK_EVENTS_RETENTION_HOURS',
  'RUSTOK_WEBHOOK_TIMEOUT_MS',
  'RUSTOK_DB_APP_URL',
  'RUSTOK_GRAPHQL_JIT',
  'RUSTOK_DB_APP_ROLE',
] as const;

export function loadSettings(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL?.trim() ? env.DATABASE_URL.trim() : null;
  return {
    projectRoot,
    production,
    environment: production ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development',
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(projectRoot, env.RUSTOK_DATA_DIR?.trim() || '.rustok'),
    embeddedPostgresPort: integer(env, 'RUSTOK_EMBEDDED_PG_PORT', 54329, 1, 65535),
    graphqlIntrospection: boolean(env, 'RUSTOK_GRAPHQL_INTROSPECTION', !production),
    graphqlMaxDepth: integer(env, 'RUSTOK_GRAPHQL_MAX_DEPTH', 12, 1, 100),
    graphqlJit: integer(env, 'RUSTOK_GRAPHQL_JIT', 1, 0, 1_000_000),
    logLevel: logLevel(env),
    events: {
      dispatch: boolean(env, 'RUSTOK_EVENTS_DISPATCH', true),
      workers: integer(env, 'RUSTOK_EVENTS_WORKERS', 2, 1, 64),
      batchSize: integer(env, 'RUSTOK_EVENTS_BATCH_SIZE', 100, 1, 10_000),
      pollMs: integer(env, 'RUSTOK_EVENTS_POLL_MS', 1000, 10, 600_000),
      maxAttempts: integer(env, 'RUSTOK_EVENTS_MAX_ATTEMPTS', 8, 1, 1000),
      retryBaseMs: integer(env, 'RUSTOK_EVENTS_RETRY_BASE_MS', 1000, 1, 3_600_000),
      leaseMs: integer(env, 'RUSTOK_EVENTS_LEASE_MS', 30_000, 100, 3_600_000),
      retentionHours: integer(env, 'RUSTOK_EVENTS_RETENTION_HOURS', 168, 0, 87_600),
      webhookTimeoutMs: integer(env, 'RUSTOK_WEBHOOK_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    adminToken: env.RUSTOK_ADMIN_TOKEN?.trim() || null,
    appDatabaseUrl: env.RUSTOK_DB_APP_URL?.trim() || null,
    appRole: roleName(env),
  };
}

function roleName(env: NodeJS.ProcessEnv): string {
  const raw = env.RUSTOK_DB_APP_ROLE?.trim() || 'rustok_app';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new KernelError(ErrorCodes.CONFIG_ENV_INVALID, `RUSTOK_DB_APP_ROLE=${JSON.stringify(raw)} is not a plain PostgreSQL role name.`, 'Use lower-case letters, digits and underscores, e.g. rustok_app.', { variable: 'RUSTOK_DB_APP_ROLE', value: raw });
  }
  return raw;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new KernelError(ErrorCodes.CONFIG_ENV_INVALID, `${name}=${JSON.stringify(raw)} is not an integer between ${min} and ${max}.`, `Set ${name} to an integer between ${min} and ${max}, or unset it to use ${fallback}.`, { variable: name, value: raw });
  }
  return value;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: NodeJS.ProcessEnv): string {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return 'info';
  if (!LOG_LEVELS.includes(raw)) {
    throw new KernelError(ErrorCodes.CONFIG_ENV_INVALID, `LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)} is not a log level.`, `Set LOG_LEVEL to one of ${LOG_LEVELS.join(', ')}.`, { variable: 'LOG_LEVEL', value: env.LOG_LEVEL });
  }
  return raw;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new KernelError(ErrorCodes.CONFIG_ENV_INVALID, `${name}=${JSON.stringify(env[name])} is not a boolean.`, `Set ${name} to true or false.`, { variable: name, value: env[name] });
}
