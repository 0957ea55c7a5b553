import t from 'tap';
import type { DeadLetter } from '../src/events/event-admin';
import { bootForTest } from '../src/testing';
import { runCli } from './helpers/cli';
import { connectDb, count, deliveries, emitMutation, eventIdsOfBatch, setControl, SINK_B_HANDLER, SINK_HANDLER, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

t.test('a handler that always fails is dead-lettered after max attempts; once fixed, `rustok events dlq replay` delivers it exactly once', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink', 'e-sink-b']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_MAX_ATTEMPTS: '3', RUSTOK_EVENTS_RETRY_BASE_MS: '20', RUSTOK_EVENTS_POLL_MS: '50' } });
  const db = await connectDb(t, kernel.databaseUrl);
  const cli = (...args: string[]) => runCli([...args, '--project', project.root], { env: { DATABASE_URL: kernel.databaseUrl } });
  await setControl(db, 'always_fail', 1);

  t.same(await kernel.graphql(emitMutation(1, { batch: 'poison' })), { data: { eEmit: 1 } });
  const [eventId] = await eventIdsOfBatch(db, 'poison');
  const [dead] = await waitFor(() => deliveries(db, { eventId, handler: SINK_HANDLER }), (r) => r[0]?.status === 'dead', 10_000);
  t.same(dead && [dead.status, dead.attempts], ['dead', 3], 'dead after RUSTOK_EVENTS_MAX_ATTEMPTS=3 attempts');
  t.match(dead?.last_error, /Error: e-sink fails attempt 3 of .* on purpose/, 'last_error holds the final failure');
  t.same((await db.query('SELECT attempt FROM e_sink.calls ORDER BY id')).rows.map((r) => r.attempt), [1, 2, 3], 'exactly three attempts were made');
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.effects'), 0, 'no effect from the failed attempts');
  t.same((await deliveries(db, { eventId, handler: SINK_B_HANDLER })).map((d) => [d.status, d.attempts]), [['delivered', 1]], 'the other handler of the event was delivered regardless');

  const listed = await cli('events', 'dlq', 'list', '--json');
  t.equal(listed.code, 0, listed.stderr);
  const letters = JSON.parse(listed.stdout) as DeadLetter[];
  t.same(
    letters.map((l) => ({ eventId: l.eventId, event: l.event, handler: l.handler, attempts: l.attempts, payload: l.payload })),
    [{ eventId, event: 'e-source.item.created@1', handler: SINK_HANDLER, attempts: 3, payload: { batch: 'poison', seq: 0 } }],
    '`events dlq list --json` shows the one dead letter',
  );

  await setControl(db, 'always_fail', null);
  const replayed = await cli('events', 'dlq', 'replay', eventId as string);
  t.equal(replayed.code, 0, `replay exits 0: ${replayed.stdout}${replayed.stderr}`);
  t.match(replayed.stdout, /Replayed 1 dead delivery/);

  const [after] = await waitFor(() => deliveries(db, { eventId, handler: SINK_HANDLER }), (r) => r[0]?.status === 'delivered', 10_000);
  t.same(after && { status: after.status, attempts: after.attempts, lastError: after.last_error }, { status: 'delivered', attempts: 1, lastError: null }, 'delivered on the first attempt of its fresh budget');
  t.same((await db.query('SELECT event_id, attempt FROM e_sink.effects')).rows, [{ event_id: eventId, attempt: 1 }], 'the fixed handler wrote its effect exactly once');
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink_b.effects WHERE event_id = $1', [eventId]), 1, 'replaying the dead delivery did not redeliver to the handler that had succeeded');

  const again = await cli('events', 'dlq', 'replay', eventId as string);
  t.equal(again.code, 1, 'a second replay finds nothing dead and says so with exit 1');
  // Give a wrongly re-queued delivery the time to run before checking nothing changed.
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.effects'), 1, 'still exactly one effect');
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.calls WHERE attempt = 1'), 2, 'the handler ran once more after the replay, and only once');
});
