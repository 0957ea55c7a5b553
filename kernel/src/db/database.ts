import { Client } from 'pg';
import { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { DatabaseError, ErrorCodes } from '../errors';
import { redactUrl } from '../log';
import { deferTransactionStarts } from '../tenancy/deferred-start';
import { bindConnectionsToScope } from '../tenancy/session-tenant';
import { grantAppRole, provisionAppRole } from './app-role';

/**
 * The kernel's two Sequelize instances: `owner` (the DATABASE_URL role, which
 * owns the schemas and runs migrations) and `sequelize` (the unprivileged
 * application role that models, handlers and requests use, bound by
 * row-level security). Both exist before any server is known: the gate
 * defines models without connecting, and connection targets are filled in at
 * connect time, once the embedded server (if any) is running.
 */
export class Database {
  readonly sequelize: Sequelize;
  readonly owner: Sequelize;
  private url: URL | null = null;
  private appUrl: URL | null = null;

  constructor(log: Logger) {
    this.sequelize = this.create(log, () => this.appUrl, 10);
    bindConnectionsToScope(this.sequelize);
    deferTransactionStarts(this.sequelize);
    this.owner = this.create(log, () => this.url, 3);
  }

  private create(log: Logger, target: () => URL | null, poolMax: number): Sequelize {
    return new Sequelize({
      dialect: 'postgres',
      logging: (sql: string) => log.trace({ sql }, 'sql'),
      pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
      define: { timestamps: true, underscored: true },
      hooks: {
        beforeConnect: (config) => {
          const url = target();
          if (url === null) throw new DatabaseError(ErrorCodes.DB_UNREACHABLE, 'No database is configured yet.', 'Call Database.use(url) (and connect()) before querying.');
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

  /** Checks and remembers the owner's PostgreSQL URL; no connection is made yet. */
  use(rawUrl: string): void {
    this.url = parseDatabaseUrl(rawUrl);
  }

  /**
   * Connects as the owner, makes sure the application role exists and is
   * unprivileged, grants it what `schemas` hold, and connects as it — each
   * step with an error that says how to fix it.
   */
  async connect(options: { appUrl: string | null; appRole: string; schemas: readonly string[] }): Promise<void> {
    const ownerUrl = this.url;
    if (ownerUrl === null) throw new DatabaseError(ErrorCodes.DB_UNREACHABLE, 'No database is configured yet.', 'Set DATABASE_URL, or let the kernel start its embedded PostgreSQL.');
    await this.authenticate(this.owner, ownerUrl);
    this.appUrl = await provisionAppRole({ owner: this.owner, ownerUrl, appUrl: options.appUrl === null ? null : parseDatabaseUrl(options.appUrl), roleName: options.appRole });
    await this.grant(options.schemas, { holdingMigrationLock: false });
    await this.authenticate(this.sequelize, this.appUrl);
  }

  /** Grants the application role its rights on `schemas` (after migrations created tables in them). */
  async grant(schemas: readonly string[], options: { holdingMigrationLock: boolean }): Promise<void> {
    if (this.appUrl === null) return;
    await grantAppRole(this.owner, decodeURIComponent(this.appUrl.username), schemas, options);
  }

  private async authenticate(sequelize: Sequelize, url: URL): Promise<void> {
    try {
      await sequelize.authenticate();
    } catch (error) {
      const cause = (error as { parent?: Error; original?: Error }).original ?? (error as Error);
      const shown = redactUrl(url.toString());
      throw new DatabaseError(ErrorCodes.DB_UNREACHABLE, `Cannot connect to PostgreSQL at ${shown}: ${cause.message}.`, 'Check that the server runs and that DATABASE_URL has the right host, port, user, password and database; unset DATABASE_URL to use the embedded PostgreSQL.', { url: shown }, { cause });
    }
  }

  /** A connection as the application role outside the pool, for sessions that must stay open (LISTEN). */
  async connectClient(): Promise<Client> {
    if (this.appUrl === null) throw new DatabaseError(ErrorCodes.DB_UNREACHABLE, 'No database is connected yet.', 'Call Database.connect() before connecting a client.');
    const client = new Client({ connectionString: this.appUrl.toString() });
    await client.connect();
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([this.sequelize.close(), this.owner.close()]);
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
