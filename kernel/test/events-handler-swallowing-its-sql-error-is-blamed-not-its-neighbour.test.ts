import t from 'tap';
import { Client } from 'pg';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { waitFor } from './helpers/wait-for';

t.test('a handler that swallows its own SQL error fails its delivery; the healthy handler of the same batch is delivered once', async (t) => {
  const project = await fixtureProject(t, ['k-swallow']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_WORKERS: '1', RUSTOK_EVENTS_RETRY_BASE_MS: '600000' } });
  const client = new Client({ connectionString: kernel.databaseUrl });
  await client.connect();
  t.teardown(() => client.end());

  t.same((await kernel.graphql('mutation { kSwallowEmit(n: 7) }')).data, { kSwallowEmit: true });
  const rows = await waitFor(
    async () => (await client.query('SELECT handler, status, attempts, last_error FROM rustok.deliveries ORDER BY handler')).rows,
    (found) => found.length === 2 && found.every((r) => r.attempts === 1 && (r.status === 'delivered' || r.last_error !== null)),
  );
  t.match(rows, [
    { handler: 'k-swallow:k-swallow.thing.done@1', status: 'pending', attempts: 1, last_error: /returned normally after an SQL error/ },
    { handler: 'k-swallow:k-swallow.thing.done@1#2', status: 'delivered', attempts: 1, last_error: null },
  ]);
  t.same((await client.query('SELECT n FROM k_swallow.effects')).rows, [{ n: 7 }], 'the healthy handler took effect once');
});
