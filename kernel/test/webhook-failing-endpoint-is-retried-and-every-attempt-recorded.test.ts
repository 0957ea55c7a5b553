import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { attemptsOf, deliveriesOf, EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('an endpoint answering 500 twice, then 200, gets the event on the third attempt, and each attempt is recorded', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_RETRY_BASE_MS: '20' } });
  const receiver = await startWebhookReceiver(t, (_request, index) => (index < 2 ? 500 : 200));
  const { id } = await kernel.kernel.webhooks.add(receiver.url, [EVENT]);

  await writeNote(kernel, 'flaky');
  const [delivery] = await waitFor(() => deliveriesOf(kernel, id), (rows) => rows[0]?.status === 'delivered');
  t.match(delivery, { status: 'delivered', attempts: 3, last_error: null }, 'delivered on attempt 3, the earlier error cleared');

  t.same(receiver.received.map((r) => r.headers['x-rustok-delivery-attempt']), ['1', '2', '3'], 'each request says which attempt it is');
  t.same(new Set(receiver.received.map((r) => r.headers['x-rustok-event-id'])).size, 1, 'all three carry the same event id, for deduplication');
  const attempts = await attemptsOf(kernel, id);
  t.same(attempts.map((a) => a.status_code), [500, 500, 200], 'webhook_attempts holds the three status codes in order');
  t.same(attempts.map((a) => a.attempt), [1, 2, 3]);
  t.same(attempts.map((a) => a.event_id), Array(3).fill(delivery?.event_id));
  t.match(attempts[0]?.error, /^HTTP 500: receiver failure 500$/, "a failed attempt keeps the status and what the endpoint said");
  t.equal(attempts[2]?.error, null);
  t.ok(attempts.every((a) => Number.isInteger(a.latency_ms) && a.latency_ms >= 0 && a.latency_ms < 5000), `latencies are recorded in ms (${attempts.map((a) => a.latency_ms).join(', ')})`);
});
