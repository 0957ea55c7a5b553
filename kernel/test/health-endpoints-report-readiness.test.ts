import t from 'tap';
import { Client } from 'pg';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

t.test('/health/live answers; /health/ready checks database, migrations and modules', async (t) => {
  const project = await fixtureProject(t, ['k-slow']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const live = await kernel.running.app.inject({ url: '/health/live' });
  t.equal(live.statusCode, 200);
  const ready = await kernel.running.app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 200);
  t.match(ready.json(), { status: 'ready', checks: { database: { ok: true }, migrations: { ok: true }, modules: { ok: true, detail: { booted: ['k-slow'] } } } });

  // An operator reverting a migration behind the server's back makes it not ready.
  const client = new Client({ connectionString: kernel.databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  await client.query("DELETE FROM rustok.migrations WHERE module = 'k-slow'");
  const notReady = await kernel.running.app.inject({ url: '/health/ready' });
  t.equal(notReady.statusCode, 503);
  t.match(notReady.json(), { status: 'not ready', checks: { migrations: { ok: false, detail: [{ module: 'k-slow', name: '0001-saved', state: 'pending' }] } } });
});
