import { Client } from 'pg';
import { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { DatabaseError, ErrorCodes } from '../errors';
import { redactUrl } from '../log';

/**
 * The kernel's Sequelize instance. It exists before any server is known: the
 * gate defines models on it without connecting, and the connection target is
 * filled in at connect time, once the embedded server (if any) is running.
 */
export class Database {
  readonly sequelize: Sequelize;
  private url: URL | null = null;

  constructor(log: Logger) {
    this.sequelize = new Sequelize({
      dialect: 'postgres',
      logging: (sql: string) => log.trace({ sql }, 'sql'),
      pool: { max: 10, min: 0, idle: 10_000, acquire: 30_000 },
      define: { timestamps: true, underscored: true },
      hooks: {
        beforeConnect: (config) => {
          const url = this.url;
          if (url === null) throw new DatabaseError(ErrorCodes.DB_UNREACHABLE, 'No database is configured yet.', 'Call Database.use(url) before querying.');
          Object.assign(config, {
            host: url.hostname,
            port: Number(url.port || 5432),
            username: decodeURIComponent(url.username || 'postgres'),
            password: decodeURIComponent(url.password),
            database: decodeURIComponent(url.pathname.slice(1) || 'postgres'),
          });
        },
      },
    });
  }

  /** Checks and remembers the PostgreSQL URL; no connection is made yet. */
  use(rawUrl: string): void {
    this.url = parseDatabaseUrl(rawUrl);
  }

  /** Connects once to prove the server is reachable, with an error that says how to fix it if not. */
  async connect(): Promise<void> {
    try {
      await this.sequelize.authenticate();
    } catch (error) {
      const cause = (error as { parent?: Error; original?: Error }).original ?? (error as Error);
      const shown = this.url ? redactUrl(this.url.toString()) : '(none)';
      throw new DatabaseError(ErrorCodes.DB_UNREACHABLE, `Cannot connect to PostgreSQL at ${shown}: ${cause.message}.`, 'Check that the server runs and that DATABASE_URL has the right host, port, user, password and database; unset DATABASE_URL to use the embedded PostgreSQL.', { url: shown }, { cause });
    }
  }

  /** A connection outside the pool, for sessions that must stay open (LISTEN). */
  async connectClient(): Promise<Client> {
    if (this.url === null) throw new DatabaseError(ErrorCodes.DB_UNREACHABLE, 'No database is configured yet.', 'Call Database.use(url) before connecting.');
    const client = new Client({ connectionString: this.url.toString() });
    await client.connect();
    return client;
  }

  async close(): Promise<void> {
    await this.sequelize.close();
  }
}

export function parseDatabaseUrl(rawUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new DatabaseError(ErrorCodes.DB_URL_INVALID, `DATABASE_URL is not a URL: ${JSON.stringify(redactUrl(rawUrl))}.`, 'Use the form postgres://user:password@host:5432/database.', {});
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseError(ErrorCodes.DB_URL_INVALID, `DATABASE_URL must be a PostgreSQL URL; it starts with "${url.protocol}".`, 'Use the form postgres://user:password@host:5432/database (RusToK runs on PostgreSQL only).', { protocol: url.protocol });
  }
  if (!url.hostname) {
    throw new DatabaseError(ErrorCodes.DB_URL_INVALID, `DATABASE_URL has no host: ${redactUrl(rawUrl)}.`, 'Use the form postgres://user:password@host:5432/database.', {});
  }
  return url;
}
