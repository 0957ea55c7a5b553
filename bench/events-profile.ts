/**
 * Where a durable event's cost goes, without the noise of concurrency: emits
 * EVENTS events (each in its own transaction, dispatch off), then drains them
 * with one in-process Dispatcher calling deliverBatch() until none is left.
 * For each side it prints SQL round trips per event (every query this process
 * sends, grouped by statement), CPU ms per event of this process and of the
 * database's backends, and tuples written per event.
 *
 *   node --import tsx bench/events-profile.ts
 */
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { promises as fs, readFileSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { Dispatcher } from '../kernel/src/events/dispatcher';
import { OutboxWakeup } from '../kernel/src/events/outbox-wakeup';
import { WebhookDispatcher } from '../kernel/src/events/webhooks/webhook-dispatcher';
import { loadKernel, type LoadedKernel } from '../kernel/src/kernel';
import { createLogger } from '../kernel/src/log';
import { testServerUrl } from '../kernel/src/testing';
import { HOOK, makeProject, type Hook } from './events-project';

const EVENTS = Number(process.env.BENCH_EVENTS_COUNT ?? 3000);
const EMITTERS = 8;

const counts = new Map<string, number>();
let counting = false;
// Every query of this process goes through pg's Client.query: count them by statement.
const original = Client.prototype.query;
(Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string; name?: string } | undefined)?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (original as (...a: unknown[]) => unknown).apply(this, args);
};

function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    return 0;
  }
}

async function measure(label: string, probe: Pool, work: () => Promise<void>): Promise<void> {
  const backends = async () => (await probe.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  const tuples = async () => (await probe.query<{ w: string }>('SELECT (sum(n_tup_ins + n_tup_upd + n_tup_del))::text AS w FROM pg_stat_all_tables')).rows[0]?.w;
  await probe.query('SELECT pg_stat_force_next_flush()');
  const t0 = Number(await tuples());
  const pids0 = await backends();
  const pg0 = new Map(pids0.map((p) => [p, cpuSeconds(p)]));
  const self0 = process.cpuUsage();
  const wall0 = performance.now();
  counts.clear();
  const session = process.env.BENCH_PROFILE_CPU ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  counting = true;
  await work();
  counting = false;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    const file = `/tmp/events-${label.split(' ')[0]}.cpuprofile`;
    await fs.writeFile(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`   cpu profile: ${file}`);
  }
  const wall = performance.now() - wall0;
  const self = process.cpuUsage(self0);
  let pg = 0;
  for (const pid of await backends()) pg += cpuSeconds(pid) - (pg0.get(pid) ?? 0);
  await new Promise((r) => setTimeout(r, 1200));
  const t1 = Number(await tuples());
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`\n== ${label}: ${EVENTS} events in ${wall.toFixed(0)} ms (${((EVENTS / wall) * 1000).toFixed(0)}/s)`);
  console.log(`   round trips/event ${(total / EVENTS).toFixed(3)}; cpu ms/event: node ${(((self.user + self.system) / 1000) / EVENTS).toFixed(3)}, postgres ${((pg * 1000) / EVENTS).toFixed(3)}; tuples written/event ~${((t1 - t0) / EVENTS).toFixed(2)} (stats lag)`);
  for (const [text, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) console.log(`   ${(n / EVENTS).toFixed(3)}  ${text}`);
}

async function main(): Promise<void> {
  const server = new URL(testServerUrl());
  const name = `rtk_prof_events_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const projectRoot = await makeProject();
  let kernel: LoadedKernel | null = null;
  const probe = new Pool({ connectionString: url.toString(), max: 1 });
  try {
    const hook: Hook = {};
    (globalThis as Record<symbol, Hook>)[HOOK] = hook;
    kernel = await loadKernel({ projectRoot, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), RUSTOK_EVENTS_DISPATCH: 'false' }, log: createLogger({ level: 'warn' }) });
    await kernel.openDatabase();
    await kernel.migrations.up();
    const emit = hook.emit as NonNullable<Hook['emit']>;
    const k = kernel;
    const noWakeup = { subscribe: () => () => undefined } as unknown as OutboxWakeup;
    const dispatcher = new Dispatcher(k.database.sequelize, k.bus.handlers(), k.settings.events, k.log, noWakeup);
    // Warm up both sides (prepared statements, JIT).
    for (let i = 0; i < 200; i++) await emit('warm', i);
    while ((await dispatcher.deliverBatch()) > 0);
    let next = 0;
    await measure('emit (8 concurrent emitters, one transaction each)', probe, async () => {
      await Promise.all(Array.from({ length: EMITTERS }, async () => {
        while (next < EVENTS) await emit('run', next++);
      }));
    });
    await new Promise((r) => setTimeout(r, 300));
    await measure(`drain (1 loop, batch ${k.settings.events.batchSize})`, probe, async () => {
      while ((await dispatcher.deliverBatch()) > 0);
    });
    const received = await probe.query<{ n: number }>("SELECT count(*)::int AS n FROM bench_consumer.received WHERE run = 'run'");
    console.log(`\nreceived ${received.rows[0]?.n} of ${EVENTS}`);
    // Both at once, as in production: a started dispatcher (its loops, LISTEN/NOTIFY) in this process.
    const wakeup = new OutboxWakeup(() => k.database.connectClient(), k.settings.events.pollMs, k.log);
    await wakeup.start();
    const live = new Dispatcher(k.database.sequelize, k.bus.handlers(), k.settings.events, k.log, wakeup);
    await live.start();
    // A dispatching instance runs the webhook dispatcher too, on the same wake-ups.
    const webhooks = new WebhookDispatcher(k.database.sequelize, k.settings.events, k.log, wakeup);
    await webhooks.start();
    let seq = 0;
    await measure(`together (8 emitters, dispatcher with ${k.settings.events.workers} loops and the webhook dispatcher in this process)`, probe, async () => {
      await Promise.all(Array.from({ length: EMITTERS }, async () => {
        while (seq < EVENTS) await emit('together', seq++);
      }));
      for (;;) {
        const { rows } = await probe.query<{ n: number }>("SELECT count(*)::int AS n FROM bench_consumer.received WHERE run = 'together'");
        if ((rows[0]?.n ?? 0) >= EVENTS) break;
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await live.stop();
    await webhooks.stop();
    await wakeup.stop();
  } finally {
    await probe.end();
    await kernel?.closeDatabase();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await fs.rm(projectRoot, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
