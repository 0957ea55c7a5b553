import { createHash } from 'node:crypto';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { Umzug, type UmzugStorage } from 'umzug';
import type { Logger } from 'pino';
import type { MigrationContext, MigrationStep, ModuleMigration } from '@rustok/contracts';
import { ErrorCodes, MigrationError } from '../errors';
import { isolateByTenantSql } from '../tenancy/isolate-by-tenant';

/** The kernel's own schema: migration ledger (and, later, outbox and module state). */
export const KERNEL_SCHEMA = 'rustok';
const LEDGER = `"${KERNEL_SCHEMA}"."migrations"`;
/**
 * Key of the advisory lock every `migrate` takes, so concurrent runs apply each migration once; the
 * app role's grants take it too, so they never race a migration changing the same catalog rows.
 */
export const MIGRATION_LOCK_KEY = 'rustok.migrate';

export interface ModuleMigrations {
  module: string;
  schema: string;
  migrations: readonly ModuleMigration[];
}

export type MigrationState = 'applied' | 'pending' | 'drift' | 'missing';

export interface MigrationStatus {
  module: string;
  name: string;
  state: MigrationState;
  appliedAt: string | null;
}

interface LedgerRow {
  id: string;
  module: string;
  name: string;
  checksum: string;
  applied_at: Date;
}

/** Checksum of a migration's steps; a function step is hashed by its source text. */
export function migrationChecksum(migration: ModuleMigration): string {
  const text = (step: MigrationStep | undefined) => (step === undefined ? '' : typeof step === 'string' ? step : step.toString());
  return createHash('sha256').update(text(migration.up)).update('\0--down--\0').update(text(migration.down)).digest('hex');
}

/**
 * Runs module migrations in dependency order, each in its own transaction
 * together with its ledger row, all under one PostgreSQL advisory lock.
 */
export class MigrationRunner {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly modules: readonly ModuleMigrations[],
    private readonly log: Logger,
    /** Runs after every `up`, still under the lock (the kernel grants the app role the new tables). */
    private readonly afterUp: () => Promise<void> = async () => undefined,
  ) {}

  async status(): Promise<MigrationStatus[]> {
    const ledger = await this.readLedger();
    const result: MigrationStatus[] = [];
    for (const { module, migrations } of this.modules) {
      const applied = new Map(ledger.filter((row) => row.module === module).map((row) => [row.name, row]));
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        applied.delete(migration.name);
        result.push({
          module,
          name: migration.name,
          state: row === undefined ? 'pending' : row.checksum === migrationChecksum(migration) ? 'applied' : 'drift',
          appliedAt: row ? row.applied_at.toISOString() : null,
        });
      }
      for (const row of applied.values()) result.push({ module, name: row.name, state: 'missing', appliedAt: row.applied_at.toISOString() });
    }
    return result;
  }

  /** Throws unless every migration of every booted module is applied unchanged. */
  async assertUpToDate(): Promise<void> {
    const status = await this.status();
    this.assertNoDrift(status);
    const pending = status.filter((s) => s.state === 'pending');
    if (pending.length > 0) {
      throw new MigrationError(
        ErrorCodes.MIGRATIONS_PENDING,
        `${pending.length} migration${pending.length === 1 ? ' is' : 's are'} pending: ${pending.map((s) => `${s.module}/${s.name}`).join(', ')}.`,
        'Run `rustok migrate` (or `npm start`, which migrates first in development), then start again.',
        { pending },
      );
    }
  }

  /** Applies every pending migration; returns the applied ones as `module/name`. */
  async up(): Promise<string[]> {
    return this.withLock(async () => {
      await this.sequelize.query(`CREATE SCHEMA IF NOT EXISTS "${KERNEL_SCHEMA}"; CREATE TABLE IF NOT EXISTS ${LEDGER} (id bigserial PRIMARY KEY, module text NOT NULL, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), UNIQUE (module, name))`);
      this.assertNoDrift(await this.status());
      const applied: string[] = [];
      for (const module of this.modules) {
        const umzug = this.umzugFor(module);
        try {
          for (const migration of await umzug.up()) applied.push(`${module.module}/${migration.name}`);
        } catch (error) {
          throw this.failure(module.module, 'up', error);
        }
      }
      await this.afterUp();
      return applied;
    });
  }

  /** Reverts the most recently applied migration (of `module`, when given); returns it, or null if none. */
  async down(module?: string): Promise<string | null> {
    return this.withLock(async () => {
      const ledger = (await this.readLedger()).filter((row) => (module === undefined || row.module === module) && this.modules.some((m) => m.module === row.module));
      const last = ledger.sort((a, b) => Number(b.id) - Number(a.id))[0];
      if (last === undefined) return null;
      const target = this.modules.find((m) => m.module === last.module) as ModuleMigrations;
      const migration = target.migrations.find((m) => m.name === last.name);
      if (migration?.down === undefined) {
        throw new MigrationError(ErrorCodes.MIGRATION_FAILED, `Migration ${last.module}/${last.name} cannot be reverted: it has no down step${migration ? '' : ' (it is no longer in the module)'}.`, 'Add a down step to the migration, or restore the database from a backup.', { module: last.module, name: last.name });
      }
      try {
        await this.umzugFor(target).down({ to: last.name });
      } catch (error) {
        throw this.failure(last.module, 'down', error);
      }
      return `${last.module}/${last.name}`;
    });
  }

  private assertNoDrift(status: MigrationStatus[]): void {
    const drifted = status.filter((s) => s.state === 'drift' || s.state === 'missing');
    if (drifted.length === 0) return;
    throw new MigrationError(
      ErrorCodes.MIGRATION_DRIFT,
      `Applied migrations no longer match the module code: ${drifted.map((s) => `${s.module}/${s.name} (${s.state === 'drift' ? 'changed since it was applied' : 'applied but missing from the module'})`).join(', ')}.`,
      'Never edit or remove an applied migration: restore it and add a new migration for the change.',
      { drifted },
    );
  }

  private umzugFor(module: ModuleMigrations): Umzug<Record<string, never>> {
    const { sequelize } = this;
    const run = async (migration: ModuleMigration, direction: 'up' | 'down') => {
      await sequelize.transaction(async (transaction) => {
        await sequelize.query(`CREATE SCHEMA IF NOT EXISTS "${module.schema}"`, { transaction });
        // Unqualified names in a module's migration resolve to its own schema.
        await sequelize.query(`SET LOCAL search_path TO "${module.schema}", public`, { transaction });
        await runStep(direction === 'up' ? migration.up : (migration.down as MigrationStep), sequelize, transaction, module.schema);
        if (direction === 'up') {
          await sequelize.query(`INSERT INTO ${LEDGER} (module, name, checksum) VALUES ($1, $2, $3)`, { bind: [module.module, migration.name, migrationChecksum(migration)], transaction });
        } else {
          await sequelize.query(`DELETE FROM ${LEDGER} WHERE module = $1 AND name = $2`, { bind: [module.module, migration.name], transaction });
        }
      });
      this.log.info({ module: module.module, migration: migration.name, direction }, 'migration applied');
    };
    // The ledger row is written inside each migration's own transaction (above), so a crash can never
    // record a migration that did not commit; umzug's log/unlog hooks have nothing left to do.
    const storage: UmzugStorage<Record<string, never>> = {
      executed: async () => (await this.readLedger()).filter((row) => row.module === module.module).map((row) => row.name),
      logMigration: async () => undefined,
      unlogMigration: async () => undefined,
    };
    return new Umzug({
      migrations: module.migrations.map((migration) => ({ name: migration.name, up: () => run(migration, 'up'), down: () => run(migration, 'down') })),
      context: {},
      storage,
      logger: undefined,
    });
  }

  private async readLedger(): Promise<LedgerRow[]> {
    const [exists] = await this.sequelize.query<{ present: boolean }>(`SELECT to_regclass('${KERNEL_SCHEMA}.migrations') IS NOT NULL AS present`, { type: QueryTypes.SELECT });
    if (!exists?.present) return [];
    return this.sequelize.query<LedgerRow>(`SELECT id, module, name, checksum, applied_at FROM ${LEDGER} ORDER BY id`, { type: QueryTypes.SELECT });
  }

  /**
   * Holds a transaction-scoped advisory lock on one connection while the work
   * runs on others: concurrent runs queue here and each sees the ledger as
   * the previous one left it.
   */
  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    return this.sequelize.transaction(async (lock) => {
      await this.sequelize.query('SELECT pg_advisory_xact_lock(hashtext($1))', { bind: [MIGRATION_LOCK_KEY], transaction: lock });
      return work();
    });
  }

  private failure(module: string, direction: string, error: unknown): MigrationError {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const migration = (error as { migration?: { name?: string } }).migration?.name;
    // Sequelize wraps the driver's error ("Validation error"); PostgreSQL's own message says what failed.
    const database = (cause as { original?: { message?: string; detail?: string } }).original;
    const reason = database?.message ? `${database.message}${database.detail ? ` (${database.detail})` : ''}` : ((cause as Error)?.message ?? String(cause));
    return new MigrationError(ErrorCodes.MIGRATION_FAILED, `Migration ${module}/${migration ?? '?'} (${direction}) failed and was rolled back: ${reason}`, 'Fix the migration; earlier migrations stay applied, and this one runs again on the next `rustok migrate`.', { module, migration }, { cause });
  }
}

async function runStep(step: MigrationStep, sequelize: Sequelize, transaction: Transaction, schema: string): Promise<void> {
  if (typeof step === 'string') {
    await sequelize.query(step, { transaction });
    return;
  }
  const context: MigrationContext = Object.freeze({
    schema,
    transaction,
    queryInterface: sequelize.getQueryInterface(),
    query: async (sql: string, bind?: unknown[]) => (await sequelize.query(sql, { bind, transaction, type: QueryTypes.SELECT })) as unknown[],
    isolateByTenant: async (table: string) => {
      await sequelize.query(isolateByTenantSql(schema, table), { transaction });
    },
  });
  await step(context);
}
