import { Client } from 'pg';
import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('shutdown abandons a webhook request in flight at once, uncounted and due again immediately', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_WEBHOOK_TIMEOUT_MS: '20000' } });
  const receiver = await startWebhookReceiver(t, () => 'hang');
  const { id } = await kernel.kernel.webhooks.add(receiver.url, [EVENT]);
  await writeNote(kernel, 'in flight');
  await waitFor(() => receiver.hanging(), (open) => open === 1);
  t.equal(receiver.hanging(), 1, 'the request is in flight');

  const started = Date.now();
  await kernel.running.close();
  const took = Date.now() - started;
  t.ok(took < 5000, `close did not wait for the 20 s request timeout (${took} ms)`);
  await waitFor(() => receiver.hanging(), (open) => open === 0);
  t.equal(receiver.hanging(), 0, 'the request was aborted');

  const db = new Client({ connectionString: kernel.databaseUrl });
  await db.connect();
  t.teardown(() => db.end());
  const { rows } = await db.query(`SELECT status, attempts, next_attempt_at <= clock_timestamp() AS due FROM rustok.deliveries WHERE handler = 'webhook:' || $1`, [id]);
  t.same(rows, [{ status: 'pending', attempts: 0, due: true }], 'the delivery is pending, its attempt uncounted, due for the next instance');
  const attempts = await db.query('SELECT count(*)::int AS n FROM rustok.webhook_attempts');
  t.equal(attempts.rows[0].n, 0, 'no attempt is recorded for a request the kernel itself abandoned');
});
