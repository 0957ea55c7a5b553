import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { runCli } from './helpers/cli';
import { connectDb } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

// `rustok dev` applies migrations, then runs seeds, and checks tenant isolation only in serve(): a module's
// seed writes through the very hole the check exists for, and is recorded as done, before the refusal.
t.test('`rustok dev` refused for a table without tenant isolation has run no seed', async (t) => {
  const project = await fixtureProject(t, ['t-leaky']);
  const databaseUrl = await createTestDatabase(t);
  const db = await connectDb(t, databaseUrl);

  const dev = await runCli(['dev', '--project', project.root], { env: { DATABASE_URL: databaseUrl, PORT: '0' } });
  t.equal(dev.code, 1, 'dev is refused');
  t.match(dev.stderr, /RTK_TENANT_ISOLATION_MISSING/);
  t.notMatch(dev.stdout, /t-leaky: wrote demo settings/, 'the seed did not run');
  t.same((await db.query('SELECT module, name FROM rustok.seeds')).rows, [], 'no seed is recorded as done');
  t.same((await db.query('SELECT name FROM t_leaky.settings')).rows, [], 'no seed wrote anything');
});
