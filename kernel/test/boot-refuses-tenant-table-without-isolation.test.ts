import t from 'tap';
import { ContractViolationError } from '../src/errors';
import { loadKernel } from '../src/kernel';
import { createLogger } from '../src/log';
import { createTestDatabase } from '../src/testing';
import { runCli } from './helpers/cli';
import { fixtureProject } from './helpers/fixture-project';

t.test('a module table with tenant_id but no tenant isolation refuses the boot, naming every such table, before a port opens', async (t) => {
  const project = await fixtureProject(t, ['t-access', 't-notes', 't-leaky']);
  const databaseUrl = await createTestDatabase(t);

  const kernel = await loadKernel({ projectRoot: project.root, env: { DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'test' }, log: createLogger({ level: 'silent' }) });
  await kernel.openDatabase();
  t.teardown(() => kernel.closeDatabase());
  await kernel.migrations.up();
  const refusal = await kernel.serve().then(
    async (running) => (await running.close(), null),
    (error: unknown) => error,
  );
  t.ok(refusal instanceof ContractViolationError, 'serve() rejects with ContractViolationError');
  const problems = (refusal as ContractViolationError).problems.map((p) => ({ code: p.code, module: p.module, path: p.path, received: p.received }));
  t.same(
    problems.map((p) => `${p.code} ${p.module} ${p.path}`),
    ['RTK_TENANT_ISOLATION_MISSING t-leaky t_leaky.half_isolated', 'RTK_TENANT_ISOLATION_MISSING t-leaky t_leaky.leaks'],
    "both t-leaky tables are named; t-notes' isolated tables and the table without tenant_id are not",
  );
  t.match(problems[0]?.received, /not forced/, 'half_isolated: RLS is on but not forced');
  t.match(problems[0]?.received, /policy rustok_tenant_isolation is missing/);
  t.notMatch(problems[0]?.received, /not enabled/);
  t.match(problems[1]?.received, /row-level security is not enabled/, 'leaks: no RLS at all');

  const cli = await runCli(['dev', '--project', project.root], { env: { DATABASE_URL: databaseUrl, PORT: '0' }, timeoutMs: 60_000 });
  t.equal(cli.code, 1, '`rustok dev` exits 1 instead of serving');
  t.match(cli.stderr, /RTK_TENANT_ISOLATION_MISSING/);
  t.match(cli.stderr, /t_leaky\.leaks/);
  t.notMatch(cli.stdout, /GraphQL: http/, 'it never announced a listening server');
});
