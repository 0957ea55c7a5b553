import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import t from 'tap';
import { ErrorCodes } from '../src/errors';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { deliveriesOf, EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('a deactivated subscription queues no new events; a removed one loses its undelivered deliveries and is never called again', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_RETRY_BASE_MS: '20', RUSTOK_EVENTS_MAX_ATTEMPTS: '2' } });
  const { webhooks } = kernel.kernel;
  const sequelize = kernel.kernel.database.sequelize;
  const paused = await startWebhookReceiver(t);
  const failing = await startWebhookReceiver(t, () => 500);
  const pausedSub = await webhooks.add(paused.url, [EVENT]);
  const failingSub = await webhooks.add(failing.url, [EVENT]);

  await webhooks.deactivate(pausedSub.id);
  t.match(await webhooks.list(), [{ id: pausedSub.id, active: false }, { id: failingSub.id, active: true }]);
  await writeNote(kernel, 'one');
  const [dead] = await waitFor(() => deliveriesOf(kernel, failingSub.id), (rows) => rows[0]?.status === 'dead');
  t.equal(dead?.status, 'dead', 'the active subscription got the event (and dead-lettered it)');
  t.same(await deliveriesOf(kernel, pausedSub.id), [], 'the deactivated one had nothing queued');
  t.equal(paused.received.length, 0);

  t.same(await webhooks.remove(failingSub.id), { droppedDeliveries: 1 }, 'remove drops its dead delivery');
  t.same(await deliveriesOf(kernel, failingSub.id), []);
  t.same((await webhooks.list()).map((w) => w.id), [pausedSub.id]);
  await t.rejects(webhooks.remove(failingSub.id), { code: ErrorCodes.WEBHOOK_NOT_FOUND });
  await t.rejects(webhooks.deactivate('not-a-uuid'), { code: ErrorCodes.WEBHOOK_NOT_FOUND });

  // An emit racing a remove can queue a delivery for a subscription that is gone: it is dropped, not sent.
  const orphan = `webhook:${randomUUID()}`;
  await sequelize.query('INSERT INTO rustok.deliveries (event_id, handler) SELECT id, $1 FROM rustok.outbox LIMIT 1', { bind: [orphan] });
  const left = await waitFor(() => sequelize.query(`SELECT 1 FROM rustok.deliveries WHERE handler = $1`, { bind: [orphan], type: QueryTypes.SELECT }), (rows) => rows.length === 0);
  t.same(left, [], 'the orphaned delivery was dropped');
  t.equal(failing.received.length, 2, 'the removed endpoint was never called again');
  t.equal(paused.received.length, 0);
});
