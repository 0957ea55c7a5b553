import t from 'tap';
import { Client } from 'pg';
import { ContractViolationError } from '../src/errors';
import { loadKernel } from '../src/kernel';
import { createLogger } from '../src/log';
import { createTestDatabase } from '../src/testing';
import { codes, fixtureProject } from './helpers/fixture-project';

t.test('a refused boot leaves the database untouched: no kernel schema, no module schema, no migration, no connection', async (t) => {
  const project = await fixtureProject(t, ['r-noeffect-healthy', 'r-noeffect-broken']);
  const databaseUrl = await createTestDatabase(t);

  const refusal = await loadKernel({ projectRoot: project.root, env: { DATABASE_URL: databaseUrl, PORT: '0' }, log: createLogger({ level: 'silent' }) }).then(
    () => null,
    (error: unknown) => error,
  );
  t.ok(refusal instanceof ContractViolationError, 'loadKernel rejects with ContractViolationError');
  t.same(codes((refusal as ContractViolationError).problems), ['RTK_SERVICE_DECLARED_NOT_PROVIDED']);

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  const schemas = await client.query<{ schema_name: string }>('SELECT schema_name FROM information_schema.schemata WHERE schema_name = ANY($1)', [['rustok', 'r_noeffect_healthy', 'r_noeffect_broken']]);
  t.same(schemas.rows, [], 'neither the kernel schema nor a module schema exists');
  const tables = await client.query<{ table: string }>("SELECT table_schema || '.' || table_name AS table FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
  t.same(tables.rows, [], 'no migration created a table (neither of the broken module nor of the healthy one)');
  const sessions = await client.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  t.equal(Number(sessions.rows[0]?.count), 0, 'the kernel holds no connection to the database');
});
