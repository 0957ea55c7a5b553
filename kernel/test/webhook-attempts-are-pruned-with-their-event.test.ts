import t from 'tap';
import { pruneDelivered } from '../src/events/dispatcher';
import { pruneWebhookAttempts } from '../src/events/webhooks/webhook-dispatcher';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { attemptsOf, deliveriesOf, EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('the attempt log of an event goes when retention prunes the event, and stays while the event is kept', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_MAX_ATTEMPTS: '1' } });
  const { webhooks, database } = kernel.kernel;
  const ok = await startWebhookReceiver(t, () => 200);
  const failing = await startWebhookReceiver(t, () => 500);

  const okSub = await webhooks.add(ok.url, [EVENT]);
  await writeNote(kernel, 'delivered');
  await waitFor(() => deliveriesOf(kernel, okSub.id), (rows) => rows[0]?.status === 'delivered');
  await webhooks.deactivate(okSub.id);
  const failingSub = await webhooks.add(failing.url, [EVENT]);
  await writeNote(kernel, 'dead');
  await waitFor(() => deliveriesOf(kernel, failingSub.id), (rows) => rows[0]?.status === 'dead');
  t.equal((await attemptsOf(kernel, okSub.id)).length + (await attemptsOf(kernel, failingSub.id)).length, 2, 'arranged: one delivered event, one dead-lettered, one attempt each');

  t.same(await pruneDelivered(database.sequelize, 0), { deliveries: 1, events: 1 }, 'retention prunes the delivered event only');
  t.equal(await pruneWebhookAttempts(database.sequelize), 1, 'its attempt goes with it');
  t.same(await attemptsOf(kernel, okSub.id), []);
  t.match(await attemptsOf(kernel, failingSub.id), [{ attempt: 1, status_code: 500 }], 'the attempt of the kept (dead) event stays');
  t.equal(await pruneWebhookAttempts(database.sequelize), 0, 'pruning again finds nothing');
});
