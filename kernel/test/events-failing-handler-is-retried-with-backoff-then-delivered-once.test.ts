import t from 'tap';
import { bootForTest } from '../src/testing';
import { connectDb, count, deliveries, emitMutation, eventIdsOfBatch, setControl, SINK_B_HANDLER, SINK_HANDLER, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

const FAST_RETRIES = { RUSTOK_EVENTS_RETRY_BASE_MS: '20', RUSTOK_EVENTS_POLL_MS: '50' };

t.test('a handler that throws on its first two attempts is delivered on the third, its effect written once', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: FAST_RETRIES });
  const db = await connectDb(t, kernel.databaseUrl);
  await setControl(db, 'fail_times', 2);

  t.same(await kernel.graphql(emitMutation(1, { batch: 'flaky' })), { data: { eEmit: 1 } });
  const [eventId] = await eventIdsOfBatch(db, 'flaky');
  const [delivery] = await waitFor(() => deliveries(db, { eventId }), (rows) => rows[0]?.status === 'delivered', 10_000);
  t.same(delivery && { status: delivery.status, attempts: delivery.attempts, lastError: delivery.last_error }, { status: 'delivered', attempts: 3, lastError: null }, 'delivered on attempt 3; the ledger counts 3 attempts and forgets the old error');
  t.same((await db.query('SELECT event_id, attempt FROM e_sink.effects')).rows, [{ event_id: eventId, attempt: 3 }], 'one effect, written by attempt 3: the failed attempts left nothing');
  t.same((await db.query('SELECT attempt FROM e_sink.calls ORDER BY id')).rows.map((r) => r.attempt), [1, 2, 3], 'the handler saw meta.attempt 1, 2, 3');
});

t.test('a handler failing with a PostgreSQL error rolls back only its savepoint: the other handler in the batch commits', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink', 'e-sink-b']);
  // One delivery loop: both deliveries of the event are claimed together, in one batch transaction.
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { ...FAST_RETRIES, RUSTOK_EVENTS_WORKERS: '1' } });
  const db = await connectDb(t, kernel.databaseUrl);
  await setControl(db, 'fail_times', 1);
  await setControl(db, 'fail_sql', 1);

  t.same(await kernel.graphql(emitMutation(1, { batch: 'sql-error' })), { data: { eEmit: 1 } });
  const [eventId] = await eventIdsOfBatch(db, 'sql-error');
  const rows = await waitFor(() => deliveries(db, { eventId }), (r) => r.length === 2 && r.every((d) => d.status === 'delivered'), 10_000);
  t.same(
    rows.map((d) => [d.handler, d.status, d.attempts]),
    [
      [SINK_B_HANDLER, 'delivered', 1],
      [SINK_HANDLER, 'delivered', 2],
    ],
    'e-sink delivered on its retry; e-sink-b on its first attempt, despite the aborted statement beside it',
  );
  t.same((await db.query('SELECT event_id, attempt FROM e_sink.effects')).rows, [{ event_id: eventId, attempt: 2 }], "e-sink's effect once: the rows of the failed attempt were rolled back with its savepoint");
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink_b.effects WHERE event_id = $1', [eventId]), 1, "e-sink-b's effect once");
});
