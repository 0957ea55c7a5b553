import { randomUUID } from 'node:crypto';
import t from 'tap';
import { Dispatcher } from '../src/events/dispatcher';
import { OutboxWakeup } from '../src/events/outbox-wakeup';
import { runInScope } from '../src/tenancy/scope';
import { connectDb, deliveries, waitFor } from './helpers/event-delivery';
import { ALPHA, as, BETA, bootTenancy, createNote, errorCodes } from './helpers/tenancy';

const EVENT = 't-notes.note.created@1';

interface EchoRow {
  text: string;
  tenant_id: string;
  meta_tenant: string | null;
  scope_tenant: string | null;
}

t.test("an event carries its emitter's tenant; the handler runs in that tenant and its tenant-owned write lands there", async (t) => {
  const kernel = await bootTenancy(t);
  const db = await connectDb(t, kernel.databaseUrl);

  const alphaNote = await createNote(kernel, as('alpha', 'alpha-writer'), 'from alpha');
  const betaNote = await createNote(kernel, as('beta', 'beta-writer'), 'from beta');
  const outbox = await db.query<{ note: string; tenant_id: string | null }>("SELECT payload->>'noteId' AS note, tenant_id FROM rustok.outbox WHERE name = 't-notes.note.created' ORDER BY created_at");
  t.same(
    outbox.rows,
    [
      { note: alphaNote.id, tenant_id: ALPHA },
      { note: betaNote.id, tenant_id: BETA },
    ],
    "rustok.outbox.tenant_id is the emitting request's tenant",
  );

  const echoes = await waitFor(
    async () => (await db.query<EchoRow>('SELECT text, tenant_id, meta_tenant, scope_tenant FROM t_notes.note_echoes ORDER BY text')).rows,
    (rows) => rows.length === 2,
  );
  t.same(
    echoes,
    [
      { text: 'from alpha', tenant_id: ALPHA, meta_tenant: ALPHA, scope_tenant: ALPHA },
      { text: 'from beta', tenant_id: BETA, meta_tenant: BETA, scope_tenant: BETA },
    ],
    "meta.tenantId, the handler's scope and the row the kernel stamped all name the emitter's tenant",
  );
  const alphaEchoes = await kernel.graphql<{ tNoteEchoes: Array<{ text: string; tenantId: string }> }>('{ tNoteEchoes { text tenantId } }', undefined, as('alpha', 'alpha-reader'));
  t.same(errorCodes(alphaEchoes), []);
  t.same(alphaEchoes.data?.tNoteEchoes, [{ text: 'from alpha', tenantId: ALPHA }], 'alpha sees only the echo of its own event');

  // An event emitted outside any tenant (platform work): the handler has no tenant to write for.
  await runInScope({ tenantId: null, request: null, transaction: null }, () => kernel.kernel.bus.emit('t-notes', EVENT, { noteId: randomUUID(), text: 'from nowhere' }, { transaction: null }));
  const platformEvent = (await db.query<{ id: string; tenant_id: string | null }>("SELECT id, tenant_id FROM rustok.outbox WHERE payload->>'text' = 'from nowhere'")).rows[0];
  t.equal(platformEvent?.tenant_id, null, 'an event emitted in no tenant has none');
  const [failed] = await waitFor(() => deliveries(db, { eventId: platformEvent?.id }), ([delivery]) => delivery?.last_error != null);
  t.match(failed?.last_error, /outside a tenant scope/, "its handler's tenant-owned write is refused, not written to some tenant");
  t.equal(Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM t_notes.note_echoes WHERE text = 'from nowhere'")).rows[0]?.n), 0);
});

t.test('one delivery batch mixing tenants runs each handler in its own event\'s tenant', async (t) => {
  // No background dispatch: one batch claims every event, alternating tenants.
  const kernel = await bootTenancy(t, { env: { RUSTOK_EVENTS_DISPATCH: 'false' } });
  const loaded = kernel.kernel;
  const dispatcher = new Dispatcher(loaded.database.sequelize, loaded.bus.handlers(), loaded.settings.events, loaded.log, new OutboxWakeup(() => loaded.database.connectClient(), 60_000, loaded.log));
  const db = await connectDb(t, kernel.databaseUrl);
  const writers = { alpha: as('alpha', 'alpha-writer'), beta: as('beta', 'beta-writer') };
  for (const [slug, text] of [['alpha', 'a1'], ['beta', 'b1'], ['beta', 'b2'], ['alpha', 'a2'], ['beta', 'b3']] as const) await createNote(kernel, writers[slug], text);

  t.equal(await dispatcher.deliverBatch(), 5, 'a single batch delivers all five');
  const echoes = await db.query<EchoRow>('SELECT text, tenant_id, meta_tenant, scope_tenant FROM t_notes.note_echoes ORDER BY text');
  const tenantOf = (id: string | null) => (id === ALPHA ? 'alpha' : id === BETA ? 'beta' : String(id));
  t.same(
    echoes.rows.map((row) => `${row.text} ${tenantOf(row.tenant_id)} ${tenantOf(row.meta_tenant)} ${tenantOf(row.scope_tenant)}`),
    ['a1 alpha alpha alpha', 'a2 alpha alpha alpha', 'b1 beta beta beta', 'b2 beta beta beta', 'b3 beta beta beta'],
  );
});
