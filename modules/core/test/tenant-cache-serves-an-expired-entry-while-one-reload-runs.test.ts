import t from 'tap';
import { TtlCache } from '../src/services/ttl-cache';

/**
 * The tenant directory's cache: a request never waits for a reload of an
 * entry it has just seen, so a busy pool cannot stall every request once
 * per ttl; changes still show within ttl plus one reload.
 */
const TTL = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

t.test('a fresh entry is served without loading; concurrent misses share one load', async (t) => {
  const cache = new TtlCache<string>(TTL);
  let loads = 0;
  const load = async () => `v${++loads}`;
  t.same(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]), ['v1', 'v1', 'v1']);
  t.equal(await cache.get('k', load), 'v1');
  t.equal(loads, 1, 'one load for four gets');
});

t.test('an expired entry is served at once while a single reload runs, then the reloaded value', async (t) => {
  const cache = new TtlCache<string>(TTL);
  t.equal(await cache.get('k', async () => 'old'), 'old');
  await sleep(TTL + 20);
  const reload = deferred<string>();
  let reloads = 0;
  const load = () => {
    reloads += 1;
    return reload.promise;
  };
  t.same(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]), ['old', 'old', 'old'], 'no caller waits for the reload');
  t.equal(reloads, 1, 'one reload for all of them');
  reload.resolve('new');
  await sleep(0);
  t.equal(await cache.get('k', load), 'new', 'the reloaded value once it is in');
  t.equal(reloads, 1);
});

t.test('an entry unused for two ttls is loaded afresh before it is served', async (t) => {
  const cache = new TtlCache<string>(TTL);
  await cache.get('k', async () => 'old');
  await sleep(2 * TTL + 20);
  t.equal(await cache.get('k', async () => 'new'), 'new');
});

t.test('a failed reload keeps the expired value for its grace and the next request tries again', async (t) => {
  const cache = new TtlCache<string>(TTL);
  await cache.get('k', async () => 'old');
  await sleep(TTL + 20);
  t.equal(await cache.get('k', () => Promise.reject(new Error('database down'))), 'old');
  await sleep(0);
  let tried = false;
  t.equal(
    await cache.get('k', async () => {
      tried = true;
      return 'new';
    }),
    'old',
  );
  t.ok(tried, 'the next request started another reload');
  await sleep(0);
  t.equal(await cache.get('k', async () => 'unused'), 'new');
});

t.test('a failed first load is not kept, and clear() drops everything, also a reload in flight', async (t) => {
  const cache = new TtlCache<string>(TTL);
  await t.rejects(cache.get('k', () => Promise.reject(new Error('boom'))));
  await sleep(0);
  t.equal(await cache.get('k', async () => 'second try'), 'second try');
  await sleep(TTL + 20);
  const reload = deferred<string>();
  t.equal(await cache.get('k', () => reload.promise), 'second try');
  cache.clear();
  reload.resolve('from before the clear');
  await sleep(0);
  t.equal(await cache.get('k', async () => 'after clear'), 'after clear', 'the reload begun before clear() does not come back');
});
