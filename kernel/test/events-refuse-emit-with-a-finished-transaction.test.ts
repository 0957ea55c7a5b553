import t from 'tap';
import type { Transaction } from 'sequelize';
import { bootForTest } from '../src/testing';
import { connectDb, count } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';

const EVENT = 'e-source.item.created@1';

t.test('emitting with a transaction that already committed or rolled back fails with RTK_EVENT_TRANSACTION_FINISHED and writes nothing', async (t) => {
  const project = await fixtureProject(t, ['e-source']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const { sequelize } = kernel.kernel.database;
  const bus = kernel.kernel.bus;
  const db = await connectDb(t, kernel.databaseUrl);

  let committed: Transaction | null = null;
  await sequelize.transaction(async (transaction) => {
    committed = transaction;
  });
  const rolledBack = await sequelize.transaction();
  await rolledBack.rollback();

  for (const [label, transaction] of [
    ['committed', committed as unknown as Transaction],
    ['rolled back', rolledBack],
  ] as const) {
    // The pg client a finished transaction held is back in the pool, maybe inside another transaction by now.
    await t.rejects(bus.emit('e-source', EVENT, { batch: label, seq: 0 }, { transaction }), { code: 'RTK_EVENT_TRANSACTION_FINISHED' }, `a ${label} transaction is refused`);
  }
  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.outbox'), 0, 'no event reached the outbox');
  t.equal(await count(db, 'SELECT count(*) AS n FROM rustok.deliveries'), 0, 'no delivery was queued');
});
