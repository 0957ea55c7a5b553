import t from 'tap';
import { Client } from 'pg';
import { bootForTest } from '../src/testing';
import { connectDb, count } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

const EMIT_ALL = 'mutation ($events: JSON, $notes: [String!], $rawNote: String, $rollBack: Boolean) { eBatchEmit(events: $events, notes: $notes, rawNote: $rawNote, rollBack: $rollBack) }';

interface Sent {
  text: string;
  /** Whether the client was pipelining when the statement was submitted: sent without waiting for the one before. */
  pipelined: boolean;
}

/** Records what the pg clients of this process send to `database` (and whether pipelined) while `work` runs. */
async function sentDuring(database: string, work: () => Promise<unknown>): Promise<Sent[]> {
  const sent: Sent[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client & { pipeline?: boolean; connectionParameters: { database: string } }, ...args: unknown[]) {
    const [config] = args as [string | { text?: string }];
    const text = typeof config === 'string' ? config : String(config?.text);
    if (this.connectionParameters.database === database && /START TRANSACTION|COMMIT|ROLLBACK|INSERT INTO/.test(text)) sent.push({ text: text.trim().split(/\s+/).slice(0, 3).join(' '), pipelined: this.pipeline === true });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  return sent;
}

t.test("a module transaction's START goes out with its first statement, and a transaction that sends nothing sends nothing", async (t) => {
  const project = await fixtureProject(t, ['e-batch']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const db = await connectDb(t, kernel.databaseUrl);
  const event = { name: 'e-batch.item.created@1', payload: { sku: 'A-1' } };

  const raw = await sentDuring(db.database as string, async () => t.same((await kernel.graphql(EMIT_ALL, { events: [event], rawNote: 'raw first' })).errors, undefined));
  t.same(
    raw,
    [
      { text: 'START TRANSACTION;', pipelined: true },
      { text: 'INSERT INTO e_batch.notes', pipelined: true },
      { text: 'WITH input AS', pipelined: true },
      { text: 'COMMIT', pipelined: true },
    ],
    'START is pipelined with the first ctx.models.query, the events with the COMMIT: two writes for the whole transaction',
  );
  t.equal(await count(db, "SELECT count(*) AS n FROM e_batch.notes WHERE text = 'raw first'"), 1, 'and the write committed');

  t.equal((await kernel.graphql<{ eBatchEmit: number }>(EMIT_ALL, { events: [event], rawNote: 'rolled back', rollBack: true })).data?.eBatchEmit, 0);
  t.equal(await count(db, "SELECT count(*) AS n FROM e_batch.notes WHERE text = 'rolled back'"), 0, 'the statement sent with the START ran inside the transaction: the rollback took it back');

  const modelFirst = await sentDuring(db.database as string, () => kernel.graphql(EMIT_ALL, { events: [], notes: ['through the model'] }));
  t.same(modelFirst.slice(0, 2), [{ text: 'START TRANSACTION;', pipelined: false }, { text: 'INSERT INTO "e_batch"."notes"', pipelined: false }], 'a sequelize call first: START is sent ahead of it, as sequelize would');
  t.equal(await count(db, "SELECT count(*) AS n FROM e_batch.notes WHERE text = 'through the model'"), 1);

  const nothing = await sentDuring(db.database as string, async () => t.same((await kernel.graphql(EMIT_ALL, { events: [] })).errors, undefined));
  t.same(nothing, [], 'a transaction that wrote nothing sent neither START nor COMMIT');
});
