import { randomBytes } from 'node:crypto';
import t from 'tap';
import { Client } from 'pg';
import { KernelError } from '../src/errors';
import { loadKernel } from '../src/kernel';
import { createLogger } from '../src/log';
import { createTestDatabase, testServerUrl } from '../src/testing';
import { runCli } from './helpers/cli';
import { fixtureProject } from './helpers/fixture-project';

/** The same database URL, connecting as `user`. */
function asUser(databaseUrl: string, user: string): string {
  const url = new URL(databaseUrl);
  url.username = user;
  url.password = '';
  return url.toString();
}

t.test('the kernel refuses to connect the application as a superuser or BYPASSRLS role, and touches nothing', async (t) => {
  const project = await fixtureProject(t, ['t-access', 't-notes']);
  const databaseUrl = await createTestDatabase(t);
  const server = new Client({ connectionString: testServerUrl() });
  await server.connect();
  t.teardown(() => server.end());
  const bypass = `rtk_test_bypass_${randomBytes(4).toString('hex')}`;
  await server.query(`CREATE ROLE ${bypass} LOGIN NOSUPERUSER BYPASSRLS`);
  t.teardown(() => server.query(`DROP ROLE IF EXISTS ${bypass}`));
  const superuser = (await server.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolsuper ORDER BY rolname = current_user DESC, rolname LIMIT 1')).rows[0]?.rolname as string;

  const cases: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
    ['RUSTOK_DB_APP_URL of a superuser', { RUSTOK_DB_APP_URL: asUser(databaseUrl, superuser) }, /is a superuser/],
    ['RUSTOK_DB_APP_URL of a BYPASSRLS role', { RUSTOK_DB_APP_URL: asUser(databaseUrl, bypass) }, /is BYPASSRLS/],
    ['RUSTOK_DB_APP_ROLE naming an existing superuser', { RUSTOK_DB_APP_ROLE: superuser }, /is a superuser/],
  ];
  for (const [what, env, message] of cases) {
    const kernel = await loadKernel({ projectRoot: project.root, env: { DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'test', ...env }, log: createLogger({ level: 'silent' }) });
    const refusal = await kernel.openDatabase().then(
      async () => (await kernel.closeDatabase(), null),
      (error: unknown) => error,
    );
    t.ok(refusal instanceof KernelError, `${what}: openDatabase() rejects`);
    t.equal((refusal as KernelError).code, 'RTK_DB_APP_ROLE_PRIVILEGED', `${what}: with RTK_DB_APP_ROLE_PRIVILEGED`);
    t.match((refusal as KernelError).message, message, `${what}: the message says why`);
  }

  const cli = await runCli(['dev', '--project', project.root], { env: { DATABASE_URL: databaseUrl, RUSTOK_DB_APP_URL: asUser(databaseUrl, superuser), PORT: '0' } });
  t.equal(cli.code, 1, '`rustok dev` exits 1');
  t.match(cli.stderr, /RTK_DB_APP_ROLE_PRIVILEGED/);
  t.notMatch(cli.stdout, /GraphQL: http/, 'and never serves');

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  const schemas = await client.query('SELECT nspname FROM pg_namespace WHERE nspname IN ($1, $2, $3)', ['rustok', 't_access', 't_notes']);
  t.same(schemas.rows, [], 'no migration ran: neither the kernel schema nor a module schema exists');
});
