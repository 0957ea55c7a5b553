import t from 'tap';
import { QueryTypes } from 'sequelize';
import { KERNEL_MIGRATIONS } from '../src/db/kernel-migrations';
import { as, bootTenancy, createNote, type NoteView } from './helpers/tenancy';

/**
 * ctx.models.query: one statement with parameters, for the scope's tenant.
 * Outside a transaction it runs on a pooled connection bound to the
 * request's tenant; inside one (passed, or the scope's) it runs there; each
 * text is prepared on the server once per connection.
 */
t.test('ctx.models.query outside a transaction shows each concurrent request only its own tenant', async (t) => {
  const kernel = await bootTenancy(t);
  await createNote(kernel, as('alpha', 'alpha-writer'), 'n: alpha');
  await createNote(kernel, as('beta', 'beta-writer'), 'n: beta');
  await createNote(kernel, as('beta', 'beta-writer'), 'other: beta');
  const callers = [
    { name: 'alpha', headers: as('alpha'), sees: ['n: alpha'] },
    { name: 'beta', headers: as('beta'), sees: ['n: beta'] },
    { name: 'no tenant', headers: as(null), sees: [] as string[] },
  ];
  // 300 requests over a pool of 10: every connection serves every kind of caller, in every order.
  const runs = await Promise.all(
    Array.from({ length: 300 }, async (_, i) => {
      const caller = callers[i % callers.length] as (typeof callers)[number];
      const response = await kernel.graphql<{ tNotesQuery: NoteView[] }>('query($p: String!) { tNotesQuery(prefix: $p) { text } }', { p: 'n:' }, caller.headers);
      return { caller, texts: response.errors ? response.errors.map((e) => e.message) : (response.data?.tNotesQuery ?? []).map((note) => note.text) };
    }),
  );
  const wrong = runs.filter((run) => JSON.stringify(run.texts) !== JSON.stringify(run.caller.sees));
  t.same(wrong.map((run) => `${run.caller.name} saw ${JSON.stringify(run.texts)}`), [], 'every one of 300 requests saw its own tenant only, filtered by the parameter');

  const prepared = await kernel.graphql<{ tPreparedStatements: string[] }>('{ tPreparedStatements }', undefined, as('alpha'));
  t.ok(
    prepared.data?.tPreparedStatements.some((text) => text.includes('WHERE text LIKE $1')),
    'the statement text was prepared on the server, with its value as a parameter',
  );
  const distinctPrefixes = await Promise.all(['a', 'b', 'c', 'd'].map((p) => kernel.graphql('query($p: String!) { tNotesQuery(prefix: $p) { text } }', { p }, as('alpha'))));
  t.ok(distinctPrefixes.every((response) => response.errors === undefined), 'other values reuse the prepared statement');
});

t.test('ctx.models.query inside a transaction sees its uncommitted writes, and a rollback keeps none', async (t) => {
  const kernel = await bootTenancy(t);
  await createNote(kernel, as('alpha', 'alpha-writer'), 'first');
  const created = await kernel.graphql<{ tNoteCreateAndCount: number }>('mutation { tNoteCreateAndCount(text: "second", fail: false) }', undefined, as('alpha', 'alpha-writer'));
  t.equal(created.data?.tNoteCreateAndCount, 2, "the count in the scope's transaction includes the uncommitted insert");
  const failed = await kernel.graphql('mutation { tNoteCreateAndCount(text: "third", fail: true) }', undefined, as('alpha', 'alpha-writer'));
  t.ok(failed.errors !== undefined, 'the failing mutation reports its error');
  const notes = await kernel.graphql<{ tNotesQuery: NoteView[] }>('{ tNotesQuery(prefix: "") { text tenantId } }', undefined, as('alpha'));
  t.same(
    notes.data?.tNotesQuery.map((note) => note.text),
    ['first', 'second'],
    "the rolled-back insert is gone; the committed one was stamped with the scope's tenant",
  );
});

t.test('ctx.models.query refuses a transaction that has ended: its connection may be serving someone else', async (t) => {
  const kernel = await bootTenancy(t);
  const response = await kernel.graphql<{ tNoteQueryAfterCommit: string }>('mutation { tNoteQueryAfterCommit }', undefined, as('alpha', 'alpha-writer'));
  t.equal(response.data?.tNoteQueryAfterCommit, 'RTK_QUERY_TRANSACTION_FINISHED');
});

t.test("ctx.models.transaction runs for the scope's tenant on whatever pooled connection it gets, under concurrency", async (t) => {
  const kernel = await bootTenancy(t);
  // Each insert stamps rustok.current_tenant_id(): a transaction on a connection still bound to another
  // tenant would file the note there (the policy's check would agree with the wrong setting).
  const writers = [as('alpha', 'alpha-writer'), as('beta', 'beta-writer')];
  const results = await Promise.all(
    Array.from({ length: 120 }, (_, i) => kernel.graphql('mutation($t: String!) { tNoteCreateAndCount(text: $t, fail: false) }', { t: `${i % 2 === 0 ? 'alpha' : 'beta'} ${i}` }, writers[i % 2])),
  );
  t.same(results.flatMap((r) => r.errors ?? []), [], 'all 120 concurrent writes succeeded');
  for (const tenant of ['alpha', 'beta']) {
    const notes = await kernel.graphql<{ tNotesQuery: NoteView[] }>('{ tNotesQuery(prefix: "") { text } }', undefined, as(tenant));
    const texts = notes.data?.tNotesQuery.map((note) => note.text) ?? [];
    t.equal(texts.length, 60, `${tenant} has its 60 notes`);
    t.ok(texts.every((text) => text.startsWith(tenant)), `${tenant} has none of the other tenant's`);
  }
});

t.test('tenant policies read the tenant setting once per statement, also those made before that rule', async (t) => {
  const kernel = await bootTenancy(t);
  const owner = kernel.kernel.database.owner;
  const policies = () => owner.query<{ table: string; qual: string }>("SELECT schemaname || '.' || tablename AS table, qual FROM pg_policies WHERE policyname = 'rustok_tenant_isolation' ORDER BY 1", { type: QueryTypes.SELECT });
  const initPlan = /\(\s*SELECT rustok\.current_tenant_id\(\)/;
  const fresh = await policies();
  t.ok(fresh.length > 0, 'isolated tables have the kernel policy');
  t.same(fresh.filter((p) => !initPlan.test(p.qual)).map((p) => p.table), [], 'isolateByTenant compares with a scalar subquery (evaluated once, not per row)');

  const step = KERNEL_MIGRATIONS.find((migration) => migration.name === '0005-tenant-policy-once-per-statement');
  if (step === undefined || typeof step.up !== 'string' || typeof step.down !== 'string') throw new Error('kernel migration 0005 is missing');
  await owner.query(step.down);
  t.ok((await policies()).every((p) => !initPlan.test(p.qual)), 'down: the per-row form, as policies were made before');
  await owner.query(step.up);
  t.same((await policies()).filter((p) => !initPlan.test(p.qual)).map((p) => p.table), [], 'up: every such policy is brought to the once-per-statement form');

  await createNote(kernel, as('alpha', 'alpha-writer'), 'alpha after migration');
  const beta = await kernel.graphql<{ tNotesQuery: NoteView[] }>('{ tNotesQuery(prefix: "") { text } }', undefined, as('beta'));
  t.same(beta.data?.tNotesQuery, [], 'isolation still holds after the change');
});
