/**
 * Blog benchmark: the storefront's two hottest reads through RusToK (kernel
 * + core + blog, GraphQL over HTTP) against a hand-written fastify + pg
 * server answering the same JSON, on the same database, in the same run.
 *
 *   npm run bench:blog
 *
 * It creates its own database on RUSTOK_TEST_DATABASE_URL (else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) and drops
 * it at the end, and a throw-away project with core and blog pinned.
 *
 * Set-up: an in-process kernel migrates, creates the tenant, five authors,
 * 10 categories and 50 tags through GraphQL (as an operator would), and is
 * closed; then 10,000 posts (19 in 20 published, with categories, tags and
 * comments) are bulk-inserted through the owner connection. Servers, each in
 * its own process so neither shares an event loop with the load generator:
 *   - rustok: `rustok start` (NODE_ENV=production, event delivery off);
 *   - baseline: bench/blog-baseline.ts (fastify + pg, one statement per request).
 * Scenarios, each on both servers, autocannon with CONNECTIONS connections
 * for DURATION_S seconds after a warm-up, ROUNDS times, alternating which
 * server goes first; each run in steady state (its first second, while its
 * fresh connections queue behind the other run's abandoned requests, is not
 * counted: bench/steady-load.ts); req/s and percentiles over all rounds' responses:
 *   - listing: the newest 20 published posts with author, categories, tags and comment count;
 *   - post by slug: one published post (body HTML included) picked at random per request.
 * Targets: RusToK at ≥ 60% of the baseline's requests/s, with p99 latency
 * no worse than 1.5× the baseline's. The RESULT line reports the scenario
 * with the lower ratio. Every step is bounded and the run has a deadline;
 * processes, the database and the project are cleaned up on success,
 * failure and signals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { loadKernel } from '../kernel/src/kernel';
import { createLogger } from '../kernel/src/log';
import { testServerUrl } from '../kernel/src/testing';
import { insertPosts, makeBlogProject } from './blog-data';
import { cleanupOnce, envInt, runBench, stopChild } from './harness';
import { describeSettling, steadyLoad, summarize, type Measured, type Slice } from './steady-load';

const REPO_ROOT = path.resolve(__dirname, '..');
const RUSTOK_BIN = path.join(REPO_ROOT, 'kernel', 'bin', 'rustok.js');

const POSTS = envInt('BENCH_BLOG_POSTS', 10_000);
const CONNECTIONS = envInt('BENCH_BLOG_CONNECTIONS', 50);
const DURATION_S = envInt('BENCH_BLOG_DURATION_S', 6);
/** Measured runs per server and scenario, alternating which server goes first, so drift in the host's other load hits both alike. */
const ROUNDS = envInt('BENCH_BLOG_ROUNDS', 2);
/** Seconds at the start of each measured run that are not counted (see bench/steady-load.ts). */
const SETTLE_S = 1;
/**
 * Seconds of unmeasured load per side before measuring. A fresh server's first seconds (new
 * PostgreSQL backends warming their caches, V8 and the GraphQL JIT compiling the hot paths) show
 * as a tail of multi-second latencies that a running server never has; both sides get the same.
 */
const WARMUP_S = envInt('BENCH_BLOG_WARMUP_S', 10);
const TOTAL_DEADLINE_MS = process.env.BENCH_BLOG_HOLD === '1' ? 3_600_000 : 600_000;
const TARGET_RATIO = 0.6;
const TARGET_P99_FACTOR = 1.5;
const OPERATOR_TOKEN = randomBytes(24).toString('hex');
const TENANT = 'bench';

const LISTING_QUERY =
  'query { blogPosts(first: 20) { edges { node { id title slug excerpt publishedAt readingTime author { displayName } categories { name slug } tags { name slug } commentCount } } pageInfo { hasNextPage endCursor } } }';
const POST_QUERY =
  'query($slug: String!) { blogPost(slug: $slug) { id title slug excerpt publishedAt readingTime bodyHtml seoTitle seoDescription author { displayName } categories { name slug } tags { name slug } commentCount } }';

// ---------------------------------------------------------------- resources and cleanup

interface Resources {
  databaseName: string | null;
  projectRoot: string | null;
  children: Set<ChildProcess>;
  clients: Client[];
}
const resources: Resources = { databaseName: null, projectRoot: null, children: new Set(), clients: [] };

function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function createDatabase(): Promise<string> {
  const name = `rtk_bench_blog_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: testServerUrl() });
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
  await step('stopping servers', () => Promise.all([...resources.children].map((child) => stopChild(child))));
  for (const client of resources.clients) await step('closing a connection', () => client.end());
  if (resources.databaseName) {
    const name = resources.databaseName;
    await step(`dropping database ${name}`, async () => {
      const admin = new Client({ connectionString: testServerUrl() });
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

process.on('exit', () => {
  for (const child of resources.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts a server process and waits (bounded) until its output matches `ready`; returns the port it printed. */
async function startServer(label: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<number> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  resources.children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code, signal) => {
    if (!cleanup.started()) console.error(`${label} exited early (${code ?? signal}):\n${output}`);
  });
  return new Promise<number>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const match = ready.exec(output);
      if (match) {
        clearInterval(poll);
        resolve(Number(match[1]));
      } else if (child.exitCode !== null || Date.now() - started > 60_000) {
        clearInterval(poll);
        reject(new Error(`${label} did not start:\n${output}`));
      }
    }, 20);
  });
}

// ---------------------------------------------------------------- set-up through the API

async function setUp(projectRoot: string, url: string): Promise<{ tenantId: string; authorIds: string[]; categoryIds: string[]; tagIds: string[] }> {
  const kernel = await loadKernel({ projectRoot, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN, RUSTOK_EVENTS_DISPATCH: 'false' }, log: createLogger({ level: 'warn' }) });
  await kernel.openDatabase();
  await kernel.migrations.up();
  const running = await kernel.serve();
  try {
    const graphql = async <T>(query: string, variables: Record<string, unknown>, token = OPERATOR_TOKEN): Promise<T> => {
      const response = await running.app.inject({ method: 'POST', url: '/graphql', headers: { 'x-tenant': TENANT, authorization: `Bearer ${token}` }, payload: { query, variables } });
      const body = response.json() as { data?: T; errors?: unknown[] };
      if (body.errors !== undefined || body.data === undefined) throw new Error(`set-up failed: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    const operator = async <T>(query: string, variables: Record<string, unknown>) => {
      const response = await running.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, payload: { query, variables } });
      const body = response.json() as { data?: T; errors?: unknown[] };
      if (body.errors !== undefined || body.data === undefined) throw new Error(`set-up failed: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    const tenant = await operator<{ createTenant: { id: string } }>('mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }', {
      input: { slug: TENANT, name: 'Bench', locales: ['en', 'ru'], defaultLocale: 'en' },
    });
    const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] as string;
    const authorIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await graphql<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email: `author${i}@bench.test`, password: `bench author password ${i}`, displayName: `Author ${i}` } });
      authorIds.push(localId(user.createUser.id));
    }
    const categoryIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await graphql<{ blogCreateCategory: { id: string } }>('mutation($n: String!) { blogCreateCategory(input: { translations: [{ locale: "en", name: $n }] }) { id } }', { n: `Category ${i}` });
      categoryIds.push(localId(created.blogCreateCategory.id));
    }
    const tagIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await graphql<{ blogCreateTag: { id: string } }>('mutation($n: String!) { blogCreateTag(input: { translations: [{ locale: "en", name: $n }] }) { id } }', { n: `Tag ${i}` });
      tagIds.push(localId(created.blogCreateTag.id));
    }
    return { tenantId: localId(tenant.createTenant.id), authorIds, categoryIds, tagIds };
  } finally {
    await running.close();
  }
}

// ---------------------------------------------------------------- load

/** One measured run of a scenario on one server: steady-state load after SETTLE_S (see steady-load.ts). */
function load(options: autocannon.Options, settleSeconds: number, seconds: number): Promise<Slice> {
  return steadyLoad({ connections: CONNECTIONS, ...options }, settleSeconds, seconds);
}

function randomSlug(slugs: readonly string[]): string {
  return slugs[Math.floor(Math.random() * slugs.length)] as string;
}

/** Requests of one scenario for each server, built so a response that is not the expected data counts as an error. */
function scenarios(rustokPort: number, baselinePort: number, slugs: readonly string[]) {
  const graphqlHeaders = { 'content-type': 'application/json', 'x-tenant': TENANT };
  return {
    listing: {
      rustok: { url: `http://127.0.0.1:${rustokPort}/graphql`, method: 'POST' as const, headers: graphqlHeaders, body: JSON.stringify({ query: LISTING_QUERY }) },
      baseline: { url: `http://127.0.0.1:${baselinePort}/posts?first=20`, method: 'GET' as const },
    },
    post: {
      rustok: {
        url: `http://127.0.0.1:${rustokPort}/graphql`,
        requests: [{ method: 'POST' as const, headers: graphqlHeaders, setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify({ query: POST_QUERY, variables: { slug: randomSlug(slugs) } }) }) }],
      },
      baseline: { url: `http://127.0.0.1:${baselinePort}`, requests: [{ method: 'GET' as const, setupRequest: (request: autocannon.Request) => ({ ...request, path: `/posts/${randomSlug(slugs)}` }) }] },
    },
  };
}

/** Checks once, before measuring, that both servers answer the scenario with the same data. */
async function sameAnswers(rustokPort: number, baselinePort: number, slug: string): Promise<void> {
  const rustok = async (query: string, variables: Record<string, unknown>) =>
    (await fetch(`http://127.0.0.1:${rustokPort}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': TENANT }, body: JSON.stringify({ query, variables }) })).json() as Promise<{ data: Record<string, unknown>; errors?: unknown }>;
  const baseline = async (route: string) => (await fetch(`http://127.0.0.1:${baselinePort}${route}`)).json() as Promise<{ data: Record<string, unknown> }>;
  const pairs: Array<[string, { data: Record<string, unknown>; errors?: unknown }, { data: Record<string, unknown> }]> = [
    ['listing', await rustok(LISTING_QUERY, {}), await baseline('/posts?first=20')],
    ['post by slug', await rustok(POST_QUERY, { slug }), await baseline(`/posts/${slug}`)],
  ];
  for (const [name, fromRustok, fromBaseline] of pairs) {
    if (fromRustok.errors !== undefined) throw new Error(`${name}: RusToK answered with errors: ${JSON.stringify(fromRustok.errors)}`);
    const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'endCursor' ? undefined : inner)));
    if (JSON.stringify(strip(fromRustok.data)) !== JSON.stringify(strip(fromBaseline.data))) throw new Error(`${name}: the two servers answer differently:\n${JSON.stringify(fromRustok.data).slice(0, 600)}\n${JSON.stringify(fromBaseline.data).slice(0, 600)}`);
  }
}

function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const url = await createDatabase();
  const projectRoot = await makeBlogProject();
  resources.projectRoot = projectRoot;
  console.log(`blog bench: ${POSTS} posts, ${CONNECTIONS} connections, ${ROUNDS} x ${DURATION_S} s per server and scenario; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)} (other work on this host skews every number)`);

  const ids = await setUp(projectRoot, url);
  const owner = new Client({ connectionString: url });
  resources.clients.push(owner);
  await owner.connect();
  const started = Date.now();
  const data = await insertPosts(owner, ids.tenantId, ids.authorIds, ids.categoryIds, ids.tagIds, POSTS);
  console.log(`  ${data.posts} posts written in ${((Date.now() - started) / 1000).toFixed(1)} s (${data.slugs.length} published)`);

  // BENCH_BLOG_PROFILE_DIR=<dir> writes a CPU profile of the RusToK server there (open it in Chrome DevTools).
  const profile = process.env.BENCH_BLOG_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_BLOG_PROFILE_DIR}`] : [];
  const rustokPort = await startServer('rustok', [...profile, RUSTOK_BIN, 'start', '--project', projectRoot], { NODE_ENV: 'production', DATABASE_URL: url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', RUSTOK_EVENTS_DISPATCH: 'false' }, /GraphQL: http:\/\/[^\s:]+:(\d+)\/graphql/);
  const baselinePort = await startServer('baseline', ['--import', 'tsx', path.join(__dirname, 'blog-baseline.ts')], { DATABASE_URL: url, TENANT_ID: ids.tenantId }, /listening (\d+)/);
  await sameAnswers(rustokPort, baselinePort, data.slugs[0] as string);
  console.log('  both servers answer both scenarios with the same data');
  if (process.env.BENCH_BLOG_HOLD === '1') {
    // For profiling by hand: both servers stay up until Ctrl-C, which cleans up as usual.
    console.log(`  holding: GraphQL http://127.0.0.1:${rustokPort}/graphql (x-tenant: ${TENANT}), baseline http://127.0.0.1:${baselinePort}; slug ${data.slugs[0]}; Ctrl-C ends`);
    await new Promise(() => undefined);
  }

  const runs = scenarios(rustokPort, baselinePort, data.slugs);
  const results: Record<string, { rustok: Measured; baseline: Measured }> = {};
  for (const [name, scenario] of Object.entries(runs)) {
    await load(scenario.baseline, 0, WARMUP_S);
    await load(scenario.rustok, 0, WARMUP_S);
    const measured: { rustok: Slice[]; baseline: Slice[] } = { rustok: [], baseline: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['baseline', 'rustok'] as const) : (['rustok', 'baseline'] as const);
      for (const server of order) {
        const run = await load(scenario[server], SETTLE_S, DURATION_S);
        if (run.errors > 0) throw new Error(`${name} on ${server}: ${run.errors} failed or non-2xx responses`);
        measured[server].push(run);
      }
    }
    const [rustok, baseline] = [summarize(measured.rustok), summarize(measured.baseline)];
    results[name] = { rustok, baseline };
    console.log(`  ${name} done: rustok ${fixed(rustok.rps, 0)} req/s, baseline ${fixed(baseline.rps, 0)} req/s (not counted, each run's first ${SETTLE_S} s: rustok ${describeSettling(measured.rustok)}, baseline ${describeSettling(measured.baseline)})`);
  }

  const rows = [['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'x baseline req/s', 'x baseline p99']];
  for (const [name, { rustok, baseline }] of Object.entries(results)) {
    rows.push([name, 'baseline (fastify + pg)', fixed(baseline.rps, 0), fixed(baseline.p50, 1), fixed(baseline.p99, 1), '1.00', '1.00']);
    rows.push([name, 'rustok (GraphQL)', fixed(rustok.rps, 0), fixed(rustok.p50, 1), fixed(rustok.p99, 1), fixed(rustok.rps / baseline.rps), fixed(rustok.p99 / baseline.p99)]);
  }
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  console.log('');
  for (const [i, cells] of rows.entries()) {
    console.log(cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('');
  const listing = results.listing as { rustok: Measured; baseline: Measured };
  const post = results.post as { rustok: Measured; baseline: Measured };
  const ratioOf = (r: { rustok: Measured; baseline: Measured }) => r.rustok.rps / r.baseline.rps;
  const worst = ratioOf(listing) <= ratioOf(post) ? listing : post;
  const throughputMet = ratioOf(listing) >= TARGET_RATIO && ratioOf(post) >= TARGET_RATIO;
  const p99Met = listing.rustok.p99 <= TARGET_P99_FACTOR * listing.baseline.p99 && post.rustok.p99 <= TARGET_P99_FACTOR * post.baseline.p99;
  console.log(`target: >= ${TARGET_RATIO} x baseline req/s in both scenarios: ${throughputMet ? 'met' : 'NOT met'} (listing ${fixed(ratioOf(listing))}, post ${fixed(ratioOf(post))})`);
  console.log(`target: p99 <= ${TARGET_P99_FACTOR} x baseline p99 in both scenarios: ${p99Met ? 'met' : 'NOT met'} (listing ${fixed(listing.rustok.p99 / listing.baseline.p99)}, post ${fixed(post.rustok.p99 / post.baseline.p99)})`);
  console.log(
    `RESULT name=blog ratio=${fixed(ratioOf(worst))} rps=${fixed(worst.rustok.rps)} p99_ms=${fixed(worst.rustok.p99)} baseline_rps=${fixed(worst.baseline.rps)} baseline_p99_ms=${fixed(worst.baseline.p99)} scenario=${worst === listing ? 'listing' : 'post'} listing_ratio=${fixed(ratioOf(listing))} listing_rps=${fixed(listing.rustok.rps)} listing_p99_ms=${fixed(listing.rustok.p99)} listing_baseline_rps=${fixed(listing.baseline.rps)} listing_baseline_p99_ms=${fixed(listing.baseline.p99)} post_ratio=${fixed(ratioOf(post))} post_rps=${fixed(post.rustok.rps)} post_p99_ms=${fixed(post.rustok.p99)} post_baseline_rps=${fixed(post.baseline.rps)} post_baseline_p99_ms=${fixed(post.baseline.p99)} posts=${data.posts} connections=${CONNECTIONS} target_throughput_met=${throughputMet} target_p99_met=${p99Met}`,
  );
}

runBench('blog', TOTAL_DEADLINE_MS, main, cleanup);
