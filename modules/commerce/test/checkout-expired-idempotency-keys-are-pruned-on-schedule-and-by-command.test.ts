import t from 'tap';
import type { ModuleCommand } from '@rustok/contracts';
import { bootStore, count, createCart, type Store } from './helpers/checkout-store';

const key = (name: string) => `${name}-0123456789abcdef`;

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pruneEvents = async (store: Store) => Number((await store.kernel.sql<{ n: string }>("SELECT count(*) AS n FROM rustok.outbox WHERE name = 'commerce.idempotency.prune-due' AND payload->>'tenantId' = $1", [store.tenant.id]))[0]?.n);
const schedules = (store: Store) => count(store, 'idempotency_prune_schedule', 'tenant_id = $1', [store.tenant.id]);
const keysOf = (store: Store, tenantId = store.tenant.id) => count(store, 'idempotency_keys', 'tenant_id = $1', [tenantId]);

t.test('expired idempotency keys are deleted by a self-rescheduling kernel event, and by a command', async (t) => {
  // Keys live 1 s and pruning may run every second; the dispatcher polls every 50 ms.
  const store = await bootStore(t, { commerce: { idempotencyKeyTtlSeconds: 1, idempotencyKeyPruneIntervalSeconds: 1 }, env: { RUSTOK_EVENTS_POLL_MS: '50' } });

  t.test('the first key of a tenant starts a schedule; its event prunes the key once expired and ends the schedule when no key is left', async (t) => {
    t.equal(await schedules(store), 0, 'no schedule before any key');
    await createCart(store, store.tenant.visitor, key('first'));
    await createCart(store, store.tenant.visitor, key('second'));
    t.equal(await keysOf(store), 2);
    t.equal(await schedules(store), 1, 'one schedule for the tenant');
    t.equal(await pruneEvents(store), 1, 'one prune event for both keys: a live schedule is not started again');
    await eventually('the keys are pruned and the schedule has ended', async () => (await keysOf(store)) === 0 && (await schedules(store)) === 0);
    t.pass('both keys deleted after they expired, and the schedule ended with them');
  });

  t.test('while keys remain, the handler schedules itself again at the earliest expiry', async (t) => {
    const before = await pruneEvents(store);
    await createCart(store, store.tenant.visitor, key('third'));
    // Created after the schedule's first due time is fixed: still there when it comes, so the chain must go on.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await createCart(store, store.tenant.visitor, key('fourth'));
    await eventually('both keys are pruned', async () => (await keysOf(store)) === 0 && (await schedules(store)) === 0);
    t.ok((await pruneEvents(store)) - before >= 2, 'a second prune event was scheduled by the first handler');
  });

  t.test('a key that has not expired is never pruned', async (t) => {
    await store.kernel.sql(`INSERT INTO commerce.idempotency_keys (tenant_id, scope, key, request_hash, expires_at) VALUES ($1, 'createCart:guest', 'long-lived-0123456789', 'h', now() + interval '1 hour')`, [store.tenant.id]);
    await createCart(store, store.tenant.visitor, key('fifth'));
    await eventually('the short-lived key is pruned', async () => (await count(store, 'idempotency_keys', "key = $1", [key('fifth')])) === 0);
    t.equal(await count(store, 'idempotency_keys', "key = 'long-lived-0123456789'"), 1, 'the unexpired key is still there');
    t.equal(await schedules(store), 1, 'and the schedule goes on for it');
  });

  t.test('`rustok commerce prune-idempotency-keys --tenant <slug>` deletes that tenant’s expired keys only', async (t) => {
    const { command } = store.kernel.kernel.gate.commands.get('commerce prune-idempotency-keys') as { command: ModuleCommand };
    const other = await store.kernel.createTenant('other');
    const insertExpired = (tenantId: string, name: string) =>
      store.kernel.sql(`INSERT INTO commerce.idempotency_keys (tenant_id, scope, key, request_hash, expires_at) VALUES ($1, 'checkout:guest', $2, 'h', now() - interval '1 minute')`, [tenantId, name]);
    await insertExpired(store.tenant.id, 'expired-a-0123456789');
    await insertExpired(store.tenant.id, 'expired-b-0123456789');
    await insertExpired(other.id, 'expired-c-0123456789');
    const printed: string[] = [];
    await command.run({ flags: { tenant: 'shop' }, positionals: [] }, { print: (line) => printed.push(line) });
    t.match(printed.join('\n'), /Deleted 2 expired idempotency keys of tenant "shop"/);
    t.equal(await count(store, 'idempotency_keys', "key LIKE 'expired-%'"), 1, "the other tenant's expired key is left to its own pruning");
    t.equal(await keysOf(store, other.id), 1);
    t.equal(await count(store, 'idempotency_keys', "key = 'long-lived-0123456789'"), 1, 'the unexpired key stays');

    const run = async (flags: Record<string, string | boolean>, positionals: string[] = []) => {
      try {
        await command.run({ flags, positionals }, { print: () => undefined });
        return 'ran';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    t.equal(await run({}), 'CLI_USAGE', 'without --tenant');
    t.equal(await run({ tenant: true }), 'CLI_USAGE', '--tenant without a value');
    t.equal(await run({ tenant: 'shop', tenantt: 'x' }), 'CLI_USAGE', 'an unknown flag');
    t.equal(await run({ tenant: 'shop' }, ['now']), 'CLI_USAGE', 'a stray argument');
    t.equal(await run({ tenant: 'nowhere' }), 'TENANT_UNKNOWN');
  });
});
