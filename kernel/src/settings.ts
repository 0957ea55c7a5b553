import * as path from 'node:path';
import { ErrorCodes, KernelError } from './errors';

/** Everything the kernel reads from the environment, validated once at start. */
export interface Settings {
  projectRoot: string;
  production: boolean;
  host: string;
  port: number;
  /** External PostgreSQL; when absent the kernel runs an embedded one. */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its data (and its generated password). */
  dataDir: string;
  embeddedPostgresPort: number;
  graphqlIntrospection: boolean;
  graphqlMaxDepth: number;
  logLevel: string;
}

/** The environment variables the kernel reads, documented in docs/operator-guide.md. */
export const ENVIRONMENT_VARIABLES = ['NODE_ENV', 'HOST', 'PORT', 'DATABASE_URL', 'RUSTOK_DATA_DIR', 'RUSTOK_EMBEDDED_PG_PORT', 'RUSTOK_GRAPHQL_INTROSPECTION', 'RUSTOK_GRAPHQL_MAX_DEPTH', 'LOG_LEVEL'] as const;

export function loadSettings(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL?.trim() ? env.DATABASE_URL.trim() : null;
  return {
    projectRoot,
    production,
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(projectRoot, env.RUSTOK_DATA_DIR?.trim() || '.rustok'),
    embeddedPostgresPort: integer(env, 'RUSTOK_EMBEDDED_PG_PORT', 54329, 1, 65535),
    graphqlIntrospection: boolean(env, 'RUSTOK_GRAPHQL_INTROSPECTION', !production),
    graphqlMaxDepth: integer(env, 'RUSTOK_GRAPHQL_MAX_DEPTH', 12, 1, 100),
    logLevel: logLevel(env),
  };
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
