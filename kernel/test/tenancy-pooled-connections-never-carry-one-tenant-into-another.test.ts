import t from 'tap';
import { as, bootTenancy, createNote, type NoteView } from './helpers/tenancy';

const RAW = '{ tNotesRawNoTransaction { text tenantId } }';
const MODEL = '{ tNotes { text tenantId } }';

t.test('under concurrency, a pooled connection reused across tenants and unscoped work shows each request only its own tenant', async (t) => {
  const kernel = await bootTenancy(t);
  await createNote(kernel, as('alpha', 'alpha-writer'), 'alpha note');
  await createNote(kernel, as('beta', 'beta-writer'), 'beta note');
  const callers = [
    { name: 'alpha', headers: as('alpha', 'alpha-reader'), sees: ['alpha note'] },
    { name: 'beta', headers: as('beta', 'beta-writer'), sees: ['beta note'] },
    // No tenant: row-level security must show nothing, whatever tenant the connection served before.
    { name: 'no tenant', headers: as(null), sees: [] as string[] },
  ];
  // 300 requests on a pool of 10 connections: every connection serves all three kinds, in every order.
  const runs = await Promise.all(
    Array.from({ length: 300 }, async (_, i) => {
      const caller = callers[i % callers.length] as (typeof callers)[number];
      const response = await kernel.graphql<{ tNotesRawNoTransaction: NoteView[] }>(RAW, undefined, caller.headers);
      return { caller, texts: response.errors ? response.errors.map((e) => e.message) : (response.data?.tNotesRawNoTransaction ?? []).map((note) => note.text) };
    }),
  );
  const wrong = runs.filter((run) => JSON.stringify(run.texts) !== JSON.stringify(run.caller.sees));
  t.same(wrong.map((run) => `${run.caller.name} saw ${JSON.stringify(run.texts)}`), [], 'raw SQL outside a transaction saw only its own tenant in all 300 requests');

  const modelRuns = await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const caller = callers[i % 2] as (typeof callers)[number];
      const response = await kernel.graphql<{ tNotes: NoteView[] }>(MODEL, undefined, caller.headers);
      return JSON.stringify(response.data?.tNotes.map((note) => note.text)) === JSON.stringify(caller.sees);
    }),
  );
  t.equal(modelRuns.filter(Boolean).length, 60, 'model reads agree under the same interleaving');
});
