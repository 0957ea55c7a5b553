import t from 'tap';
import { NOTIFY_MIN_GAP_MS, OUTBOX_CHANNEL } from '../src/events/event-bus';
import { bootForTest, countStatements } from '../src/testing';
import { connectDb, count, emitMutation, waitFor } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

const TRANSACTIONS = 200;
const CONCURRENCY = 8;

t.test('emits share NOTIFYs (one per transaction at most, one per gap under load), the last commit is still announced, and webhook dispatchers sleep through module-only events', async (t) => {
  const project = await fixtureProject(t, ['e-source', 'e-sink']);
  // Polling once in ten minutes: whatever is delivered within this test was woken by a NOTIFY.
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_POLL_MS: '600000' } });
  const db = await connectDb(t, kernel.databaseUrl);
  const payloads: string[] = [];
  const listener = await connectDb(t, kernel.databaseUrl);
  listener.on('notification', (message) => payloads.push(message.payload ?? ''));
  await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  let notifies = 0;
  let emits = 0;
  let webhookClaims = 0;
  const stop = countStatements((_client, text) => {
    if (text.includes('pg_notify')) notifies++;
    else if (text.includes('INSERT INTO rustok.outbox')) emits++;
    else if (text.includes("d.handler LIKE 'webhook:%'")) webhookClaims++;
  });
  t.teardown(stop);

  t.same((await kernel.graphql(emitMutation(50, { batch: 'one-transaction' }))).data, { eEmit: 50 });
  await waitFor(() => count(db, "SELECT count(*) AS n FROM rustok.deliveries WHERE status = 'delivered'"), (n) => n === 50, 10_000);
  t.same({ emits, notifies }, { emits: 1, notifies: 1 }, 'fifty events in one transaction: one outbox statement, sent with the commit, and one NOTIFY after it');

  notifies = 0;
  webhookClaims = 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TRANSACTIONS) {
        const batch = `burst-${next++}`;
        const result = await kernel.graphql(emitMutation(1, { batch }));
        if ((result.data as { eEmit?: number } | undefined)?.eEmit !== 1) throw new Error(`emit ${batch} failed: ${JSON.stringify(result)}`);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const delivered = await waitFor(() => count(db, "SELECT count(*) AS n FROM rustok.deliveries WHERE status = 'delivered'"), (n) => n === 50 + TRANSACTIONS, 10_000);
  t.equal(delivered, 50 + TRANSACTIONS, `all ${TRANSACTIONS} one-event transactions were delivered without polling: a NOTIFY followed the last commit`);
  // One may start at once and one per gap after it, plus the trailing one after the last commit.
  const allowed = 2 + Math.ceil(elapsedMs / NOTIFY_MIN_GAP_MS);
  t.ok(notifies >= 1 && notifies <= Math.min(allowed, TRANSACTIONS), `${TRANSACTIONS} transactions in ${elapsedMs.toFixed(0)} ms sent ${notifies} NOTIFYs (at most ${allowed})`);
  t.ok(payloads.length > 0 && payloads.every((payload) => payload === 'handlers'), `every NOTIFY names module handlers only (${[...new Set(payloads)].join(' | ')}): no webhook subscription exists`);
  t.equal(webhookClaims, 0, 'the webhook dispatcher never claimed on those NOTIFYs');
});
