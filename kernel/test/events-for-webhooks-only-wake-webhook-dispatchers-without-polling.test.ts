import t from 'tap';
import { OUTBOX_CHANNEL } from '../src/events/event-bus';
import { bootForTest, countStatements } from '../src/testing';
import { connectDb } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';
import { deliveriesOf, EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('an event only webhooks subscribe to is announced to webhook dispatchers alone, and reaches its endpoint without polling', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  // Polling once in ten minutes: whatever is sent within this test was woken by a NOTIFY.
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_POLL_MS: '600000' } });
  const receiver = await startWebhookReceiver(t);
  const { id } = await kernel.kernel.webhooks.add(receiver.url, [EVENT]);
  const listener = await connectDb(t, kernel.databaseUrl);
  const payloads: string[] = [];
  listener.on('notification', (message) => payloads.push(message.payload ?? ''));
  await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  let handlerClaims = 0;
  const stop = countStatements((_client, text) => {
    if (text.includes("d.handler NOT LIKE 'webhook:%'")) handlerClaims++;
  });
  t.teardown(stop);

  await writeNote(kernel, 'only for webhooks');
  const rows = await waitFor(() => deliveriesOf(kernel, id), (found) => found.length === 1 && found[0]?.status === 'delivered', 10_000);
  t.equal(rows[0]?.status, 'delivered', 'the webhook was sent within seconds, not at the next poll');
  t.equal(receiver.received.length, 1, 'the endpoint got the event once');
  t.same(payloads, ['webhooks'], 'one NOTIFY, naming webhooks only');
  t.equal(handlerClaims, 0, 'the module-handler dispatcher did not claim for it');
});
