import t from 'tap';
import { QueryTypes } from 'sequelize';
import { connectDb } from './helpers/event-delivery';
import { ALPHA, as, BETA, bootTenancy, createNote, errorCodes, OPERATOR_TOKEN, type NoteView } from './helpers/tenancy';

const NOTES = '{ tNotes { id text tenantId } }';
const UNFILTERED = '{ tNotesUnfiltered { id text tenantId } }';
const texts = (notes: NoteView[] | undefined) => (notes ?? []).map((note) => note.text);

t.test("a tenant's actor never reads or writes another tenant's notes, and row-level security holds even for raw SQL", async (t) => {
  const kernel = await bootTenancy(t);
  const db = await connectDb(t, kernel.databaseUrl);
  const rowsOf = async (tenantId: string) => (await db.query<{ text: string }>('SELECT text FROM t_notes.notes WHERE tenant_id = $1 ORDER BY text', [tenantId])).rows.map((row) => row.text);

  const a1 = await createNote(kernel, as('alpha', 'alpha-writer'), 'alpha one');
  await createNote(kernel, as('alpha', 'alpha-writer'), 'alpha two');
  const b1 = await createNote(kernel, as('beta', 'beta-writer'), 'beta one');
  t.equal(a1.tenantId, ALPHA, "the kernel stamps the request's tenant on create");
  t.equal(b1.tenantId, BETA);
  t.same(await rowsOf(ALPHA), ['alpha one', 'alpha two'], 'the rows landed in alpha');
  t.same(await rowsOf(BETA), ['beta one'], 'the row landed in beta');

  const alphaReads = await kernel.graphql<{ tNotes: NoteView[] }>(NOTES, undefined, as('alpha', 'alpha-reader'));
  t.same(alphaReads.errors, undefined);
  t.same(texts(alphaReads.data?.tNotes), ['alpha one', 'alpha two'], 'alpha reads only its notes through the model');
  const betaReads = await kernel.graphql<{ tNotes: NoteView[] }>(NOTES, undefined, as('beta', 'beta-writer'));
  t.same(texts(betaReads.data?.tNotes), ['beta one'], 'beta reads only its note');

  const crossRead = await kernel.graphql(NOTES, undefined, as('beta', 'alpha-reader'));
  t.same(errorCodes(crossRead), ['FORBIDDEN'], "alpha's token asking for beta's notes is forbidden");
  t.equal(crossRead.data ?? null, null, 'and gets no data');
  const crossWrite = await kernel.graphql('mutation { tNoteCreate(text: "smuggled") { id } }', undefined, as('beta', 'alpha-writer'));
  t.same(errorCodes(crossWrite), ['FORBIDDEN'], "alpha's token writing into beta is forbidden");

  const unfiltered = await kernel.graphql<{ tNotesUnfiltered: NoteView[] }>(UNFILTERED, undefined, as('alpha'));
  t.same(unfiltered.errors, undefined);
  t.same(texts(unfiltered.data?.tNotesUnfiltered), ['alpha one', 'alpha two'], "raw SELECT * without a filter returns only the request tenant's rows");
  const unfilteredBeta = await kernel.graphql<{ tNotesUnfiltered: NoteView[] }>(UNFILTERED, undefined, as('beta'));
  t.same(texts(unfilteredBeta.data?.tNotesUnfiltered), ['beta one']);
  const noTenant = await kernel.graphql<{ tNotesUnfiltered: NoteView[] }>(UNFILTERED);
  t.same(noTenant.errors, undefined);
  t.same(noTenant.data?.tNotesUnfiltered, [], 'with no tenant the raw query sees nothing');

  const rename = 'mutation ($id: ID!, $text: String!) { tNoteRename(id: $id, text: $text) }';
  const remove = 'mutation ($id: ID!) { tNoteDelete(id: $id) }';
  const renamedOther = await kernel.graphql<{ tNoteRename: number }>(rename, { id: b1.id, text: 'renamed by alpha' }, as('alpha', 'alpha-writer'));
  t.equal(renamedOther.data?.tNoteRename, 0, "alpha renaming beta's note by id through the model changes nothing");
  const deletedOther = await kernel.graphql<{ tNoteDelete: number }>(remove, { id: b1.id }, as('alpha', 'alpha-writer'));
  t.equal(deletedOther.data?.tNoteDelete, 0, "alpha deleting beta's note by id through the model deletes nothing");
  t.same(await rowsOf(BETA), ['beta one'], "beta's note is untouched");
  const renamedOwn = await kernel.graphql<{ tNoteRename: number }>(rename, { id: a1.id, text: 'alpha one' }, as('alpha', 'alpha-writer'));
  t.equal(renamedOwn.data?.tNoteRename, 1, 'its own note it can rename');

  const explicitOther = await kernel.graphql('mutation ($t: ID!) { tNoteCreateFor(tenantId: $t, text: "explicitly beta") { id } }', { t: BETA }, as('alpha', 'alpha-writer'));
  t.same(errorCodes(explicitOther), ['RTK_TENANT_MISMATCH'], "the model refuses a row naming another tenant");
  const rawOther = await kernel.graphql('mutation ($t: ID!) { tNoteInsertRaw(tenantId: $t, text: "raw into beta") }', { t: BETA }, as('alpha', 'alpha-writer'));
  t.equal(rawOther.errors?.length, 1, 'a raw INSERT of a beta row from alpha fails');
  t.match(rawOther.errors?.[0]?.message, /row-level security/, "on the policy's WITH CHECK");
  const rawOwn = await kernel.graphql('mutation ($t: ID!) { tNoteInsertRaw(tenantId: $t, text: "alpha raw") }', { t: ALPHA }, as('alpha', 'alpha-writer'));
  t.same(rawOwn.errors, undefined, 'a raw INSERT of an own row passes the policy');
  t.same(await rowsOf(BETA), ['beta one'], 'nothing reached beta');

  const purged = await kernel.graphql<{ tNotesPurgeRaw: number }>('mutation { tNotesPurgeRaw }', undefined, as('alpha', 'alpha-admin'));
  t.same(purged.errors, undefined);
  t.equal(purged.data?.tNotesPurgeRaw, 3, "a raw DELETE without a filter deletes alpha's three rows only");
  t.same(await rowsOf(ALPHA), []);
  t.same(await rowsOf(BETA), ['beta one'], "beta's row survived alpha's unfiltered DELETE");

  const { sequelize } = kernel.kernel.database;
  const [role] = await sequelize.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>('SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user', { type: QueryTypes.SELECT });
  t.same(role, { rolname: 'rustok_app', rolsuper: false, rolbypassrls: false }, 'the app connects as rustok_app, neither superuser nor BYPASSRLS');

  const outside = await sequelize.model('TNotesNote').findAll().then(
    () => null,
    (error: unknown) => error,
  );
  t.equal((outside as { code?: string } | null)?.code, 'RTK_TENANT_SCOPE_REQUIRED', 'the model used outside any tenant scope throws');
  const operatorNoTenant = await kernel.graphql(NOTES, undefined, as(null, OPERATOR_TOKEN));
  t.same(errorCodes(operatorNoTenant), ['RTK_TENANT_SCOPE_REQUIRED'], 'so does a resolver of a request naming no tenant, even for the operator');
});
