/**
 * Catalog benchmark: the storefront's product listing and product page
 * through the kernel (GraphQL, access rules, tenant resolution, row-level
 * security, loaders), against a baseline in the same run — a bare fastify
 * route answering the same data with hand-written SQL through pg
 * (bench/catalog-baseline-server.ts).
 *
 *   npm run bench:catalog
 *
 * It creates its own database on RUSTOK_TEST_DATABASE_URL (else DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres) and drops it at the end,
 * and a throw-away project with core and commerce pinned. The catalog is
 * BENCH_CATALOG_PRODUCTS (10,000) products × 3 variants × 2 currencies,
 * written with bulk SQL (bench/catalog-seed.ts). Both servers run as child
 * processes (`rustok start` in production mode, and the baseline), so
 * neither shares an event loop with autocannon, which drives each with
 * BENCH_CATALOG_CONNECTIONS (50) connections for BENCH_CATALOG_DURATION_S
 * (12) seconds per query after a warm-up, in alternating slices (see
 * measurePair), each measured in steady state: responses to requests sent in
 * a slice's first second, while its fresh connections queue behind the
 * previous slice's abandoned requests, are not counted (see run). Nothing is cached: every request reaches PostgreSQL.
 * Before measuring, both answers are compared, so the two sides
 * demonstrably serve the same products.
 *
 * Target (issue 6): ≥ 60% of the baseline's requests/s, p99 ≤ 1.5× the
 * baseline's. The RESULT line reports the listing; product-page figures
 * follow as handle_*.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { RegistryEntry } from '@rustok/contracts';
import { loadKernel } from '../kernel/src/kernel';
import { createLogger } from '../kernel/src/log';
import { computePackageIntegrity } from '../kernel/src/registry/integrity';
import { writeRegistryFile } from '../kernel/src/registry/registry-file';
import { testServerUrl } from '../kernel/src/testing';
import { LISTING_QUERY, PAGE_SIZE, PRODUCT_QUERY } from './catalog-queries';
import { seedCatalog } from './catalog-seed';
import { cleanupOnce, envInt, runBench, stopChild } from './harness';
import { describeSettling, steadyLoad, summarize, type Measured, type Slice } from './steady-load';

const REPO_ROOT = path.resolve(__dirname, '..');
const RUSTOK_BIN = path.join(REPO_ROOT, 'kernel', 'bin', 'rustok.js');
const BASELINE = path.join(__dirname, 'catalog-baseline-server.ts');

const PRODUCTS = envInt('BENCH_CATALOG_PRODUCTS', 10_000);
const CONNECTIONS = envInt('BENCH_CATALOG_CONNECTIONS', 50);
/** Seconds each side is measured per query, split into ROUNDS alternating slices. */
const DURATION_S = envInt('BENCH_CATALOG_DURATION_S', 12);
const ROUNDS = envInt('BENCH_CATALOG_ROUNDS', 2);
/**
 * Seconds of unmeasured load per side before measuring. A fresh server's first seconds (new
 * PostgreSQL backends warming their caches, V8 and the GraphQL JIT compiling the hot paths) show
 * as a tail of multi-second latencies that a running server never has; both sides get the same.
 */
const WARMUP_S = envInt('BENCH_CATALOG_WARMUP_S', 10);
const SETTLE_S = 1;
const TOTAL_DEADLINE_MS = process.env.BENCH_CATALOG_HOLD === '1' ? 3_600_000 : 300_000;
const TARGET_RATIO = 0.6;
const TARGET_P99_FACTOR = 1.5;
/** Extra node flags for the `rustok start` child, for profiling by hand (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). */
const SERVER_NODE_ARGS = (process.env.BENCH_CATALOG_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
const OPERATOR_TOKEN = `bench-operator-${randomBytes(16).toString('hex')}`;
const TENANT = 'bench';

// ---------------------------------------------------------------- resources and cleanup

const resources: { databaseName: string | null; projectRoot: string | null; children: Set<ChildProcess> } = { databaseName: null, projectRoot: null, children: new Set() };

function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

const cleanup = cleanupOnce(async (step) => {
  await step('stopping servers', () => Promise.all([...resources.children].map((child) => stopChild(child, 10_000))));
  if (resources.databaseName) await step(`dropping database ${resources.databaseName}`, () => adminQuery(`DROP DATABASE IF EXISTS "${resources.databaseName}" WITH (FORCE)`));
  if (resources.projectRoot) await step('removing the project', () => fs.rm(resources.projectRoot as string, { recursive: true, force: true }));
});

process.on('exit', () => {
  for (const child of resources.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

// ---------------------------------------------------------------- project, data, servers

/** A throw-away project with core and commerce copied (without tests) and pinned. */
async function makeProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-bench-catalog-'));
  resources.projectRoot = root;
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const modules: RegistryEntry[] = [];
  for (const [id, pkg] of [
    ['core', '@rustok/module-core'],
    ['commerce', '@rustok/module-commerce'],
  ] as const) {
    const source = path.join(REPO_ROOT, 'modules', id);
    const target = path.join(root, 'modules', id);
    await fs.cp(source, target, { recursive: true, filter: (file) => !file.includes(`${path.sep}node_modules`) && !file.startsWith(path.join(source, 'test')) });
    modules.push({ id, package: pkg, version: '0.1.0', source: `workspace:modules/${id}`, integrity: await computePackageIntegrity(target), enabled: true });
  }
  await writeRegistryFile(path.join(root, 'registry.json'), { modules });
  return root;
}

/** Migrates in-process, creates the bench tenant through GraphQL as the operator, and returns its id. */
async function prepare(projectRoot: string, url: string): Promise<string> {
  const kernel = await loadKernel({ projectRoot, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN, RUSTOK_EVENTS_DISPATCH: 'false' }, log: createLogger({ level: 'warn' }) });
  await kernel.openDatabase();
  await kernel.migrations.up();
  const running = await kernel.serve();
  try {
    const response = await running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      payload: { query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }', variables: { input: { slug: TENANT, name: 'Bench', locales: ['en', 'ru'], defaultLocale: 'en' } } },
    });
    const id = (response.json() as { data?: { createTenant?: { id: string } } }).data?.createTenant?.id;
    if (id === undefined) throw new Error(`createTenant failed: ${response.body}`);
    return Buffer.from(id, 'base64url').toString('utf8').split(':')[1] as string;
  } finally {
    await running.close();
  }
}

/** Spawns a server and resolves with the URL it prints once listening. */
async function startServer(label: string, command: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, command, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  resources.children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code, signal) => {
    if (!cleanup.started()) console.error(`${label} exited early (${code ?? signal}):\n${output}`);
  });
  return new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const match = ready.exec(output);
      if (match) {
        clearInterval(poll);
        resolve(match[1] as string);
      } else if (child.exitCode !== null || Date.now() - started > 60_000) {
        clearInterval(poll);
        reject(new Error(`${label} did not start:\n${output}`));
      }
    }, 20);
  });
}

// ---------------------------------------------------------------- measuring

interface Target {
  name: string;
  url: string;
  body: (i: number) => string;
}

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': TENANT }, body });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** One slice of `target`: steady-state load after `settleSeconds` (see steady-load.ts). */
function run(target: Target, settleSeconds: number, seconds: number): Promise<Slice> {
  let i = 0;
  return steadyLoad(
    {
      url: target.url,
      connections: CONNECTIONS,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': TENANT },
      requests: [{ setupRequest: (request) => ({ ...request, body: target.body(i++) }) }],
    },
    settleSeconds,
    seconds,
  );
}

/**
 * Both sides of one query, after a warm-up each, in ROUNDS alternating
 * slices (A B, B A, A B, …): on a shared host, load that comes and goes then
 * falls on both sides alike instead of on whichever ran at that moment.
 * Each slice's first SETTLE_S seconds are not measured (see run).
 * Requests/s and percentiles are over all measured slices merged.
 */
async function measurePair(graphql: Target, baseline: Target): Promise<[Measured, Measured]> {
  await run(graphql, 0, WARMUP_S);
  await run(baseline, 0, WARMUP_S);
  const slices: [Slice[], Slice[]] = [[], []];
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const side of order) slices[side].push(await run(side === 0 ? graphql : baseline, SETTLE_S, DURATION_S / ROUNDS));
  }
  const measured: [Measured, Measured] = [summarize(slices[0]), summarize(slices[1])];
  for (const [side, target, result] of [[0, graphql, measured[0]], [1, baseline, measured[1]]] as const) {
    const perSlice = slices[side].map((slice) => summarize([slice])).map((m) => `${m.rps.toFixed(0)}/s p99 ${m.p99}`).join(', ');
    console.log(`  ${target.name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${result.errors > 0 ? `, ${result.errors} errors` : ''} (slices: ${perSlice}; not counted, each slice's first ${SETTLE_S} s: ${describeSettling(slices[side])})`);
  }
  return measured;
}

/** The two sides must serve the same products (ids, variants, prices) before their speed means anything. */
function assertSameData(kernel: unknown, baseline: unknown, what: string): void {
  const fingerprint = (data: unknown) => JSON.stringify(data, (key, value: unknown) => (key === 'cursor' || key === 'endCursor' ? undefined : value));
  const k = fingerprint((kernel as { data: unknown }).data);
  const b = fingerprint((baseline as { data: unknown }).data);
  if ((kernel as { errors?: unknown }).errors !== undefined) throw new Error(`${what}: the kernel answered with errors: ${JSON.stringify((kernel as { errors: unknown }).errors)}`);
  if (k !== b) throw new Error(`${what}: kernel and baseline answer differently.\nkernel:   ${k.slice(0, 2000)}\nbaseline: ${b.slice(0, 2000)}`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const name = `rtk_bench_catalog_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  resources.databaseName = name;
  const url = databaseUrl(name);
  const projectRoot = await makeProject();
  const tenantId = await prepare(projectRoot, url);

  const seeding = Date.now();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await seedCatalog(client, tenantId, PRODUCTS);
  } finally {
    await client.end();
  }
  console.log(`catalog bench: ${PRODUCTS} products × 3 variants × 2 currencies seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s; ${CONNECTIONS} connections, ${DURATION_S} s per side and query in ${ROUNDS} alternating slices, after ${WARMUP_S} s warm-up; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)} (other work on this host skews every number)`);

  const graphql = await startServer('rustok start', [...SERVER_NODE_ARGS, RUSTOK_BIN, 'start', '--project', projectRoot], { NODE_ENV: 'production', DATABASE_URL: url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', RUSTOK_EVENTS_DISPATCH: 'false' }, /GraphQL: (http:\/\/\S+\/graphql)/);
  const baseline = await startServer('baseline', ['--import', 'tsx', BASELINE], { DATABASE_URL: url, TENANT_ID: tenantId, PORT: '0' }, /BASELINE (http:\/\/\S+)/);

  const handles = Array.from({ length: 500 }, (_, i) => `product-${1 + ((i * 7919) % PRODUCTS)}`);
  const targets = {
    listing: { name: 'GraphQL commerceProducts(first: 20)', url: graphql, body: () => JSON.stringify({ query: LISTING_QUERY, variables: { first: PAGE_SIZE } }) },
    listingBaseline: { name: 'baseline listing', url: `${baseline}/listing`, body: () => JSON.stringify({ first: PAGE_SIZE }) },
    product: { name: 'GraphQL commerceProduct(handle)', url: graphql, body: (i: number) => JSON.stringify({ query: PRODUCT_QUERY, variables: { handle: handles[i % handles.length] } }) },
    productBaseline: { name: 'baseline product', url: `${baseline}/product`, body: (i: number) => JSON.stringify({ handle: handles[i % handles.length] }) },
  };
  assertSameData(await post(targets.listing.url, targets.listing.body()), await post(targets.listingBaseline.url, targets.listingBaseline.body()), 'listing');
  assertSameData(await post(targets.product.url, targets.product.body(3)), await post(targets.productBaseline.url, targets.productBaseline.body(3)), 'product page');
  console.log('  both sides answer the same data');
  if (process.env.BENCH_CATALOG_HOLD === '1') {
    // For profiling by hand: both servers stay up until Ctrl-C, which cleans up as usual.
    console.log(`  holding: GraphQL ${graphql} (x-tenant: ${TENANT}), baseline ${baseline}; Ctrl-C ends`);
    await new Promise(() => undefined);
  }

  const [listing, listingBaseline] = await measurePair(targets.listing, targets.listingBaseline);
  const [product, productBaseline] = await measurePair(targets.product, targets.productBaseline);

  const rows = [
    ['query', 'req/s', 'p50 ms', 'p99 ms', 'x baseline req/s', 'p99 / baseline'],
    ['storefront listing (20 products, nested)', listing.rps.toFixed(0), String(listing.p50), String(listing.p99), (listing.rps / listingBaseline.rps).toFixed(2), (listing.p99 / listingBaseline.p99).toFixed(2)],
    ['  baseline: fastify + pg, 2 statements', listingBaseline.rps.toFixed(0), String(listingBaseline.p50), String(listingBaseline.p99), '1.00', '1.00'],
    ['product by handle', product.rps.toFixed(0), String(product.p50), String(product.p99), (product.rps / productBaseline.rps).toFixed(2), (product.p99 / productBaseline.p99).toFixed(2)],
    ['  baseline: fastify + pg, 2 statements', productBaseline.rps.toFixed(0), String(productBaseline.p50), String(productBaseline.p99), '1.00', '1.00'],
  ];
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  console.log('');
  for (const [i, cells] of rows.entries()) {
    console.log(cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const errors = listing.errors + listingBaseline.errors + product.errors + productBaseline.errors;
  const ratio = listing.rps / listingBaseline.rps;
  const handleRatio = product.rps / productBaseline.rps;
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const listingMet = { rps: ratio >= TARGET_RATIO, p99: listing.p99 <= TARGET_P99_FACTOR * listingBaseline.p99 };
  const productMet = { rps: handleRatio >= TARGET_RATIO, p99: product.p99 <= TARGET_P99_FACTOR * productBaseline.p99 };
  console.log('');
  console.log(`target listing: req/s >= ${TARGET_RATIO} x baseline: ${verdict(listingMet.rps)} (${ratio.toFixed(2)}); p99 <= ${TARGET_P99_FACTOR} x baseline: ${verdict(listingMet.p99)} (${(listing.p99 / listingBaseline.p99).toFixed(2)})`);
  console.log(`target product page: req/s >= ${TARGET_RATIO} x baseline: ${verdict(productMet.rps)} (${handleRatio.toFixed(2)}); p99 <= ${TARGET_P99_FACTOR} x baseline: ${verdict(productMet.p99)} (${(product.p99 / productBaseline.p99).toFixed(2)})`);
  if (errors > 0) throw new Error(`${errors} requests failed during the runs`);
  console.log(
    `RESULT name=catalog ratio=${ratio.toFixed(2)} rps=${listing.rps.toFixed(0)} p99_ms=${listing.p99} baseline_rps=${listingBaseline.rps.toFixed(0)} baseline_p99_ms=${listingBaseline.p99} p50_ms=${listing.p50} baseline_p50_ms=${listingBaseline.p50} handle_ratio=${handleRatio.toFixed(2)} handle_rps=${product.rps.toFixed(0)} handle_p99_ms=${product.p99} handle_baseline_rps=${productBaseline.rps.toFixed(0)} handle_baseline_p99_ms=${productBaseline.p99} products=${PRODUCTS} connections=${CONNECTIONS} target_met=${listingMet.rps && listingMet.p99 && productMet.rps && productMet.p99}`,
  );
}

runBench('catalog', TOTAL_DEADLINE_MS, main, cleanup);
