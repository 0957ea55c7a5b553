import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { isAlive } from '../src/db/embedded-postgres';
import { runCli } from './helpers/cli';
import { fixtureProject } from './helpers/fixture-project';
import { startServerProcess } from './helpers/server-process';


t.test('without DATABASE_URL, dev runs an embedded PostgreSQL that keeps data across restarts and stops with the server', async (t) => {
  const project = await fixtureProject(t, ['k-slow']);
  // As root the server runs as user "postgres", which must be able to reach the data folder.
  await fs.chmod(project.root, 0o755);
  const env = { DATABASE_URL: '', RUSTOK_DATA_DIR: path.join(project.root, '.rustok'), RUSTOK_EMBEDDED_PG_PORT: String(56000 + Math.floor(Math.random() * 2000)) };
  const pidFile = path.join(project.root, '.rustok', 'pgdata', 'postmaster.pid');

  const first = await startServerProcess(t, 'dev', project.root, env);
  const saved = await first.graphql<{ kSave: string }>('mutation { kSave(value: "kept") }');
  t.same(saved.body.data, { kSave: 'kept' });
  const postgresPid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  t.ok(isAlive(postgresPid), 'the embedded server runs');

  // A command run next to the running server (as an operator would) uses its database and leaves it running.
  const status = await runCli(['migrate', 'status', '--project', project.root], { env });
  t.equal(status.code, 0, status.stderr);
  t.match(status.stdout, /applied\s+k-slow\//, 'the command sees the running server\'s database');
  t.ok(isAlive(postgresPid), 'the command did not stop the running server');
  t.same((await first.graphql<{ kSaved: string[] }>('{ kSaved }')).body.data, { kSaved: ['kept'] }, 'the server still answers after the command');
  first.child.kill('SIGTERM');
  t.equal((await first.exited).code, 0, first.output());
  t.notOk(isAlive(postgresPid), 'the embedded server stopped with the app');

  const second = await startServerProcess(t, 'dev', project.root, env);
  t.same((await second.graphql<{ kSaved: string[] }>('{ kSaved }')).body.data, { kSaved: ['kept'] }, 'data survived the restart');

  // kill -9 skips every cleanup: the next start must take over the orphaned server's data folder.
  second.child.kill('SIGKILL');
  await second.exited;
  const third = await startServerProcess(t, 'dev', project.root, env);
  t.same((await third.graphql<{ kSaved: string[] }>('{ kSaved }')).body.data, { kSaved: ['kept'] }, 'restart after SIGKILL works and keeps data');
  third.child.kill('SIGTERM');
  t.equal((await third.exited).code, 0);
});
