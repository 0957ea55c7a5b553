import { randomUUID } from 'node:crypto';
import t from 'tap';
import { bootForTest } from '../src/testing';
import { connectDb, count, deliveries, emitMutation, eventIdsOfBatch, setControl, SINK_HANDLER, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

interface OutboxRow {
  id: string;
  name: string;
  correlation_id: string;
  causation_id: string | null;
  payload: unknown;
}

t.test('an event a handler emits with its delivery transaction names the handled event as cause and keeps its correlation', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink', 'e-sink-b']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_RETRY_BASE_MS: '20', RUSTOK_EVENTS_POLL_MS: '50' } });
  const db = await connectDb(t, kernel.databaseUrl);
  // e-sink emits e-sink.item.handled@1 with the delivery transaction, then fails its first attempt.
  await setControl(db, 'emit_followup', 1);
  await setControl(db, 'fail_times', 1);
  const outboxRow = async (id: string) => (await db.query<OutboxRow>('SELECT id, name, correlation_id, causation_id, payload FROM rustok.outbox WHERE id = $1', [id])).rows[0];
  const followupsOf = async (sourceId: string) =>
    (await db.query<OutboxRow>("SELECT id, name, correlation_id, causation_id, payload FROM rustok.outbox WHERE name = 'e-sink.item.handled' AND payload->>'sourceId' = $1", [sourceId])).rows;
  const receivedByB = async (eventId: string) => (await db.query('SELECT event, correlation_id, causation_id FROM e_sink_b.effects WHERE event_id = $1', [eventId])).rows;

  const flow = randomUUID();
  for (const [batch, correlationId] of [
    ['explicit', flow],
    ['implicit', undefined],
  ] as const) {
    t.same(await kernel.graphql(emitMutation(1, { batch, correlationId })), { data: { eEmit: 1 } });
    const [sourceId] = (await eventIdsOfBatch(db, batch)) as [string];
    const expectedCorrelation = correlationId ?? sourceId;
    const source = await outboxRow(sourceId);
    t.same(source && [source.correlation_id, source.causation_id], [expectedCorrelation, null], `${batch}: the source event has ${correlationId ? 'the given' : 'its own id as'} correlation and no cause`);

    const [delivery] = await waitFor(() => deliveries(db, { eventId: sourceId, handler: SINK_HANDLER }), (rows) => rows[0]?.status === 'delivered', 10_000);
    t.same(delivery && [delivery.status, delivery.attempts], ['delivered', 2], `${batch}: e-sink handled the source event on its second attempt`);
    const followups = await followupsOf(sourceId);
    const [followup] = followups;
    // Let e-sink-b receive the follow-up, so its meta can be checked too.
    await waitFor(() => receivedByB(followup?.id ?? ''), (rows) => rows.length === 1, 10_000);
    t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.calls WHERE event_id = $1', [sourceId]), 2, `${batch}: the handler ran twice (the first attempt failed after emitting)`);
    t.equal(followups.length, 1, `${batch}: one follow-up event: the one emitted by the failed attempt rolled back with its savepoint`);
    t.same(
      followup && { causation: followup.causation_id, correlation: followup.correlation_id, payload: followup.payload },
      { causation: sourceId, correlation: expectedCorrelation, payload: { sourceId } },
      `${batch}: the follow-up's causation_id is the handled event, its correlation_id the handled event's`,
    );
    t.same(
      await receivedByB(followup?.id ?? ''),
      [{ event: 'e-sink.item.handled@1', correlation_id: expectedCorrelation, causation_id: sourceId }],
      `${batch}: the consumer of the follow-up sees the same cause and correlation in its meta`,
    );
    t.same(await receivedByB(sourceId), [{ event: 'e-source.item.created@1', correlation_id: expectedCorrelation, causation_id: null }], `${batch}: and the source event's meta as written`);
  }
});
