import { randomUUID } from 'node:crypto';
import t from 'tap';
import { connectDb } from './helpers/event-delivery';
import { ALPHA, as, bootTenancy, errorCodes } from './helpers/tenancy';

// ModelsFacade.transaction promises that "queries of tenant-owned models inside `work` use it even when not
// passed { transaction }". The kernel joins the scope's transaction in find/count/create/update/destroy
// hooks; Sequelize's findOrCreate opens a transaction of its own first, and upsert's query never sees the
// hook's options, so both run outside the tenant's transaction and row-level security refuses their INSERT.
t.test('findOrCreate and upsert inside ctx.models.transaction, without { transaction }, write in the scope tenant', async (t) => {
  const kernel = await bootTenancy(t, { more: ['t-doc-notes'] });
  const db = await connectDb(t, kernel.databaseUrl);
  const rows = async () => (await db.query<{ tenant_id: string; text: string }>('SELECT tenant_id, text FROM t_doc_notes.notes ORDER BY text')).rows;

  const ensured = await kernel.graphql('mutation { tDocNoteEnsure(text: "ensured") }', undefined, as('alpha'));
  t.same(errorCodes(ensured), [], 'findOrCreate succeeds');
  t.same(errorCodes(await kernel.graphql('mutation { tDocNoteEnsure(text: "ensured") }', undefined, as('alpha'))), [], 'and finds it the second time');

  const id = randomUUID();
  const upserted = await kernel.graphql('mutation ($id: ID!) { tDocNoteUpsert(id: $id, text: "upserted") }', { id }, as('alpha'));
  t.same(errorCodes(upserted), [], 'upsert succeeds');
  const again = await kernel.graphql('mutation ($id: ID!) { tDocNoteUpsert(id: $id, text: "upserted again") }', { id }, as('alpha'));
  t.same(errorCodes(again), [], 'and updates the row the second time');

  t.same(
    await rows(),
    [
      { tenant_id: ALPHA, text: 'ensured' },
      { tenant_id: ALPHA, text: 'upserted again' },
    ],
    "one row each, in the request's tenant",
  );
});
