import t from 'tap';
import { QueryTypes } from 'sequelize';
import { createLogger } from '../src/log';
import { loadKernel } from '../src/kernel';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { waitFor } from './helpers/wait-for';

interface Effect {
  event_id: string;
  handled_at: Date;
}

t.test('an event emitted with deliverAt is scheduled work until its time, then delivered once, also by an instance started later', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  // An API-only instance: it accepts the emit, but delivers nothing itself.
  const api = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const due = Date.now() + 1500;
  const emitted = await api.graphql<{ eEmit: number }>('mutation ($at: String!) { eEmit(n: 1, batch: "later", deliverAt: $at) }', { at: new Date(due).toISOString() });
  t.same(emitted, { data: { eEmit: 1 } });
  const status = await api.kernel.events.status();
  t.match(status, { pending: 0, scheduled: 1, oldestPendingSeconds: null }, 'a scheduled event is not backlog');

  // The instance that delivers starts only now, as after a restart: the schedule lives in the database.
  const worker = await loadKernel({ projectRoot: project.root, env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: api.databaseUrl, PORT: '0', RUSTOK_EVENTS_POLL_MS: '50' }, log: createLogger({ level: 'silent' }) });
  await worker.openDatabase();
  const running = await worker.serve();
  t.teardown(() => running.close());

  const effects = () => worker.database.sequelize.query<Effect>('SELECT event_id, handled_at FROM e_sink.effects', { type: QueryTypes.SELECT });
  const early = await effects();
  t.same(early, [], 'nothing is delivered before its time');
  const [effect] = await waitFor(effects, (rows) => rows.length > 0, 10_000);
  t.ok(effect && effect.handled_at.getTime() >= due, 'the handler ran no earlier than deliverAt');
  t.match(await worker.events.status(), { pending: 0, scheduled: 0, dead: 0 });
  t.equal((await effects()).length, 1, 'delivered exactly once');
});

t.test('deliverAt that is not a valid Date is refused with its own code, and the transaction writes nothing', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const refused = await kernel.graphql('mutation { eEmit(n: 1, deliverAt: "next tuesday-ish") }');
  t.equal(refused.errors?.[0]?.extensions?.code, 'RTK_EVENT_DELIVER_AT_INVALID');
  const [row] = await kernel.kernel.database.sequelize.query<{ count: string }>('SELECT count(*) FROM rustok.outbox', { type: QueryTypes.SELECT });
  t.equal(Number(row?.count), 0);
});
