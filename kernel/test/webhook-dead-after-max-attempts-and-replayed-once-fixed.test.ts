import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { attemptsOf, deliveriesOf, EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('an always-failing endpoint is dead-lettered after RUSTOK_EVENTS_MAX_ATTEMPTS, and a replay delivers once it is fixed', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_RETRY_BASE_MS: '20', RUSTOK_EVENTS_MAX_ATTEMPTS: '3' } });
  let fixed = false;
  const receiver = await startWebhookReceiver(t, () => (fixed ? 204 : 503));
  const { id } = await kernel.kernel.webhooks.add(receiver.url, [EVENT]);

  await writeNote(kernel, 'doomed');
  const [dead] = await waitFor(() => deliveriesOf(kernel, id), (rows) => rows[0]?.status === 'dead');
  t.match(dead, { status: 'dead', attempts: 3, last_error: 'HTTP 503: receiver failure 503' }, 'dead after 3 attempts, with the last error');
  // A dead delivery must not be tried again; give a wrongful retry the time to happen.
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal(receiver.received.length, 3, 'the endpoint was called exactly 3 times');
  t.match(await kernel.kernel.events.deadLetters(), [{ eventId: dead!.event_id, event: EVENT, handler: `webhook:${id}`, attempts: 3 }], 'the dead letter is listed like any handler\'s');

  fixed = true;
  t.equal(await kernel.kernel.events.replay({ eventId: dead!.event_id, handler: `webhook:${id}` }), 1, 'replay queues it again');
  const [replayed] = await waitFor(() => deliveriesOf(kernel, id), (rows) => rows[0]?.status === 'delivered');
  t.match(replayed, { status: 'delivered', attempts: 1, last_error: null }, 'delivered on the first attempt of its fresh budget');
  t.same(receiver.received.map((r) => r.headers['x-rustok-delivery-attempt']), ['1', '2', '3', '1'], 'the replayed request starts a fresh attempt count');
  t.same((await attemptsOf(kernel, id)).map((a) => [a.attempt, a.status_code]), [[1, 503], [2, 503], [3, 503], [1, 204]], 'every attempt, before and after the replay, is recorded');
  t.same(await kernel.kernel.events.deadLetters(), [], 'no dead letter is left');
});
