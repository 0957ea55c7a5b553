import t from 'tap';
import { as, bootTenancy, createNote, errorCodes, type NoteView } from './helpers/tenancy';

const NOTES = '{ tNotes { id text tenantId } }';

t.test('a query compiled by graphql-jit after its first run keeps its access rule and its tenant scope', async (t) => {
  const kernel = await bootTenancy(t, { env: { RUSTOK_GRAPHQL_JIT: '1' } });
  await createNote(kernel, as('alpha', 'alpha-writer'), 'alpha note');
  await createNote(kernel, as('beta', 'beta-writer'), 'beta note');
  // The same text from different callers, interleaved, several times: from the second run on it is compiled.
  for (let run = 1; run <= 4; run++) {
    const alpha = await kernel.graphql<{ tNotes: NoteView[] }>(NOTES, undefined, as('alpha', 'alpha-reader'));
    t.same(alpha.data?.tNotes.map((note) => note.text), ['alpha note'], `run ${run}: alpha sees its own note only`);
    const beta = await kernel.graphql<{ tNotes: NoteView[] }>(NOTES, undefined, as('beta', 'beta-writer'));
    t.same(beta.data?.tNotes.map((note) => note.text), ['beta note'], `run ${run}: beta sees its own note only`);
    t.same(errorCodes(await kernel.graphql(NOTES, undefined, as('alpha'))), ['UNAUTHENTICATED'], `run ${run}: anonymous is still refused`);
  }
});
