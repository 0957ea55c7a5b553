import t from 'tap';
import { Dispatcher } from '../src/events/dispatcher';
import { OutboxWakeup } from '../src/events/outbox-wakeup';
import { bootForTest, countStatements } from '../src/testing';
import { connectDb, deliveries, emitMutation, eventIdsOfBatch, SINK_HANDLER } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

const GHOST_HANDLER = 'ghost:e-source.item.created@1';

t.test('one claim statement counts and leases runnable deliveries, dead-letters exhausted ones and defers unknown handlers; ledger statements per batch do not grow with it', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  // No background dispatch: the test claims batch by batch, so every row is in the state it arranged.
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_DISPATCH: 'false', RUSTOK_EVENTS_MAX_ATTEMPTS: '3' } });
  const loaded = kernel.kernel;
  const dispatcher = new Dispatcher(loaded.database.sequelize, loaded.bus.handlers(), loaded.settings.events, loaded.log, new OutboxWakeup(() => loaded.database.connectClient(), 60_000, loaded.log));
  const db = await connectDb(t, kernel.databaseUrl);

  t.same((await kernel.graphql(emitMutation(3, { batch: 'claim' }))).data, { eEmit: 3 });
  const [exhausted, withGhost, fresh] = (await eventIdsOfBatch(db, 'claim')) as [string, string, string];
  // Three attempts already began and died with their process (the claim counted them; nothing marked them).
  await db.query('UPDATE rustok.deliveries SET attempts = 3 WHERE event_id = $1', [exhausted]);
  // A handler of a module no running instance has.
  await db.query('INSERT INTO rustok.deliveries (event_id, handler) VALUES ($1, $2)', [withGhost, GHOST_HANDLER]);

  const ledgerStatements: string[] = [];
  const stop = countStatements((_client, text) => {
    if (/rustok\.deliveries/.test(text)) ledgerStatements.push(text.replace(/\s+/g, ' ').trim().slice(0, 40));
  });
  const claimed = await dispatcher.deliverBatch();
  stop();
  t.equal(claimed, 4, 'the batch claimed all four due deliveries');

  const byKey = new Map((await deliveries(db)).map((d) => [`${d.event_id} ${d.handler}`, d]));
  t.match(byKey.get(`${exhausted} ${SINK_HANDLER}`), { status: 'dead', attempts: 3, last_error: /ended during attempt 3/ }, 'the exhausted delivery is dead-lettered without a fourth attempt');
  t.match(byKey.get(`${withGhost} ${GHOST_HANDLER}`), { status: 'pending', attempts: 0, last_error: /no instance running this handler/ }, 'the unknown handler is put off, its attempts untouched');
  t.match(byKey.get(`${withGhost} ${SINK_HANDLER}`), { status: 'delivered', attempts: 1, last_error: null }, "the same event's known handler is delivered on attempt 1");
  t.match(byKey.get(`${fresh} ${SINK_HANDLER}`), { status: 'delivered', attempts: 1, last_error: null }, 'the fresh delivery is delivered on attempt 1');
  const deferred = await db.query<{ seconds: number }>('SELECT extract(epoch FROM next_attempt_at - clock_timestamp())::float8 AS seconds FROM rustok.deliveries WHERE handler = $1', [GHOST_HANDLER]);
  t.ok((deferred.rows[0]?.seconds ?? 0) > 50, 'the unknown handler is due again only about a minute later');
  t.same(
    (await db.query<{ event_id: string; attempt: number }>('SELECT event_id, attempt FROM e_sink.effects ORDER BY event_id')).rows,
    [
      { event_id: withGhost, attempt: 1 },
      { event_id: fresh, attempt: 1 },
    ].sort((a, b) => (a.event_id < b.event_id ? -1 : 1)),
    'each runnable delivery took effect once, told it is attempt 1; the exhausted one never ran',
  );
  t.same(
    ledgerStatements.map((s) => s.split(' ').slice(0, 2).join(' ')),
    ['WITH due', 'SELECT d.event_id,', 'UPDATE rustok.deliveries'],
    'three ledger statements for the whole batch: the claim, the re-lock in the batch transaction, one "delivered" update',
  );

  t.equal(await dispatcher.deliverBatch(), 0, 'nothing is left to claim: the dead row is not retried, the deferred one is not yet due');
});
