import t from 'tap';
import { bootForTest } from '../src/testing';
import { connectDb, count, deliveries, emitMutation, eventIdsOfBatch, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

t.test('events emitted in a transaction that rolls back leave no outbox row, no delivery and no effect', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink', 'e-sink-b']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_POLL_MS: '50' } });
  const db = await connectDb(t, kernel.databaseUrl);

  t.same(await kernel.graphql(emitMutation(3, { batch: 'rolled-back', rollBack: true })), { data: { eEmit: 0 } }, 'three events emitted, then the transaction threw and rolled back');
  t.same(await kernel.graphql(emitMutation(1, { batch: 'committed' })), { data: { eEmit: 1 } }, 'a later transaction commits one event');

  const [committed] = await eventIdsOfBatch(db, 'committed');
  // Both handlers have the committed event once these rows say delivered; a leaked rolled-back event would be dispatched no later.
  const delivered = await waitFor(() => deliveries(db, { eventId: committed }), (rows) => rows.length === 2 && rows.every((r) => r.status === 'delivered'), 10_000);
  t.same(delivered.map((d) => d.status), ['delivered', 'delivered'], 'the committed event reached both handlers');

  t.same(await eventIdsOfBatch(db, 'rolled-back'), [], 'no outbox row of the rolled-back events');
  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.outbox'), 1, 'the outbox holds only the committed event');
  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.deliveries WHERE event_id <> $1', [committed]), 0, 'no delivery row of the rolled-back events');
  t.same((await db.query('SELECT event_id FROM e_sink.effects')).rows, [{ event_id: committed }], "e-sink's only effect is the committed event's");
  t.same((await db.query('SELECT event_id FROM e_sink_b.effects')).rows, [{ event_id: committed }], "e-sink-b's only effect is the committed event's");
  t.same((await db.query('SELECT event_id FROM e_sink.calls')).rows, [{ event_id: committed }], 'no handler was ever invoked for a rolled-back event');
});
