import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { startServerProcess } from './helpers/server-process';
import { EVENT, startWebhookReceiver, waitFor } from './helpers/webhooks';

t.test('kill -9 mid-request: the attempt counts, another instance resends it, and one cut short with no attempts left is dead-lettered', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const databaseUrl = await createTestDatabase(t);
  const env = { DATABASE_URL: databaseUrl, RUSTOK_EVENTS_POLL_MS: '100', RUSTOK_WEBHOOK_TIMEOUT_MS: '60000', RUSTOK_EVENTS_MAX_ATTEMPTS: '2' };
  const first = await startServerProcess(t, 'dev', project.root, env);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  t.teardown(() => db.end());
  const receiver = await startWebhookReceiver(t, (_request, index) => (index === 0 ? 'hang' : 200));
  const subscription = randomUUID();
  await db.query('INSERT INTO rustok.webhook_subscriptions (id, url, events, secret) VALUES ($1, $2, $3, $4)', [subscription, receiver.url, [EVENT], 'whsec_test']);
  const delivery = async () => (await db.query(`SELECT event_id, status, attempts, last_error, next_attempt_at > clock_timestamp() + interval '30 seconds' AS leased FROM rustok.deliveries WHERE handler = $1`, [`webhook:${subscription}`])).rows[0];

  t.same((await first.graphql('mutation { wWriteNote(text: "cut short") }')).body, { data: { wWriteNote: true } });
  await waitFor(() => receiver.hanging(), (open) => open === 1, 10_000);
  t.equal(receiver.hanging(), 1, 'the first instance is mid-request');
  first.child.kill('SIGKILL');
  t.equal((await first.exited).signal, 'SIGKILL');
  t.match(await delivery(), { status: 'pending', attempts: 1, leased: true }, 'the killed attempt is counted, and leased for the timeout plus a margin');
  // Waiting out a 75 s lease would make a slow test; ending it by hand is what its expiry does.
  await db.query('UPDATE rustok.deliveries SET next_attempt_at = clock_timestamp() WHERE handler = $1', [`webhook:${subscription}`]);

  await startServerProcess(t, 'start', project.root, env);
  const resent = await waitFor(delivery, (row) => row?.status === 'delivered', 15_000);
  t.match(resent, { status: 'delivered', attempts: 2, last_error: null }, 'the second instance delivered it on attempt 2');
  t.same(receiver.received.map((r) => r.headers['x-rustok-delivery-attempt']), ['1', '2'], 'the resent request says it is attempt 2');
  t.same((await db.query('SELECT attempt, status_code FROM rustok.webhook_attempts ORDER BY id')).rows, [{ attempt: 2, status_code: 200 }], 'the killed attempt recorded nothing; the resent one did');

  // The same crash on the last allowed attempt (RUSTOK_EVENTS_MAX_ATTEMPTS=2) leaves the row pending with attempts 2.
  const last = randomUUID();
  await db.query('INSERT INTO rustok.webhook_subscriptions (id, url, events, secret) VALUES ($1, $2, $3, $4)', [last, receiver.url, [EVENT], 'whsec_test']);
  await db.query('INSERT INTO rustok.deliveries (event_id, handler, attempts) VALUES ($1, $2, 2)', [resent.event_id, `webhook:${last}`]);
  const exhausted = await waitFor(async () => (await db.query('SELECT status, attempts, last_error FROM rustok.deliveries WHERE handler = $1', [`webhook:${last}`])).rows[0], (row) => row?.status === 'dead', 10_000);
  t.match(exhausted, { status: 'dead', attempts: 2, last_error: /attempt 2 ended before recording its outcome/ }, 'it is dead-lettered, naming the attempt cut short');
  t.equal(receiver.received.length, 2, 'without being sent a third time');
});
