/**
 * Checkout benchmark (issue 8): add-to-cart and checkout through the kernel
 * (HTTP, GraphQL, access rules, row-level security, idempotency, stock
 * reservation with its ledger and events, order, lines, history, outbox),
 * beside a baseline in the same run — a bare pg transaction doing the same
 * conditional stock UPDATE and the same INSERTs (order number, order, line,
 * ledger, outbox) through a pool of the kernel's size (10).
 *
 *   node --import tsx bench/checkout.bench.ts     (npm run bench:checkout)
 *
 * It creates its own database (via bootForTest) and a throw-away project
 * with core and commerce, seeds carts with bulk SQL, and drives the server
 * with autocannon at BENCH_CHECKOUT_CONNECTIONS (50) for
 * BENCH_CHECKOUT_DURATION_S (8) seconds per phase. Stock is smaller than the
 * number of checkouts attempted, so the run ends with sold-out refusals;
 * afterwards the units in orders are compared with the stock there was:
 * `oversell` counts units sold beyond it (must be 0), for both sides.
 * The server runs in this process and autocannon in a worker thread (its
 * request builders are bench/checkout-load/*.cjs), so the load generator
 * does not take the server's event loop.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { commerceProject } from '../modules/commerce/test/helpers/boot-commerce';
import { bootForTest } from '../kernel/src/testing';
import { envInt } from './harness';

const CONNECTIONS = envInt('BENCH_CHECKOUT_CONNECTIONS', 50);
const DURATION_S = envInt('BENCH_CHECKOUT_DURATION_S', 8);
const CARTS = envInt('BENCH_CHECKOUT_CARTS', 40_000);
const VARIANTS = 20;
/** Per variant; fewer in total than checkouts attempted, so sold-out is reached. */
const STOCK = envInt('BENCH_CHECKOUT_STOCK', 1_000);
const LOAD_DIR = path.join(__dirname, 'checkout-load');
const OPERATOR_TOKEN = `bench-operator-${randomBytes(16).toString('hex')}`;

const teardowns: Array<() => unknown> = [];
const host = { teardown: (fn: () => unknown) => void teardowns.push(fn) };

interface Run {
  rps: number;
  p99: number;
  ok: number;
  errors: number;
}

/**
 * One autocannon phase in a worker thread of its own, so the load generator does not share the
 * server's event loop (the server runs in this process); requests are built by `setupRequest`, a
 * file of bench/checkout-load/ (functions cannot cross into a worker).
 */
async function cannon(url: string, setupRequest: string, headers: Record<string, string>): Promise<Run> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    workers: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    verifyBody: path.join(LOAD_DIR, 'answered.cjs'),
    requests: [{ setupRequest: path.join(LOAD_DIR, setupRequest) }],
  } as unknown as autocannon.Options); // the worker mode's file paths where functions go are not in autocannon's types
  // Every GraphQL answer with "errors" is a mismatch, whatever its status.
  const answered = result['2xx'] + result.non2xx;
  return { rps: (answered - result.mismatches) / DURATION_S, p99: result.latency.p99, ok: answered - result.mismatches, errors: result.mismatches };
}

/** The baseline: the same conditional UPDATE and INSERTs in one bare transaction per order. */
async function baseline(pool: Pool, tenantId: string, variantIds: string[]): Promise<Run> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let next = 0;
  const deadline = Date.now() + DURATION_S * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const variantId = variantIds[next++ % variantIds.length] as string;
      const started = performance.now();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const stock = await client.query('UPDATE base.stock_levels SET reserved = reserved + 1 WHERE variant_id = $1 AND on_hand - reserved >= 1 RETURNING on_hand', [variantId]);
        if (stock.rowCount === 0) {
          await client.query('ROLLBACK');
          errors += 1;
        } else {
          const orderId = randomUUID();
          await client.query('INSERT INTO base.stock_adjustments (id, tenant_id, variant_id, delta, reference) VALUES ($1, $2, $3, 1, $4)', [randomUUID(), tenantId, variantId, orderId]);
          await client.query(
            `WITH n AS (INSERT INTO base.order_counters VALUES ($2, 1) ON CONFLICT (tenant_id) DO UPDATE SET last_number = order_counters.last_number + 1 RETURNING last_number)
             INSERT INTO base.orders (id, tenant_id, number, total) SELECT $1, $2, n.last_number, 2499 FROM n`,
            [orderId, tenantId],
          );
          await client.query('INSERT INTO base.order_lines (id, order_id, variant_id, quantity, unit_amount) VALUES ($1, $2, $3, 1, 1999)', [randomUUID(), orderId, variantId]);
          await client.query('INSERT INTO base.order_transitions (id, order_id, to_status) VALUES ($1, $2, $3)', [randomUUID(), orderId, 'pending']);
          await client.query('INSERT INTO base.outbox (id, name, payload) VALUES ($1, $2, $3), ($4, $5, $6)', [randomUUID(), 'order.placed', JSON.stringify({ orderId }), randomUUID(), 'stock.changed', JSON.stringify({ variantId })]);
          await client.query('COMMIT');
          ok += 1;
        }
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  latencies.sort((a, b) => a - b);
  return { rps: ok / DURATION_S, p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0), ok, errors };
}

async function main(): Promise<void> {
  const root = await commerceProject(host, { core: { tenantCacheSeconds: 300 } });
  const booted = await bootForTest(host, { projectRoot: root, env: { RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN, RUSTOK_EVENTS_DISPATCH: 'false', LOG_LEVEL: 'silent' } });
  const address = booted.running.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the kernel is not listening on a port');
  const url = `http://127.0.0.1:${address.port}/graphql`;
  const gql = async <T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<T> => {
    const response = await booted.running.app.inject({ method: 'POST', url: '/graphql', headers: { host: 'platform.test', ...headers }, payload: { query, variables } });
    const body = response.json() as { data?: T; errors?: unknown };
    if (body.errors !== undefined || body.data == null) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const tenant = (await gql<{ createTenant: { id: string } }>('mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }', { i: { slug: 'bench', name: 'Bench', domains: ['bench.test'], locales: ['en'], defaultLocale: 'en', owner: { email: 'owner@bench.test', password: 'bench owner password' } } }, { authorization: `Bearer ${OPERATOR_TOKEN}` })).createTenant;
  const tenantId = Buffer.from(tenant.id, 'base64url').toString('utf8').split(':')[1] as string;
  const token = (await gql<{ login: { token: string } }>('mutation { login(email: "owner@bench.test", password: "bench owner password") { token } }', {}, { host: 'bench.test' })).login.token;
  const owner = { host: 'bench.test', authorization: `Bearer ${token}` };
  const product = (await gql<{ commerceCreateProduct: { id: string; variants: Array<{ id: string }> } }>(
    'mutation($i: CommerceCreateProductInput!) { commerceCreateProduct(input: $i) { id variants { id } } }',
    { i: { status: 'ACTIVE', translations: [{ locale: 'en', title: 'Bench tee' }], options: [{ name: 'Size', values: Array.from({ length: VARIANTS }, (_, i) => ({ value: `S${i}` })) }], variants: Array.from({ length: VARIANTS }, (_, i) => ({ sku: `B-${i}`, options: [{ name: 'Size', value: `S${i}` }], prices: [{ currency: 'EUR', amount: '1999' }], onHand: STOCK })) } },
    owner,
  )).commerceCreateProduct;
  await gql('mutation($id: ID!) { commercePublishProduct(id: $id) { id } }', { id: product.id }, owner);
  const region = (await gql<{ commerceCreateRegion: { id: string } }>('mutation { commerceCreateRegion(input: { name: "EU", currency: "EUR", countries: ["DE"], taxRateBp: 2000 }) { id } }', {}, owner)).commerceCreateRegion.id;
  const option = (await gql<{ commerceCreateShippingOption: { id: string } }>('mutation($r: ID!) { commerceCreateShippingOption(regionId: $r, input: { name: "Std", amount: "500" }) { id } }', { r: region }, owner)).commerceCreateShippingOption.id;
  const local = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1] as string;
  const variantIds = product.variants.map((v) => local(v.id));

  const ownerPool = new Pool({ connectionString: booted.databaseUrl, max: 10 });
  teardowns.push(() => ownerPool.end());
  const tokens = Array.from({ length: CARTS }, () => randomBytes(24).toString('base64url'));
  const cartIds = tokens.map(() => randomUUID());
  await ownerPool.query(
    `INSERT INTO commerce.carts (id, tenant_id, token, region_id, currency, email, shipping_address, shipping_option_id)
     SELECT c.id, $1, c.token, $2, 'EUR', 'bench@example.test', '{"name":"B","line1":"L","line2":null,"city":"C","postalCode":"1","country":"DE","phone":null}', $3 FROM unnest($4::uuid[], $5::text[]) AS c(id, token)`,
    [tenantId, local(region), local(option), cartIds, tokens],
  );

  const planFile = path.join(os.tmpdir(), `rustok-bench-checkout-${process.pid}.json`);
  await fs.writeFile(planFile, JSON.stringify({ tokens, variantIds: product.variants.map((v) => v.id) }));
  teardowns.push(() => fs.rm(planFile, { force: true }));
  process.env.BENCH_CHECKOUT_PLAN = planFile;

  const addRun = await cannon(url, 'add-to-cart.cjs', { host: 'bench.test' });
  // Carts the add-to-cart phase did not reach get their line by SQL.
  await ownerPool.query(
    `INSERT INTO commerce.cart_lines (id, tenant_id, cart_id, variant_id, quantity, unit_amount)
     SELECT gen_random_uuid(), $1, c.id, ($2::uuid[])[1 + (c.n % $3)], 1, 1999 FROM unnest($4::uuid[]) WITH ORDINALITY AS c(id, n)
      WHERE NOT EXISTS (SELECT 1 FROM commerce.cart_lines l WHERE l.cart_id = c.id)`,
    [tenantId, variantIds, VARIANTS, cartIds],
  );

  const checkoutRun = await cannon(url, 'checkout.cjs', { host: 'bench.test' });

  const [sold] = (await ownerPool.query<{ oversell: string }>(`SELECT COALESCE(sum(GREATEST(units - $1, 0)), 0) AS oversell FROM (SELECT variant_id, sum(quantity) AS units FROM commerce.order_lines GROUP BY variant_id) s`, [STOCK])).rows;
  const [negative] = (await ownerPool.query<{ n: string }>('SELECT count(*) AS n FROM commerce.stock_levels WHERE on_hand - reserved < 0')).rows;
  const oversell = Number(sold?.oversell) + Number(negative?.n);

  await ownerPool.query(`
    CREATE SCHEMA base;
    CREATE TABLE base.stock_levels (variant_id uuid PRIMARY KEY, on_hand int NOT NULL, reserved int NOT NULL DEFAULT 0, CHECK (on_hand - reserved >= 0));
    CREATE TABLE base.stock_adjustments (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, variant_id uuid NOT NULL, delta int NOT NULL, reference uuid, created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE base.order_counters (tenant_id uuid PRIMARY KEY, last_number bigint NOT NULL);
    CREATE TABLE base.orders (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, number bigint NOT NULL, total bigint NOT NULL, placed_at timestamptz NOT NULL DEFAULT now(), UNIQUE (tenant_id, number));
    CREATE TABLE base.order_lines (id uuid PRIMARY KEY, order_id uuid NOT NULL REFERENCES base.orders, variant_id uuid NOT NULL, quantity int NOT NULL, unit_amount bigint NOT NULL);
    CREATE TABLE base.order_transitions (id uuid PRIMARY KEY, order_id uuid NOT NULL REFERENCES base.orders, to_status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE base.outbox (id uuid PRIMARY KEY, name text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`);
  const baseVariants = Array.from({ length: VARIANTS }, () => randomUUID());
  await ownerPool.query('INSERT INTO base.stock_levels (variant_id, on_hand) SELECT unnest($1::uuid[]), $2', [baseVariants, STOCK]);
  const basePool = new Pool({ connectionString: booted.databaseUrl, max: 10 });
  teardowns.push(() => basePool.end());
  const base = await baseline(basePool, tenantId, baseVariants);
  const [baseSold] = (await ownerPool.query<{ oversell: string }>('SELECT COALESCE(sum(GREATEST(units - $1, 0)), 0) AS oversell FROM (SELECT variant_id, sum(quantity) AS units FROM base.order_lines GROUP BY variant_id) s', [STOCK])).rows;

  const ratio = base.rps === 0 ? 0 : checkoutRun.rps / base.rps;
  console.log(`add-to-cart   ${addRun.rps.toFixed(0)} req/s  p99 ${addRun.p99} ms  (${addRun.ok} ok, ${addRun.errors} errors)`);
  console.log(`checkout      ${checkoutRun.rps.toFixed(0)} orders/s  p99 ${checkoutRun.p99} ms  (${checkoutRun.ok} orders, ${checkoutRun.errors} refused, stock ${STOCK * VARIANTS} units)`);
  console.log(`baseline      ${base.rps.toFixed(0)} orders/s  p99 ${base.p99} ms  (${base.ok} orders, ${base.errors} sold out; oversell ${baseSold?.oversell})`);
  console.log(`ratio         ${(ratio * 100).toFixed(1)}% of the baseline (target ≥ 40%)`);
  console.log(`oversell      ${oversell} units`);
  console.log(`RESULT name=checkout ratio=${ratio.toFixed(3)} rps=${checkoutRun.rps.toFixed(0)} p99_ms=${checkoutRun.p99} baseline_rps=${base.rps.toFixed(0)} oversell=${oversell}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const fn of teardowns.reverse()) await fn();
  });
