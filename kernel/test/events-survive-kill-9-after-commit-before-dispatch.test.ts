import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { connectDb, count, deliveries, emitMutation, eventIdsOfBatch, SINK_HANDLER, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';
import { startServerProcess } from './helpers/server-process';

t.test('kill -9 of an API-only instance right after commit: a dispatching instance started later delivers the event exactly once', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  const databaseUrl = await createTestDatabase(t);
  const apiOnly = await startServerProcess(t, 'dev', project.root, { DATABASE_URL: databaseUrl, RUSTOK_EVENTS_DISPATCH: 'false' });
  const db = await connectDb(t, databaseUrl);

  const emitted = await apiOnly.graphql<{ eEmit: number }>(emitMutation(1, { batch: 'k9' }));
  t.same(emitted.body, { data: { eEmit: 1 } }, 'the mutation committed one event');
  const [eventId] = await eventIdsOfBatch(db, 'k9');
  t.ok(eventId, 'the event is in the outbox once the mutation answered');

  apiOnly.child.kill('SIGKILL');
  const exit = await apiOnly.exited;
  t.equal(exit.signal, 'SIGKILL', 'the API-only instance died without any shutdown');
  t.same(
    (await deliveries(db, { eventId })).map((d) => [d.handler, d.status, d.attempts]),
    [[SINK_HANDLER, 'pending', 0]],
    'the committed event waits in the ledger, undelivered: the API-only instance never dispatched',
  );
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.calls'), 0, 'no handler ran before the kill');

  const dispatcher = await startServerProcess(t, 'start', project.root, { DATABASE_URL: databaseUrl, RUSTOK_EVENTS_POLL_MS: '100' });
  const [delivery] = await waitFor(() => deliveries(db, { eventId }), (rows) => rows[0]?.status === 'delivered', 15_000);
  t.same(delivery && [delivery.status, delivery.attempts, delivery.last_error], ['delivered', 1, null], 'the new instance delivered it on its first attempt');
  const effects = await db.query('SELECT event_id, handled_by_pid, attempt FROM e_sink.effects');
  t.same(effects.rows, [{ event_id: eventId, handled_by_pid: dispatcher.child.pid, attempt: 1 }], 'the effect exists exactly once, written by the new instance');
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.calls'), 1, 'the handler ran exactly once');
});
