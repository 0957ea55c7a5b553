import t from 'tap';
import { bootForTest } from '../src/testing';
import { connectDb, count, deliveries, emitMutation, eventIdsOfBatch, setControl, SINK_B_HANDLER, SINK_HANDLER, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

t.test('while one handler keeps failing, another handler of the same events gets each of them promptly', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink', 'e-sink-b']);
  // A one-minute backoff: e-sink's retries are far off, so anything waiting on them would visibly stall.
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_RETRY_BASE_MS: '60000', RUSTOK_EVENTS_POLL_MS: '50' } });
  const db = await connectDb(t, kernel.databaseUrl);
  await setControl(db, 'always_fail', 1);

  for (const batch of ['first', 'second']) {
    const emittedAt = Date.now();
    t.same(await kernel.graphql(emitMutation(1, { batch })), { data: { eEmit: 1 } });
    const [eventId] = await eventIdsOfBatch(db, batch);
    const [sinkB] = await waitFor(() => deliveries(db, { eventId, handler: SINK_B_HANDLER }), (r) => r[0]?.status === 'delivered', 5000);
    const waitedMs = Date.now() - emittedAt;
    t.same(sinkB && [sinkB.status, sinkB.attempts], ['delivered', 1], `e-sink-b got the ${batch} event on its first attempt`);
    t.ok(waitedMs < 3000, `within ${waitedMs} ms of the emit`);
    t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink_b.effects WHERE event_id = $1', [eventId]), 1, "e-sink-b's effect is there once");
    const [sink] = await waitFor(() => deliveries(db, { eventId, handler: SINK_HANDLER }), (r) => (r[0]?.attempts ?? 0) > 0, 5000);
    t.same(sink && [sink.status, sink.attempts], ['pending', 1], 'e-sink failed once and waits for its retry');
    t.match(sink?.last_error, /fails attempt 1/, "e-sink's error is recorded");
  }
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.effects'), 0, 'the failing handler has no effect');
});
