import t from 'tap';
import { loadKernel } from '../src/kernel';
import { createLogger } from '../src/log';
import { createTestDatabase } from '../src/testing';
import { connectDb } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';
import { startServerProcess } from './helpers/server-process';
import { ALPHA } from './helpers/tenancy';

t.test('`rustok dev` runs each module seed once per database, in its tenant, and records it', async (t) => {
  const project = await fixtureProject(t, ['t-access', 't-notes']);
  const databaseUrl = await createTestDatabase(t);
  const db = await connectDb(t, databaseUrl);
  const seededNotes = async () => (await db.query<{ tenant_id: string; text: string }>('SELECT tenant_id, text FROM t_notes.notes ORDER BY text')).rows;

  for (const start of ['first', 'second']) {
    const server = await startServerProcess(t, 'dev', project.root, { DATABASE_URL: databaseUrl });
    if (start === 'first') t.match(server.output(), /t-notes: wrote one demo note for tenant alpha/, 'the first start runs the seed, which prints through io');
    else t.notMatch(server.output(), /wrote one demo note/, 'the second start does not run it again');
    server.child.kill('SIGTERM');
    t.equal((await server.exited).code, 0, `the ${start} dev server stops cleanly`);
  }
  t.same(await seededNotes(), [{ tenant_id: ALPHA, text: 'seeded welcome note' }], "one demo note, in the seed's tenant");
  t.same((await db.query('SELECT module, name FROM rustok.seeds')).rows, [{ module: 't-notes', name: 'demo-notes' }], 'the seed is recorded once');

  const kernel = await loadKernel({ projectRoot: project.root, env: { DATABASE_URL: databaseUrl, NODE_ENV: 'test' }, log: createLogger({ level: 'silent' }) });
  await kernel.openDatabase();
  t.teardown(() => kernel.closeDatabase());
  const printed: string[] = [];
  t.same(await kernel.seed({ print: (line) => printed.push(line) }), [], 'seed() on a seeded database runs nothing');
  t.same(printed, []);
  t.equal((await seededNotes()).length, 1);
});
