import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { Semaphore } from '../src/services/semaphore';

t.test('no more than the permitted number of jobs run at once, and every job runs', async (t) => {
  const semaphore = new Semaphore(2);
  let running = 0;
  let peak = 0;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      semaphore.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(5);
        running -= 1;
        return i;
      }),
    ),
  );
  t.equal(peak, 2);
  t.same(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

t.test('a failing job releases its permit', async (t) => {
  const semaphore = new Semaphore(1);
  await t.rejects(semaphore.run(async () => Promise.reject(new Error('boom'))));
  t.equal(await semaphore.run(async () => 'next'), 'next');
});
