import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { connectDb, count, deliveries, emitMutation, eventIdsOfBatch, setControl, SINK_HANDLER, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';
import { startServerProcess } from './helpers/server-process';

t.test('kill -9 while a handler is mid-run: after restart the effect exists exactly once and the killed attempt is counted', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  const databaseUrl = await createTestDatabase(t);
  const first = await startServerProcess(t, 'dev', project.root, { DATABASE_URL: databaseUrl, RUSTOK_EVENTS_POLL_MS: '100', RUSTOK_EVENTS_LEASE_MS: '1000' });
  const db = await connectDb(t, databaseUrl);
  await setControl(db, 'sleep_ms', 10_000);

  t.same((await first.graphql<{ eEmit: number }>(emitMutation(1, { batch: 'mid' }))).body, { data: { eEmit: 1 } });
  const [eventId] = await eventIdsOfBatch(db, 'mid');
  // e-sink logs each call outside the delivery transaction before sleeping: once the row is there, the handler is mid-run.
  const started = await waitFor(() => count(db, 'SELECT count(*) AS n FROM e_sink.calls'), (n) => n > 0, 10_000);
  t.equal(started, 1, 'the first instance is inside the handler');
  first.child.kill('SIGKILL');
  t.equal((await first.exited).signal, 'SIGKILL');
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.effects'), 0, 'the killed attempt left no effect (its transaction died with the process)');

  await setControl(db, 'sleep_ms', null);
  const second = await startServerProcess(t, 'start', project.root, { DATABASE_URL: databaseUrl, RUSTOK_EVENTS_POLL_MS: '100', RUSTOK_EVENTS_LEASE_MS: '1000' });
  const [delivery] = await waitFor(() => deliveries(db, { eventId }), (rows) => rows[0]?.status === 'delivered', 15_000);
  t.same(delivery && [delivery.handler, delivery.status, delivery.last_error], [SINK_HANDLER, 'delivered', null], 'the restarted instance delivered the event');
  const effects = await db.query<{ event_id: string; handled_by_pid: number; attempt: number }>('SELECT event_id, handled_by_pid, attempt FROM e_sink.effects');
  t.same(
    effects.rows.map((e) => [e.event_id, e.handled_by_pid]),
    [[eventId, second.child.pid]],
    'the effect exists exactly once, written by the restarted instance',
  );
  const calls = await db.query<{ pid: number; attempt: number }>('SELECT pid, attempt FROM e_sink.calls ORDER BY id');
  t.same(
    calls.rows.map((c) => c.pid),
    [first.child.pid, second.child.pid],
    'the handler ran twice: once in the killed process, once after restart',
  );
  // The ledger should know the delivery took two attempts, and the redelivery should tell the handler so
  // (EventMeta.attempt: "2 on the first retry"). Otherwise an event whose handler kills the process
  // (OOM, native crash, an orchestrator's liveness kill) is retried forever and never dead-lettered.
  t.same(
    { ledgerAttempts: delivery?.attempts, metaAttemptOfRedelivery: effects.rows[0]?.attempt },
    { ledgerAttempts: 2, metaAttemptOfRedelivery: 2 },
    'the attempt killed mid-handler is counted in deliveries.attempts and meta.attempt',
  );
});
