import t from 'tap';
import { bootForTest, countStatements } from '../src/testing';
import { connectDb, count, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

const EMIT_ALL = 'mutation ($events: JSON, $notes: [String!]) { eBatchEmit(events: $events, notes: $notes) }';
const created = (sku: string) => ({ name: 'e-batch.item.created@1', payload: { sku } });

t.test("a transaction's events are written with its COMMIT, after everything else it wrote, and if that write fails nothing of the transaction is kept", async (t) => {
  const project = await fixtureProject(t, ['e-batch']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const db = await connectDb(t, kernel.databaseUrl);

  const sent: string[] = [];
  const stop = countStatements((client, text) => {
    if (client.database === db.database && /START TRANSACTION|COMMIT|ROLLBACK|INSERT INTO/.test(text)) sent.push(text.trim().split(/\s+/).slice(0, 3).join(' '));
  });
  const written = await kernel.graphql<{ eBatchEmit: number }>(EMIT_ALL, { events: [created('A-1')], notes: ['before the emit', 'after the emit', 'later still'] });
  stop();
  t.same(written.errors, undefined);
  const transaction = sent.slice(sent.findIndex((text) => text.startsWith('START TRANSACTION')));
  t.same(
    transaction.slice(0, 6),
    ['START TRANSACTION;', 'INSERT INTO "e_batch"."notes"', 'INSERT INTO "e_batch"."notes"', 'INSERT INTO "e_batch"."notes"', 'WITH input AS', 'COMMIT'],
    'the outbox statement goes out last, with the COMMIT, although the emit came between the writes',
  );
  t.equal(await waitFor(() => count(db, 'SELECT count(*) AS n FROM e_batch.handled'), (n) => n === 1), 1, 'and the event is delivered');

  // The outbox refuses one payload (a constraint an operator could have added; here it stands for any failure of that statement).
  await db.query("ALTER TABLE rustok.outbox ADD CONSTRAINT no_poison CHECK (payload->>'sku' <> 'POISON')");
  const refused = await kernel.graphql(EMIT_ALL, { events: [created('B-2'), created('POISON')], notes: ['kept if the events were'] });
  t.ok(refused.errors?.length, 'the caller learns that its write failed');
  t.match(refused.errors?.[0]?.message ?? '', /no_poison/, 'from the failing statement itself');
  t.equal(await count(db, "SELECT count(*) AS n FROM e_batch.notes WHERE text = 'kept if the events were'"), 0, "the transaction's own write was rolled back with its events");
  t.equal(await count(db, "SELECT count(*) AS n FROM rustok.outbox WHERE payload->>'sku' = 'B-2'"), 0, 'no event of it was written');

  const after = await kernel.graphql<{ eBatchEmit: number }>(EMIT_ALL, { events: [created('C-3')], notes: ['the pool is healthy'] });
  t.same(after.errors, undefined, 'the next transaction works: the failed one left no connection behind in a broken state');
  t.equal(await count(db, "SELECT count(*) AS n FROM e_batch.notes WHERE text = 'the pool is healthy'"), 1);
});
