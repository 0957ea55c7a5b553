/**
 * Durable-events benchmark: what the transactional outbox and its dispatcher
 * deliver, against a baseline of bare one-row transactions on the same
 * database.
 *
 *   npm run bench:events
 *
 * It creates its own database on RUSTOK_TEST_DATABASE_URL (else DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres) and drops it at the end,
 * and a throw-away project with two pinned modules:
 *   - bench-emitter: emits `bench-emitter.tick.emitted@1`, each event in its
 *     own transaction (ctx.models.transaction + ctx.events.emit);
 *   - bench-consumer: its handler inserts one row per event with the delivery
 *     transaction, recording the handler delay (now - meta.emittedAt; emittedAt
 *     is the outbox row's created_at, written just before the emit commits).
 *
 * Topology: this process boots the kernel in-process with
 * RUSTOK_EVENTS_DISPATCH=false (an API-only instance) and drives the emitter
 * module directly (no GraphQL on the path). Delivery is done by real
 * `rustok start` processes with dispatch on: one for the 1-instance throughput
 * and the latency phase, then two more are started for the 3-instance phase.
 * (Separate processes, not in-process kernels, so dispatchers do not share the
 * emitter's event loop and each one has its own pool and LISTEN connection.)
 *
 * Phases, in one run:
 *   1. baseline: INSERT of one row per transaction (autocommit, one round
 *      trip), EMITTERS concurrent clients → rows/s. For reference only, the
 *      same through sequelize.transaction (what a module's write costs);
 *   2. throughput, 1 instance: EVENTS events emitted as fast as EMITTERS
 *      concurrent emitters can, events/s from the first emit to the last
 *      handler effect visible (committed) in the consumer's table; then the
 *      bare baseline once more: the ratio divides by the mean of the two bare
 *      runs bracketing it, as the host's load drifts within a run;
 *   3. latency: RATE events/s for LATENCY_S seconds (open loop), p50/p99 of the
 *      handler delay;
 *   4. throughput, 3 instances: as 2.
 * Diagnostics, to tell the emit side from the delivery side: with the
 * dispatchers paused (SIGSTOP) EVENTS events are emitted alone (emit-only
 * rate), then the dispatchers resume (SIGCONT) and drain that backlog alone
 * (drain rate); the average number of deliveries per batch transaction
 * (deliveries sharing an xmin); how many events were handled on a later
 * attempt than the first (the bench handler never fails, so any is waste);
 * and CPU per event of this process, of the dispatcher processes and of the
 * PostgreSQL backends of the bench database — on a shared host the rates
 * move with whatever else runs there, CPU per event much less.
 * Every loop is bounded, the whole run has a deadline, and processes, the
 * database and the project are cleaned up on success, failure and signals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { loadKernel, type LoadedKernel } from '../kernel/src/kernel';
import { createLogger } from '../kernel/src/log';
import { testServerUrl } from '../kernel/src/testing';
import { cleanupOnce, envInt, runBench, stopChild } from './harness';
import { HOOK, makeProject, type Hook } from './events-project';

const REPO_ROOT = path.resolve(__dirname, '..');
const RUSTOK_BIN = path.join(REPO_ROOT, 'kernel', 'bin', 'rustok.js');

/** Events per throughput phase (and rows of the baseline). */
const EVENTS = envInt('BENCH_EVENTS_COUNT', 5000);
/** Concurrent emitters, and concurrent clients of the baseline. */
const EMITTERS = envInt('BENCH_EVENTS_EMITTERS', 8);
const RATE = envInt('BENCH_EVENTS_RATE', 500);
const LATENCY_S = envInt('BENCH_EVENTS_LATENCY_S', 10);
const WARMUP = 300;
/** Emits of the fixed-rate phase in flight at most; at the cap the emitter falls behind the rate, which the achieved rate then shows. */
const MAX_IN_FLIGHT = 64;
const DELIVERY_DEADLINE_MS = 60_000;
const TOTAL_DEADLINE_MS = 170_000;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;

// ---------------------------------------------------------------- resources and cleanup

interface Resources {
  databaseName: string | null;
  projectRoot: string | null;
  kernel: LoadedKernel | null;
  pools: Pool[];
  children: Set<ChildProcess>;
}
const resources: Resources = { databaseName: null, projectRoot: null, kernel: null, pools: [], children: new Set() };

function serverUrl(): URL {
  return new URL(testServerUrl());
}

function databaseUrl(name: string): string {
  const url = serverUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

async function createDatabase(): Promise<string> {
  const name = `rtk_bench_events_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl().toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  resources.databaseName = name;
  return databaseUrl(name);
}

const cleanup = cleanupOnce(async (step) => {
  await step('stopping dispatcher processes', () => Promise.all([...resources.children].map((child) => stopChild(child))));
  for (const pool of resources.pools) await step('closing a pool', () => pool.end());
  if (resources.kernel) await step('closing the kernel', () => (resources.kernel as LoadedKernel).closeDatabase());
  if (resources.databaseName) {
    const name = resources.databaseName;
    await step(`dropping database ${name}`, async () => {
      const admin = new Client({ connectionString: serverUrl().toString() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    });
  }
  if (resources.projectRoot) await step('removing the project', () => fs.rm(resources.projectRoot as string, { recursive: true, force: true }));
});

// Last resort when the process exits without cleanup having finished: no orphaned dispatchers.
process.on('exit', () => {
  for (const child of resources.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts `rustok start` with dispatch on and waits for the GraphQL URL it prints. */
async function startDispatcher(projectRoot: string, url: string, label: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [RUSTOK_BIN, 'start', '--project', projectRoot], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', RUSTOK_EVENTS_DISPATCH: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  resources.children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code, signal) => {
    if (!cleanup.started()) console.error(`dispatcher ${label} exited early (${code ?? signal}):\n${output}`);
  });
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (/GraphQL: http:\/\/\S+\/graphql/.test(output)) {
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null || Date.now() - started > 60_000) {
        clearInterval(poll);
        reject(new Error(`dispatcher ${label} did not start:\n${output}`));
      }
    }, 20);
  });
  // Warnings during the run (failed batches, retries) are part of the result; show them.
  child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString()}`));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString()}`));
  return child;
}

// ---------------------------------------------------------------- CPU accounting

/**
 * CPU seconds a process has used, from /proc (Linux; USER_HZ is 100 there).
 * Null where /proc is unavailable: the CPU columns then show "-".
 */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface CpuUse {
  /** This process: the emitting kernel, the probe, the baseline's client. */
  bench: number;
  /** The `rustok start` processes. */
  dispatchers: number;
  /** The PostgreSQL backends serving this benchmark's database (not the rest of the server). */
  postgres: number;
  available: boolean;
}

/**
 * Measures the CPU that `work` costs, per process group: on a shared host the
 * rates move with whatever else runs there, CPU per event much less.
 */
async function withCpu<T>(probe: Pool, work: () => Promise<T>): Promise<{ result: T; cpu: CpuUse }> {
  const backends = async () => (await probe.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid);
  const sample = (pids: number[]) => new Map(pids.map((pid) => [pid, processCpuSeconds(pid)]));
  const children = () => [...resources.children].map((c) => c.pid).filter((pid): pid is number => pid !== undefined);
  const pg0 = sample(await backends());
  const dispatchers0 = sample(children());
  const bench0 = process.cpuUsage();
  const result = await work();
  const bench = process.cpuUsage(bench0);
  const pg1 = sample(await backends());
  const dispatchers1 = sample(children());
  let available = true;
  const delta = (before: Map<number, number | null>, after: Map<number, number | null>) => {
    let total = 0;
    for (const [pid, cpu] of after) {
      if (cpu === null) available = false;
      else total += cpu - (before.get(pid) ?? 0);
    }
    return total;
  };
  const cpu = { bench: (bench.user + bench.system) / 1e6, dispatchers: delta(dispatchers0, dispatchers1), postgres: delta(pg0, pg1), available: false };
  cpu.available = available;
  return { result, cpu };
}

// ---------------------------------------------------------------- measurement helpers

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Nearest-rank quantile. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
}
const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** Runs `count` jobs on `concurrency` workers, each taking the next index when it is done with one. */
async function closedLoop(count: number, concurrency: number, job: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

interface Delivered {
  /** When the consumer's table first showed all `count` rows of the run. */
  at: number;
  delays: number[];
  duplicates: number;
  retried: number;
  /** Deliveries per batch transaction: the "delivered" marks of one batch share an xmin. */
  perBatch: number;
}

/**
 * Polls (every 5 ms, bounded) until every event of `run` has its committed effect; then reads the recorded delays.
 * While the last emitted event has no effect yet it asks only for that one row (an index probe), and
 * counts the run's rows only after: counting thousands of rows every 5 ms would take CPU from the
 * dispatchers it is timing.
 */
async function waitDelivered(probe: Pool, run: string, count: number): Promise<Delivered> {
  const until = Date.now() + DELIVERY_DEADLINE_MS;
  let lastSeen = false;
  for (;;) {
    if (!lastSeen) {
      const last = await probe.query('SELECT 1 FROM bench_consumer.received WHERE run = $1 AND seq = $2 LIMIT 1', [run, count - 1]);
      lastSeen = last.rows.length > 0;
    }
    const { rows } = lastSeen || Date.now() > until ? await probe.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_consumer.received WHERE run = $1', [run]) : { rows: [] };
    const seen = rows[0]?.n ?? 0;
    if (seen >= count) break;
    if (Date.now() > until) {
      const ledger = await probe.query('SELECT status, count(*)::int AS n FROM rustok.deliveries GROUP BY status ORDER BY status');
      throw new Error(`run ${run}: only ${seen} of ${count} events handled after ${DELIVERY_DEADLINE_MS} ms; deliveries: ${JSON.stringify(ledger.rows)}`);
    }
    await sleep(5);
  }
  const at = performance.now();
  const { rows } = await probe.query<{ delay_ms: number; seq: number; attempt: number }>('SELECT delay_ms, seq, attempt FROM bench_consumer.received WHERE run = $1', [run]);
  const distinct = new Set(rows.map((r) => r.seq)).size;
  const batches = await probe.query<{ n: number; batches: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT d.xmin::text)::int AS batches
       FROM rustok.deliveries d JOIN bench_consumer.received r ON r.event_id = d.event_id WHERE r.run = $1 AND d.status = 'delivered'`,
    [run],
  );
  const perBatch = (batches.rows[0]?.n ?? 0) / Math.max(1, batches.rows[0]?.batches ?? 0);
  return { at, delays: rows.map((r) => r.delay_ms), duplicates: rows.length - distinct, retried: rows.filter((r) => r.attempt > 1).length, perBatch };
}

interface ThroughputResult {
  events: number;
  emitPerS: number;
  deliveredPerS: number;
  p50: number;
  p99: number;
  duplicates: number;
  retried: number;
  perBatch: number;
}

function summary(delivered: Delivered, emitPerS: number, deliveredPerS: number): ThroughputResult {
  const { delays, duplicates, retried, perBatch } = delivered;
  return { events: EVENTS, emitPerS, deliveredPerS, p50: quantile(delays, 0.5), p99: quantile(delays, 0.99), duplicates, retried, perBatch };
}

/** Emits and delivers at once: events/s from the first emit to the last committed handler effect. */
async function throughput(emit: NonNullable<Hook['emit']>, probe: Pool, run: string): Promise<ThroughputResult> {
  const start = performance.now();
  await closedLoop(EVENTS, EMITTERS, (seq) => emit(run, seq));
  const emitted = performance.now();
  const delivered = await waitDelivered(probe, run, EVENTS);
  return summary(delivered, EVENTS / ((emitted - start) / 1000), EVENTS / ((delivered.at - start) / 1000));
}

/**
 * Emit and delivery apart: the dispatchers are paused (SIGSTOP) while EVENTS
 * events are emitted, then resumed; delivered/s counts from the resume. The
 * handler delays of this run include the pause and mean nothing.
 */
async function emitThenDrain(emit: NonNullable<Hook['emit']>, probe: Pool, run: string, dispatchers: readonly ChildProcess[]): Promise<ThroughputResult> {
  for (const child of dispatchers) child.kill('SIGSTOP');
  let resumed = false;
  const resume = () => {
    if (resumed) return;
    resumed = true;
    for (const child of dispatchers) child.kill('SIGCONT');
  };
  try {
    const start = performance.now();
    await closedLoop(EVENTS, EMITTERS, (seq) => emit(run, seq));
    const emitPerS = EVENTS / ((performance.now() - start) / 1000);
    const drainStart = performance.now();
    resume();
    const delivered = await waitDelivered(probe, run, EVENTS);
    return { ...summary(delivered, emitPerS, EVENTS / ((delivered.at - drainStart) / 1000)), p50: Number.NaN, p99: Number.NaN };
  } finally {
    resume();
  }
}

interface LatencyResult {
  events: number;
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  emitP50: number;
  emitP99: number;
  maxInFlight: number;
  duplicates: number;
  retried: number;
  perBatch: number;
}

/** Open loop: emit i is due at start + i/RATE s whatever happened to the emits before it. */
async function fixedRate(emit: NonNullable<Hook['emit']>, probe: Pool, run: string): Promise<LatencyResult> {
  const total = RATE * LATENCY_S;
  const intervalMs = 1000 / RATE;
  const emitMs: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let maxInFlight = 0;
  let failure: unknown = null;
  let sent = 0;
  const start = performance.now();
  const giveUpAt = start + LATENCY_S * 1000 + 10_000;
  while (sent < total) {
    const now = performance.now();
    if (now > giveUpAt) throw new Error(`the emitter could not keep ${RATE}/s: ${sent} of ${total} sent`);
    if (failure) throw failure;
    const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
    while (sent < due && inFlight.size < MAX_IN_FLIGHT) {
      const seq = sent++;
      const began = performance.now();
      const pending: Promise<void> = emit(run, seq).then(
        () => {
          emitMs.push(performance.now() - began);
          inFlight.delete(pending);
        },
        (error: unknown) => {
          failure = error;
          inFlight.delete(pending);
        },
      );
      inFlight.add(pending);
      maxInFlight = Math.max(maxInFlight, inFlight.size);
    }
    await sleep(1);
  }
  const lastSent = performance.now();
  await Promise.all(inFlight);
  if (failure) throw failure;
  const delivered = await waitDelivered(probe, run, total);
  return {
    events: total,
    achievedRate: total / ((lastSent - start) / 1000),
    p50: quantile(delivered.delays, 0.5),
    p90: quantile(delivered.delays, 0.9),
    p99: quantile(delivered.delays, 0.99),
    max: Math.max(...delivered.delays),
    emitP50: quantile(emitMs, 0.5),
    emitP99: quantile(emitMs, 0.99),
    maxInFlight,
    duplicates: delivered.duplicates,
    retried: delivered.retried,
    perBatch: delivered.perBatch,
  };
}

/** One-row transactions, EVENTS of them on EMITTERS concurrent clients, after a warm-up; rows/s. */
async function baseline(insert: (run: string, seq: number) => Promise<unknown>): Promise<number> {
  await closedLoop(WARMUP, EMITTERS, (seq) => insert('warmup', seq));
  const start = performance.now();
  await closedLoop(EVENTS, EMITTERS, (seq) => insert('measured', seq));
  return EVENTS / ((performance.now() - start) / 1000);
}

async function warmUp(emit: NonNullable<Hook['emit']>, probe: Pool, run: string): Promise<void> {
  await closedLoop(WARMUP, EMITTERS, (seq) => emit(run, seq));
  await waitDelivered(probe, run, WARMUP);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const url = await createDatabase();
  const projectRoot = await makeProject();
  resources.projectRoot = projectRoot;

  const hook: Hook = {};
  (globalThis as Record<symbol, Hook>)[HOOK] = hook;
  const kernel = await loadKernel({
    projectRoot,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url, RUSTOK_EVENTS_DISPATCH: 'false' },
    log: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
  });
  resources.kernel = kernel;
  await kernel.openDatabase();
  await kernel.migrations.up();
  const emit = hook.emit;
  if (emit === undefined) throw new Error('the emitter module did not register its bench hook');

  const pool = new Pool({ connectionString: url, max: EMITTERS });
  const probe = new Pool({ connectionString: url, max: 1 });
  resources.pools.push(pool, probe);

  console.log(`durable events bench: ${EVENTS} events per throughput run, ${EMITTERS} concurrent emitters, ${RATE}/s for ${LATENCY_S} s; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)} (other work on this host skews every number)`);
  await pool.query('CREATE TABLE bench_baseline (id uuid NOT NULL, run text NOT NULL, seq integer NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())');
  // The sequelize reference writes as the kernel's application role, as modules do.
  await pool.query(`GRANT SELECT, INSERT ON bench_baseline TO "${kernel.settings.appRole}"`);
  // The baseline: bare INSERT, autocommit (one round trip, one transaction and one commit per row).
  const bareInsert = (run: string, seq: number) => pool.query('INSERT INTO bench_baseline (id, run, seq) VALUES ($1, $2, $3)', [randomUUID(), run, seq]);
  const bare = await withCpu(probe, () => baseline(bareInsert));
  // Reference only: the same row through sequelize.transaction (START TRANSACTION; INSERT; COMMIT), as a module writes.
  const sequelize = kernel.database.sequelize;
  const viaSequelize = await withCpu(probe, () => baseline((run, seq) => sequelize.transaction((transaction) => sequelize.query('INSERT INTO bench_baseline (id, run, seq) VALUES ($1, $2, $3)', { bind: [randomUUID(), run, seq], transaction }))));
  const sequelizeRps = viaSequelize.result;
  console.log(`  baselines done: ${fixed(bare.result, 0)} rows/s bare, ${fixed(sequelizeRps, 0)} rows/s through sequelize.transaction`);

  const d1 = await startDispatcher(projectRoot, url, 'd1');
  await warmUp(emit, probe, 'warmup-1');
  const apart1 = await withCpu(probe, () => emitThenDrain(emit, probe, 'apart-1', [d1]));
  const one = await withCpu(probe, () => throughput(emit, probe, 'throughput-1'));
  // The bare baseline again, right after the phase the ratio is about: on a shared host the load
  // drifts within a run, and the ratio uses the mean of the two baselines that bracket it.
  const bareAfter = await withCpu(probe, () => baseline(bareInsert));
  const baselineRps = (bare.result + bareAfter.result) / 2;
  console.log(`  1 instance done: ${fixed(one.result.deliveredPerS, 0)} events/s (emit alone ${fixed(apart1.result.emitPerS, 0)}/s, drain alone ${fixed(apart1.result.deliveredPerS, 0)}/s)`);
  const latency = await withCpu(probe, () => fixedRate(emit, probe, 'latency'));
  console.log(`  latency done: p99 ${fixed(latency.result.p99, 1)} ms`);

  const [d2, d3] = await Promise.all([startDispatcher(projectRoot, url, 'd2'), startDispatcher(projectRoot, url, 'd3')]);
  await warmUp(emit, probe, 'warmup-3');
  const apart3 = await withCpu(probe, () => emitThenDrain(emit, probe, 'apart-3', [d1, d2, d3]));
  const three = await withCpu(probe, () => throughput(emit, probe, 'throughput-3'));
  console.log(`  3 instances done: ${fixed(three.result.deliveredPerS, 0)} events/s (drain alone ${fixed(apart3.result.deliveredPerS, 0)}/s)`);

  const ratio = one.result.deliveredPerS / baselineRps;
  const throughputMet = ratio >= TARGET_RATIO;
  const p99 = latency.result.p99;
  const p99Met = p99 < TARGET_P99_MS;
  const dash = '-';
  const cpuCells = (cpu: CpuUse, count: number): string[] => {
    if (!cpu.available) return [dash, dash, dash];
    return [cpu.bench, cpu.dispatchers, cpu.postgres].map((seconds) => fixed((seconds * 1000) / count, 3));
  };
  const measured = EVENTS + WARMUP;
  const row = (phase: string, { result: r, cpu }: { result: ThroughputResult; cpu: CpuUse }): string[] => [
    phase,
    String(r.events),
    fixed(r.emitPerS, 0),
    fixed(r.deliveredPerS, 0),
    fixed(r.deliveredPerS / baselineRps),
    fixed(r.perBatch, 1),
    Number.isNaN(r.p50) ? dash : fixed(r.p50, 1),
    Number.isNaN(r.p99) ? dash : fixed(r.p99, 1),
    String(r.retried),
    ...cpuCells(cpu, r.events),
  ];
  const rows: string[][] = [
    ['phase', 'events', 'emit/s', 'delivered/s', 'x baseline', 'per batch', 'delay p50 ms', 'delay p99 ms', 'attempt>1', 'cpu ms/ev: bench', 'dispatchers', 'postgres'],
    ['baseline: bare 1-row INSERT, autocommit (mean)', String(EVENTS * 2), dash, fixed(baselineRps, 0), '1.00', dash, dash, dash, dash, dash, dash, dash],
    ['  run before the event phases', String(EVENTS), dash, fixed(bare.result, 0), fixed(bare.result / baselineRps), dash, dash, dash, dash, ...cpuCells(bare.cpu, measured)],
    ['  run right after "throughput, 1 instance"', String(EVENTS), dash, fixed(bareAfter.result, 0), fixed(bareAfter.result / baselineRps), dash, dash, dash, dash, ...cpuCells(bareAfter.cpu, measured)],
    ['(ref) 1-row INSERT in sequelize.transaction', String(EVENTS), dash, fixed(sequelizeRps, 0), fixed(sequelizeRps / baselineRps), dash, dash, dash, dash, ...cpuCells(viaSequelize.cpu, measured)],
    row('throughput, 1 instance', one),
    row('throughput, 3 instances', three),
    [
      `latency, ${RATE}/s x ${LATENCY_S} s, 1 instance`,
      String(latency.result.events),
      fixed(latency.result.achievedRate, 0),
      dash,
      dash,
      fixed(latency.result.perBatch, 1),
      fixed(latency.result.p50, 1),
      fixed(p99, 1),
      String(latency.result.retried),
      ...cpuCells(latency.cpu, latency.result.events),
    ],
    row('(diag) emit alone, then drain, 1 instance', apart1),
    row('(diag) emit alone, then drain, 3 instances', apart3),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log('');
  for (const [i, cells] of rows.entries()) {
    console.log(cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('');
  console.log('attempt>1: events whose handler ran on a later attempt than the first (the bench handler never fails).');
  console.log('cpu ms/ev: CPU time per event (baselines: per row, warm-up included) of this process (emitting kernel, probe), of the dispatcher processes, and of the PostgreSQL backends of this database.');
  const l = latency.result;
  console.log(`latency detail: p90 ${fixed(l.p90, 1)} ms, max ${fixed(l.max, 1)} ms; emit commit p50 ${fixed(l.emitP50, 2)} ms, p99 ${fixed(l.emitP99, 2)} ms; at most ${l.maxInFlight} emits in flight`);
  const duplicates = [one, three, apart1, apart3].reduce((sum, r) => sum + r.result.duplicates, l.duplicates);
  console.log(`3 instances / 1 instance: ${fixed(three.result.deliveredPerS / one.result.deliveredPerS)}; events handled twice: ${duplicates}; deliveries handled on a later attempt (attempt>1): ${[one, three, apart1, apart3].reduce((sum, r) => sum + r.result.retried, l.retried)}`);
  console.log(`target: delivery throughput >= ${TARGET_RATIO} x baseline: ${throughputMet ? 'met' : 'NOT met'} (${fixed(ratio)})`);
  console.log(`target: p99 handler delay at ${RATE}/s < ${TARGET_P99_MS} ms: ${p99Met ? 'met' : 'NOT met'} (${fixed(p99, 1)} ms)`);
  if (duplicates > 0) throw new Error('some events were handled more than once');
  console.log(
    `RESULT name=events ratio=${fixed(ratio)} rps=${fixed(one.result.deliveredPerS)} p99_ms=${fixed(p99)} baseline_rps=${fixed(baselineRps)} rps_3=${fixed(three.result.deliveredPerS)} p50_ms=${fixed(l.p50)} target_throughput_met=${throughputMet} target_p99_met=${p99Met}`,
  );
}

runBench('events', TOTAL_DEADLINE_MS, main, cleanup);
