import t from 'tap';
import { WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION } from '../src/events/webhooks/webhook-dispatcher';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { attemptsOf, deliveriesOf, EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('an endpoint that never answers does not delay another subscription, and times out', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_WEBHOOK_TIMEOUT_MS: '300' } });
  let mostHanging = 0;
  const slow = await startWebhookReceiver(t, () => 'hang');
  const hangingWhenFastGot: number[] = [];
  const fast = await startWebhookReceiver(t, () => {
    hangingWhenFastGot.push(slow.hanging());
    return 200;
  });
  const slowSub = await kernel.kernel.webhooks.add(slow.url, [EVENT]);
  const fastSub = await kernel.kernel.webhooks.add(fast.url, [EVENT]);
  const watch = setInterval(() => (mostHanging = Math.max(mostHanging, slow.hanging())), 5);
  t.teardown(() => clearInterval(watch));

  // More events than the slow endpoint may hold slots for, so the fast one needs several claims.
  const events = WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION + 2;
  for (let i = 0; i < events; i++) await writeNote(kernel, `note ${i}`);
  const delivered = await waitFor(() => deliveriesOf(kernel, fastSub.id), (rows) => rows.length === events && rows.every((r) => r.status === 'delivered'));
  t.equal(delivered.filter((r) => r.status === 'delivered').length, events, 'the fast endpoint got every event');
  // Sent together, the two requests arrive in either order; a dispatcher waiting on the slow one would
  // have sent the fast one only after the slow one's 300 ms timeout.
  const lead = fast.received[0]!.at - slow.received[0]!.at;
  t.ok(lead < 300, `the fast endpoint's first event did not wait for the slow one's timeout (arrived ${lead} ms after the slow request)`);
  t.ok(hangingWhenFastGot.some((open) => open > 0), `the fast endpoint got events while slow requests were open (open at each arrival: ${hangingWhenFastGot.join(', ')})`);

  const timedOut = await waitFor(() => attemptsOf(kernel, slowSub.id), (rows) => rows.length > 0);
  t.match(timedOut[0], { attempt: 1, status_code: null, error: 'no response within 300 ms' }, 'the slow attempt is recorded as a timeout');
  t.ok(timedOut[0]!.latency_ms >= 290, `after about the timeout (${timedOut[0]!.latency_ms} ms)`);
  t.ok(mostHanging <= WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION, `the slow endpoint never held more than ${WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION} requests at once (${mostHanging})`);
  const [slowDelivery] = await deliveriesOf(kernel, slowSub.id);
  t.match(slowDelivery, { status: 'pending' }, 'and is retried later');
});
