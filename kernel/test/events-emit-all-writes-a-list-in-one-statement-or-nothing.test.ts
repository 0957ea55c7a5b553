import t from 'tap';
import { bootForTest, countStatements } from '../src/testing';
import { connectDb, count, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

const EMIT_ALL = 'mutation ($events: JSON, $rollBack: Boolean) { eBatchEmit(events: $events, rollBack: $rollBack) }';
const HANDLER = 'e-batch:e-batch.item.created@1';

t.test('ctx.events.emitAll writes every event of a list, with its deliveries, in one statement — or, on any bad entry, nothing', async (t) => {
  const project = await fixtureProject(t, ['e-batch']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const db = await connectDb(t, kernel.databaseUrl);

  const outboxStatements: string[] = [];
  const stop = countStatements((client, text) => {
    if (client.database === db.database && /INSERT INTO rustok\.outbox/.test(text)) outboxStatements.push(text);
  });
  const written = await kernel.graphql<{ eBatchEmit: number }>(EMIT_ALL, {
    events: [
      { name: 'e-batch.item.created@1', payload: { sku: 'A-1' } },
      { name: 'e-batch.item.priced@1', payload: { sku: 'A-1', amount: 1999 } },
      { name: 'e-batch.item.created@1', payload: { sku: 'B-2' } },
    ],
  });
  stop();
  t.same(written.errors, undefined);
  t.equal(written.data?.eBatchEmit, 3);
  t.equal(outboxStatements.length, 1, 'three events, one statement');

  const outbox = await db.query<{ name: string; version: number; emitted_by: string; payload: unknown }>("SELECT name, version, emitted_by, payload FROM rustok.outbox ORDER BY payload->>'sku', name");
  t.same(
    outbox.rows,
    [
      { name: 'e-batch.item.created', version: 1, emitted_by: 'e-batch', payload: { sku: 'A-1' } },
      { name: 'e-batch.item.priced', version: 1, emitted_by: 'e-batch', payload: { sku: 'A-1', amount: 1999 } },
      { name: 'e-batch.item.created', version: 1, emitted_by: 'e-batch', payload: { sku: 'B-2' } },
    ],
    'each event with its own name, version and payload',
  );
  const ids = await db.query<{ id: string; correlation_id: string }>('SELECT id, correlation_id FROM rustok.outbox');
  t.ok(ids.rows.every((row) => row.id === row.correlation_id), 'each event starts its own correlation, as a single emit does');
  const queued = await db.query<{ handler: string; sku: string }>("SELECT d.handler, o.payload->>'sku' AS sku FROM rustok.deliveries d JOIN rustok.outbox o ON o.id = d.event_id ORDER BY sku");
  t.same(queued.rows, [{ handler: HANDLER, sku: 'A-1' }, { handler: HANDLER, sku: 'B-2' }], 'a delivery for each event that has a subscriber, none for the one without');
  const handled = await waitFor(() => count(db, 'SELECT count(*) AS n FROM e_batch.handled'), (n) => n === 2);
  t.equal(handled, 2, 'both subscribed events are delivered');

  const before = await count(db, 'SELECT count(*) AS n FROM rustok.outbox');
  const invalid = await kernel.graphql(EMIT_ALL, { events: [{ name: 'e-batch.item.created@1', payload: { sku: 'C-3' } }, { name: 'e-batch.item.priced@1', payload: { sku: 'C-3', amount: 19.99 } }] });
  t.equal(invalid.errors?.[0]?.extensions?.code, 'RTK_EVENT_PAYLOAD_INVALID', 'a bad payload anywhere in the list refuses the list');
  t.match(invalid.errors?.[0]?.message, /"e-batch\.item\.priced@1" \(event 1 of the list\)/, 'the message names the entry');

  const unstorable = await kernel.graphql(EMIT_ALL, { events: [{ name: 'e-batch.item.created@1', payload: { sku: 'NUL\u0000' } }] });
  t.equal(unstorable.errors?.[0]?.extensions?.code, 'RTK_EVENT_PAYLOAD_INVALID', 'a schema-valid payload PostgreSQL cannot store (U+0000) is refused at the emit');
  t.match(unstorable.errors?.[0]?.message, /U\+0000/);

  const undeclared = await kernel.graphql(EMIT_ALL, { events: [{ name: 'e-batch.item.created@1', payload: { sku: 'D-4' } }, { name: 'e-batch.item.vanished@1', payload: {} }] });
  t.equal(undeclared.errors?.[0]?.extensions?.code, 'RTK_UNDECLARED_EVENT');
  t.match(undeclared.errors?.[0]?.message, /"e-batch\.item\.vanished@1" \(event 1 of the list\)/);

  const notAList = await kernel.graphql(EMIT_ALL, { events: { name: 'e-batch.item.created@1', payload: { sku: 'E-5' } } });
  t.equal(notAList.errors?.[0]?.extensions?.code, 'RTK_EVENT_LIST_INVALID', 'a single event object where a list belongs is refused');

  const rolledBack = await kernel.graphql<{ eBatchEmit: number }>(EMIT_ALL, { events: [{ name: 'e-batch.item.created@1', payload: { sku: 'F-6' } }], rollBack: true });
  t.equal(rolledBack.data?.eBatchEmit, 0);

  const empty = await kernel.graphql<{ eBatchEmit: number }>(EMIT_ALL, { events: [] });
  t.same(empty.errors, undefined, 'an empty list is no error');
  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.outbox'), before, 'refused, rolled-back and empty lists wrote nothing');
  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.deliveries'), 2, 'and queued no delivery');
});
