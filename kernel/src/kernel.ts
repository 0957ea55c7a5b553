import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Database } from './db/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { KERNEL_SCHEMA, MigrationRunner } from './db/migration-runner';
import { QueryTypes } from 'sequelize';
import { ACCESS_SERVICE, type AccessProvider, type CommandIO } from '@rustok/contracts';
import { ContractViolationError, ErrorCodes, HttpStartError, KernelError } from './errors';
import { checkTenantIsolation } from './tenancy/isolation-check';
import { KERNEL_MIGRATIONS } from './db/kernel-migrations';
import { EventAdmin } from './events/event-admin';
import { EventBus } from './events/event-bus';
import { Dispatcher } from './events/dispatcher';
import { OutboxWakeup } from './events/outbox-wakeup';
import { WebhookDispatcher } from './events/webhooks/webhook-dispatcher';
import { WebhookSubscriptions } from './events/webhooks/subscriptions';
import { runGate, type GateResult } from './gate/gate';
import { buildServer } from './http/server';
import { createLogger } from './log';
import { loadSettings, type Settings } from './settings';
import { KERNEL_VERSION } from './version';

export interface KernelOptions {
  projectRoot: string;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** Defaults to `<projectRoot>/registry.json`. */
  registryFile?: string;
}

export interface RunningKernel {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:3000/graphql. */
  graphqlUrl: string;
  port: number;
  app: FastifyInstance;
  /** Stops accepting requests, finishes in-flight ones, closes the pool, stops embedded PostgreSQL. */
  close(): Promise<void>;
}

/**
 * A kernel that passed the contract gate. Nothing has been touched yet: the
 * database is opened by `openDatabase()`, the port by `serve()`.
 */
export class LoadedKernel {
  readonly migrations: MigrationRunner;
  readonly events: EventAdmin;
  readonly webhooks: WebhookSubscriptions;
  /** The module service answering "which tenant, who is asking"; null when no module provides it. */
  readonly accessProvider: AccessProvider | null;
  private readonly schemas: ReadonlyArray<{ module: string; schema: string }>;
  private embedded: EmbeddedPostgres | null = null;

  constructor(
    readonly settings: Settings,
    readonly log: Logger,
    readonly database: Database,
    readonly bus: EventBus,
    readonly gate: GateResult,
  ) {
    this.schemas = [{ module: KERNEL_SCHEMA, schema: KERNEL_SCHEMA }, ...gate.modules.map((m) => ({ module: m.manifest.id, schema: m.registrations.schema }))];
    this.migrations = new MigrationRunner(
      database.owner,
      [{ module: KERNEL_SCHEMA, schema: KERNEL_SCHEMA, migrations: KERNEL_MIGRATIONS }, ...gate.modules.map((m) => ({ module: m.manifest.id, schema: m.registrations.schema, migrations: [...m.registrations.migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) }))],
      log.child({ component: 'migrations' }),
      // Runs inside `up`, which holds the migration lock.
      () => database.grant(this.schemas.map((s) => s.schema), { holdingMigrationLock: true }),
    );
    this.accessProvider = (gate.services.get(ACCESS_SERVICE) as AccessProvider | undefined) ?? null;
    this.events = new EventAdmin(database.sequelize);
    this.webhooks = new WebhookSubscriptions(database.sequelize);
  }

  /** Starts the embedded PostgreSQL when DATABASE_URL is not set, then connects. */
  async openDatabase(): Promise<void> {
    if (this.settings.databaseUrl === null && this.embedded === null) {
      this.embedded = await startEmbeddedPostgres({ dataDir: this.settings.dataDir, port: this.settings.embeddedPostgresPort, log: this.log.child({ component: 'embedded-postgres' }) });
      this.database.use(this.embedded.url);
    }
    try {
      await this.database.connect({ appUrl: this.settings.appDatabaseUrl, appRole: this.settings.appRole, schemas: this.schemas.map((s) => s.schema) });
    } catch (error) {
      await this.closeDatabase();
      throw error;
    }
  }

  async closeDatabase(): Promise<void> {
    await this.database.close().catch((error: unknown) => this.log.warn({ err: error }, 'closing the database pool failed'));
    const embedded = this.embedded;
    this.embedded = null;
    if (embedded) await embedded.stop();
  }

  /**
   * Runs every module seed not yet recorded in this database (demo data for
   * `rustok dev`), in dependency order, each recorded once it succeeds.
   */
  async seed(io: CommandIO): Promise<string[]> {
    // Demo data must not be written into tables the kernel is about to refuse to serve.
    await this.assertTenantIsolation();
    const sequelize = this.database.sequelize;
    const ran: string[] = [];
    for (const module of this.gate.modules) {
      for (const seed of module.registrations.seeds) {
        const key = `${module.manifest.id}/${seed.name}`;
        await sequelize.transaction(async (lock) => {
          // Two instances starting at once must not both seed: the second waits, then finds the record.
          await sequelize.query('SELECT pg_advisory_xact_lock(hashtext($1))', { bind: [`rustok.seed:${key}`], transaction: lock });
          const [done] = await sequelize.query('SELECT 1 FROM rustok.seeds WHERE module = $1 AND name = $2', { bind: [module.manifest.id, seed.name], transaction: lock, type: QueryTypes.SELECT });
          if (done !== undefined) return;
          try {
            await seed.run(io);
          } catch (error) {
            throw new KernelError(ErrorCodes.SEED_FAILED, `Seed ${key} failed: ${(error as Error).message}`, 'Fix the seed (or the data it ran into); it runs again at the next `rustok dev`.', { module: module.manifest.id, seed: seed.name }, { cause: error });
          }
          await sequelize.query('INSERT INTO rustok.seeds (module, name) VALUES ($1, $2)', { bind: [module.manifest.id, seed.name], transaction: lock });
          ran.push(key);
        });
      }
    }
    return ran;
  }

  /** Refuses (with every table named) while a tenant-owned table lacks row-level security. */
  async assertTenantIsolation(): Promise<void> {
    // The kernel's own tables (the outbox) serve every tenant; only module tables are tenant-owned.
    const problems = await checkTenantIsolation(this.database.owner, this.schemas.filter((s) => s.schema !== KERNEL_SCHEMA));
    if (problems.length > 0) throw new ContractViolationError(problems);
  }

  /** Opens the HTTP port and starts dispatching events. Requires an open, fully migrated database. */
  async serve(): Promise<RunningKernel> {
    const { settings, gate, accessProvider } = this;
    await this.assertTenantIsolation();
    const app = await buildServer({
      settings,
      graphql: gate.graphql,
      access: gate.access,
      accessProvider,
      kernelInfo: { version: KERNEL_VERSION, modules: gate.modules.map((m) => ({ id: m.entry.id, package: m.entry.package, version: m.entry.version })) },
      log: this.log,
      events: this.events,
      readiness: [
        { name: 'database', check: async () => (await this.database.sequelize.query('SELECT 1'), { ok: true }) },
        {
          name: 'migrations',
          check: async () => {
            const outstanding = (await this.migrations.status()).filter((s) => s.state !== 'applied');
            return { ok: outstanding.length === 0, detail: outstanding.length === 0 ? undefined : outstanding };
          },
        },
        { name: 'modules', check: async () => ({ ok: true, detail: { booted: gate.modules.map((m) => m.entry.id) } }) },
        // Informational: a backlog or dead letters need an operator, but the instance can still serve.
        { name: 'events', check: async () => ({ ok: true, detail: await this.events.status() }) },
      ],
    });
    try {
      await app.listen({ host: settings.host, port: settings.port });
    } catch (error) {
      await app.close().catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      throw code === 'EADDRINUSE'
        ? new HttpStartError(ErrorCodes.HTTP_PORT_IN_USE, `Port ${settings.port} on ${settings.host} is already in use.`, `Stop the process using it, or start with PORT=<another port>.`, { host: settings.host, port: settings.port }, { cause: error })
        : new HttpStartError(ErrorCodes.HTTP_LISTEN_FAILED, `Cannot listen on ${settings.host}:${settings.port}: ${(error as Error).message}.`, 'Check HOST and PORT.', { host: settings.host, port: settings.port }, { cause: error });
    }
    let dispatcher: Dispatcher | null = null;
    let webhooks: WebhookDispatcher | null = null;
    let wakeup: OutboxWakeup | null = null;
    if (settings.events.dispatch) {
      wakeup = new OutboxWakeup(() => this.database.connectClient(), settings.events.pollMs, this.log.child({ component: 'dispatcher' }));
      await wakeup.start();
      dispatcher = new Dispatcher(this.database.sequelize, this.bus.handlers(), settings.events, this.log.child({ component: 'dispatcher' }), wakeup, accessProvider === null ? undefined : (tenantId, moduleId) => accessProvider.moduleEnabled(tenantId, moduleId));
      await dispatcher.start();
      webhooks = new WebhookDispatcher(this.database.sequelize, settings.events, this.log.child({ component: 'webhooks' }), wakeup);
      await webhooks.start();
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : settings.port;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    let closing: Promise<void> | null = null;
    return {
      graphqlUrl: `http://${host}:${port}/graphql`,
      port,
      app,
      close: () =>
        (closing ??= (async () => {
          // A keep-alive socket that was busy when closing began turns idle once its response is sent;
          // node closes idle sockets only once, at close(), so keep sweeping until the server is down.
          const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
          try {
            await app.close();
          } finally {
            clearInterval(sweep);
          }
          await Promise.all([dispatcher?.stop(), webhooks?.stop()]);
          await wakeup?.stop();
          await this.closeDatabase();
        })()),
    };
  }
}

/** Reads settings and runs the contract gate. Throws ContractViolationError (with every problem) on any mismatch. */
export async function loadKernel(options: KernelOptions): Promise<LoadedKernel> {
  const settings = loadSettings(options.projectRoot, options.env ?? process.env);
  const log = options.log ?? createLogger({ level: settings.logLevel });
  const database = new Database(log);
  if (settings.databaseUrl !== null) database.use(settings.databaseUrl);
  const bus = new EventBus(database.sequelize, log.child({ component: 'events' }));
  const gate = await runGate({ projectRoot: options.projectRoot, registryFile: options.registryFile, sequelize: database.sequelize, bus, log });
  const kernel = new LoadedKernel(settings, log, database, bus, gate);
  kernel.accessProvider?.attach({
    environment: settings.environment,
    modules: gate.modules.map((m) => ({ id: m.manifest.id, requires: Object.keys(m.manifest.requires?.modules ?? {}) })),
    permissions: gate.access.permissions,
    roleGrants: gate.access.roleGrants,
  });
  return kernel;
}
