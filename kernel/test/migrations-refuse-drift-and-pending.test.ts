import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { Client } from 'pg';
import { loadKernel } from '../src/kernel';
import { createLogger } from '../src/log';
import { pinModule } from '../src/registry/pin';
import { createTestDatabase } from '../src/testing';
import { MigrationError } from '../src/errors';
import { runCli } from './helpers/cli';
import { fixtureProject, type TeardownHost } from './helpers/fixture-project';

const silent = createLogger({ level: 'silent' });

async function openKernel(t: TeardownHost, root: string, databaseUrl: string) {
  const kernel = await loadKernel({ projectRoot: root, env: { DATABASE_URL: databaseUrl, PORT: '0' }, log: silent });
  await kernel.openDatabase();
  t.teardown(() => kernel.closeDatabase());
  return kernel;
}

t.test('`rustok start` refuses to serve while migrations are pending, naming them', async (t) => {
  const project = await fixtureProject(t, ['k-ledger']);
  const databaseUrl = await createTestDatabase(t);
  const run = await runCli(['start', '--project', project.root], { env: { DATABASE_URL: databaseUrl, PORT: '0' } });
  t.equal(run.code, 1);
  t.match(run.stderr, /RTK_MIGRATIONS_PENDING/);
  t.match(run.stderr, /k-ledger\/0001-create-entries/);
  t.match(run.stderr, /k-ledger\/0002-seed-entries/);
  t.notMatch(run.stdout, /GraphQL: http/, 'no server was started');
});

t.test('status lists pending then applied migrations; down reverts the last one', async (t) => {
  const project = await fixtureProject(t, ['k-ledger']);
  const databaseUrl = await createTestDatabase(t);
  const kernel = await openKernel(t, project.root, databaseUrl);
  const ledgerOnly = async () => (await kernel.migrations.status()).filter((s) => s.module === 'k-ledger');
  t.same((await ledgerOnly()).map((s) => s.state), ['pending', 'pending']);
  t.same(await kernel.migrations.up(), ['rustok/0001-event-outbox', 'rustok/0002-split-due-delivery-indexes', 'rustok/0003-tenant-setting', 'rustok/0004-scheduled-delivery', 'rustok/0005-tenant-policy-once-per-statement', 'k-ledger/0001-create-entries', 'k-ledger/0002-seed-entries']);
  t.same(await kernel.migrations.up(), [], 'a second run applies nothing');
  t.same((await ledgerOnly()).map((s) => s.state), ['applied', 'applied']);
  await kernel.migrations.assertUpToDate();
  t.equal(await kernel.migrations.down(), 'k-ledger/0002-seed-entries');
  t.same((await ledgerOnly()).map((s) => `${s.name}:${s.state}`), ['0001-create-entries:applied', '0002-seed-entries:pending']);
  const error = await kernel.migrations.assertUpToDate().catch((e: unknown) => e);
  t.ok(error instanceof MigrationError);
  t.equal((error as MigrationError).code, 'RTK_MIGRATIONS_PENDING');
});

t.test('a changed applied migration is refused as drift, by start and by migrate', async (t) => {
  const project = await fixtureProject(t, ['k-ledger']);
  const databaseUrl = await createTestDatabase(t);
  const first = await openKernel(t, project.root, databaseUrl);
  await first.migrations.up();
  await first.closeDatabase();

  const entry = path.join(project.root, 'modules', 'k-ledger', 'src', 'index.ts');
  const source = await fs.readFile(entry, 'utf8');
  await fs.writeFile(entry, source.replace("VALUES (1, 'first')", "VALUES (1, 'changed')"));
  await pinModule(project.root, 'k-ledger');

  const second = await openKernel(t, project.root, databaseUrl);
  const status = (await second.migrations.status()).filter((s) => s.module === 'k-ledger');
  t.same(status.map((s) => `${s.name}:${s.state}`), ['0001-create-entries:applied', '0002-seed-entries:drift']);
  for (const attempt of [() => second.migrations.assertUpToDate(), () => second.migrations.up()]) {
    const error = await attempt().catch((e: unknown) => e);
    t.equal((error as MigrationError).code, 'RTK_MIGRATION_DRIFT');
    t.same(((error as MigrationError).details.drifted as Array<{ name: string }>).map((d) => d.name), ['0002-seed-entries']);
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  t.same((await client.query('SELECT label FROM k_ledger.entries')).rows, [{ label: 'first' }], 'nothing re-ran');
});

t.test('a failing migration rolls back alone and names the database error', async (t) => {
  const project = await fixtureProject(t, ['k-ledger']);
  const databaseUrl = await createTestDatabase(t);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  // Pre-existing conflicting table: the first migration must fail inside its transaction.
  await client.query('CREATE SCHEMA k_ledger; CREATE TABLE k_ledger.entries (id integer)');
  const kernel = await openKernel(t, project.root, databaseUrl);
  const error = await kernel.migrations.up().catch((e: unknown) => e);
  t.equal((error as MigrationError).code, 'RTK_MIGRATION_FAILED');
  t.match((error as MigrationError).message, /k-ledger\/0001-create-entries.*already exists/);
  t.same((await client.query("SELECT count(*)::int AS n FROM rustok.migrations WHERE module = 'k-ledger'")).rows, [{ n: 0 }], 'nothing of the module recorded');
});
