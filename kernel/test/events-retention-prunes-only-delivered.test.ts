import t from 'tap';
import { Dispatcher, pruneDelivered } from '../src/events/dispatcher';
import { OutboxWakeup } from '../src/events/outbox-wakeup';
import { bootForTest } from '../src/testing';
import { connectDb, deliveries, emitMutation, eventIdsOfBatch, setControl, SINK_B_HANDLER, SINK_HANDLER } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

t.test('pruning delivered events removes delivered ledger rows and fully delivered events, never pending or dead ones', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink', 'e-sink-b']);
  // No background dispatch: the test delivers batch by batch, so every row is in the state it arranged.
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_DISPATCH: 'false', RUSTOK_EVENTS_MAX_ATTEMPTS: '1' } });
  const { sequelize } = kernel.kernel.database;
  const loaded = kernel.kernel;
  // The wakeup is never started: deliverBatch() claims directly.
  const dispatcher = new Dispatcher(sequelize, loaded.bus.handlers(), loaded.settings.events, loaded.log, new OutboxWakeup(() => loaded.database.connectClient(), 60_000, loaded.log));
  const db = await connectDb(t, kernel.databaseUrl);
  const ledger = async () => (await deliveries(db)).map((d) => `${d.event_id} ${d.handler} ${d.status}`).sort();
  const outbox = async () => (await db.query<{ id: string }>('SELECT id FROM rustok.outbox')).rows.map((r) => r.id).sort();

  await setControl(db, 'always_fail', 1);
  await kernel.graphql(emitMutation(1, { batch: 'half-dead' }));
  const [halfDead] = await eventIdsOfBatch(db, 'half-dead');
  t.equal(await dispatcher.deliverBatch(), 2, 'one batch: e-sink fails for good (max 1 attempt), e-sink-b is delivered');
  await setControl(db, 'always_fail', null);
  await kernel.graphql(emitMutation(1, { batch: 'done' }));
  const [done] = await eventIdsOfBatch(db, 'done');
  t.equal(await dispatcher.deliverBatch(), 2, 'next batch: both handlers of the second event delivered');
  await kernel.graphql(emitMutation(1, { batch: 'waiting' }));
  const [waiting] = await eventIdsOfBatch(db, 'waiting');

  t.same(
    await ledger(),
    [`${halfDead} ${SINK_B_HANDLER} delivered`, `${halfDead} ${SINK_HANDLER} dead`, `${done} ${SINK_B_HANDLER} delivered`, `${done} ${SINK_HANDLER} delivered`, `${waiting} ${SINK_B_HANDLER} pending`, `${waiting} ${SINK_HANDLER} pending`].sort(),
    'arranged: a half-dead event, a fully delivered one, an undelivered one',
  );

  t.same(await pruneDelivered(sequelize, 3_600_000), { deliveries: 0, events: 0 }, 'a one-hour retention prunes nothing this young');
  // Age everything two hours, except the delivery of the half-dead event's good handler.
  await db.query("UPDATE rustok.outbox SET created_at = created_at - interval '2 hours'");
  await db.query("UPDATE rustok.deliveries SET delivered_at = delivered_at - interval '2 hours' WHERE event_id = $1", [done]);
  t.same(await pruneDelivered(sequelize, 3_600_000), { deliveries: 2, events: 1 }, 'a one-hour retention prunes the old delivered rows and their event; old dead and pending ones stay');
  t.same(await pruneDelivered(sequelize, 0), { deliveries: 1, events: 0 }, 'retention 0 also prunes the young delivered row, but not its event, which still has a dead delivery');
  t.same(await ledger(), [`${halfDead} ${SINK_HANDLER} dead`, `${waiting} ${SINK_B_HANDLER} pending`, `${waiting} ${SINK_HANDLER} pending`].sort(), 'dead and pending deliveries are kept');
  t.same(await outbox(), [halfDead, waiting].sort(), 'events with a dead or pending delivery are kept; the fully delivered one is gone');
  t.same(await pruneDelivered(sequelize, 0), { deliveries: 0, events: 0 }, 'pruning again finds nothing more');

  // What was kept is still whole: the dead letter can be replayed and the pending event delivered.
  t.equal(await kernel.kernel.events.replay({ eventId: halfDead as string }), 1, 'the kept dead letter replays');
  t.equal(await dispatcher.deliverBatch(), 3, 'the replayed delivery and the two pending ones are delivered');
  t.same((await db.query('SELECT event_id FROM e_sink.effects')).rows.map((r) => r.event_id).sort(), [halfDead, done, waiting].sort(), "pruning never touched the handlers' effects; each event has its e-sink effect once");
  t.same(await pruneDelivered(sequelize, 0), { deliveries: 3, events: 2 }, 'once delivered, the rest is pruned too');
  t.same([await ledger(), await outbox()], [[], []], 'ledger and outbox are empty');
});
