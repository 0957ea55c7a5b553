import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { runCli } from './helpers/cli';
import { connectDb, count, emitMutation } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';
import { startServerProcess } from './helpers/server-process';

const EVENTS = 5000;
const PER_MUTATION = 500;

t.test(`three instances share ${EVENTS} events: each handled exactly once, none lost, no deadlock, work spread`, async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  const databaseUrl = await createTestDatabase(t);
  // `dev` would race three migrators; migrate once, then start three instances that refuse pending migrations.
  const migrated = await runCli(['migrate', '--project', project.root], { env: { DATABASE_URL: databaseUrl } });
  t.equal(migrated.code, 0, migrated.stderr);
  const env = { DATABASE_URL: databaseUrl, RUSTOK_EVENTS_POLL_MS: '200' };
  const servers = await Promise.all([1, 2, 3].map(() => startServerProcess(t, 'start', project.root, env)));
  const pids = servers.map((s) => s.child.pid);
  const db = await connectDb(t, databaseUrl);

  const started = Date.now();
  for (let batch = 0; batch < EVENTS / PER_MUTATION; batch++) {
    const emitted = await servers[0]!.graphql<{ eEmit: number }>(emitMutation(PER_MUTATION, { batch: `load-${batch}` }));
    t.same(emitted.body, { data: { eEmit: PER_MUTATION } }, `mutation ${batch + 1} committed ${PER_MUTATION} events in one transaction`, { diagnostic: false });
  }
  const emittedMs = Date.now() - started;

  let delivered = 0;
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    delivered = await count(db, "SELECT count(*) AS n FROM rustok.deliveries WHERE status = 'delivered'");
    if (delivered >= EVENTS) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const deliveredMs = Date.now() - started;
  t.comment(`emitted ${EVENTS} events in ${emittedMs} ms; all delivered ${deliveredMs} ms after the first emit`);
  t.equal(delivered, EVENTS, `all ${EVENTS} deliveries reached 'delivered' within 120 s`);

  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.outbox'), EVENTS, 'the outbox holds every emitted event');
  const ledger = await db.query<{ status: string; attempts: number; errors: string; n: string }>(
    'SELECT status, attempts, count(last_error) AS errors, count(*) AS n FROM rustok.deliveries GROUP BY status, attempts ORDER BY status, attempts',
  );
  t.same(ledger.rows.map((r) => ({ ...r, n: Number(r.n), errors: Number(r.errors) })), [{ status: 'delivered', attempts: 1, errors: 0, n: EVENTS }], 'every delivery delivered on its first attempt, no error recorded');

  const effects = await db.query<{ n: string; distinct_events: string }>('SELECT count(*) AS n, count(DISTINCT event_id) AS distinct_events FROM e_sink.effects');
  t.same(effects.rows[0], { n: String(EVENTS), distinct_events: String(EVENTS) }, 'one effect per event: none duplicated');
  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.outbox o WHERE NOT EXISTS (SELECT 1 FROM e_sink.effects e WHERE e.event_id = o.id)'), 0, 'no event lost: each has its effect');
  t.equal(await count(db, 'SELECT count(*) AS n FROM e_sink.calls'), EVENTS, 'the handler was invoked once per event: SKIP LOCKED never let two instances claim the same delivery');

  const byPid = await db.query<{ pid: number; n: string }>('SELECT handled_by_pid AS pid, count(*) AS n FROM e_sink.effects GROUP BY 1 ORDER BY 1');
  t.comment(`effects per instance: ${byPid.rows.map((r) => `${r.pid}=${r.n}`).join(', ')}`);
  t.ok(byPid.rows.length > 1, `more than one instance did work (${byPid.rows.length} did)`);
  t.ok(
    byPid.rows.every((r) => pids.includes(r.pid)),
    'every effect was written by one of the three instances',
  );

  for (const [i, server] of servers.entries()) {
    t.equal(server.child.exitCode, null, `instance ${i + 1} is still running`);
    const ready = await fetch(server.graphqlUrl.replace(/\/graphql$/, '/health/ready'));
    t.equal(ready.status, 200, `instance ${i + 1} is ready`);
    t.notMatch(server.output(), /deadlock|delivery batch failed/i, `instance ${i + 1} logged no deadlock and no failed batch`);
  }
  // Statistics reach pg_stat_database asynchronously; this is a second witness to the logs above.
  const deadlocks = await count(db, 'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()');
  t.equal(deadlocks, 0, 'PostgreSQL detected no deadlock in the test database');
});
