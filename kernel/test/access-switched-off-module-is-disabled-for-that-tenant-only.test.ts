import { randomUUID } from 'node:crypto';
import t from 'tap';
import { runInScope } from '../src/tenancy/scope';
import { connectDb, deliveries, waitFor } from './helpers/event-delivery';
import { ALPHA, as, BETA, bootTenancy, createNote, errorCodes, OPERATOR_TOKEN } from './helpers/tenancy';

const EVENT = 't-notes.note.created@1';
const HANDLER = `t-notes:${EVENT}`;
const switchNotes = (tenant: string, enabled: boolean) => `mutation { tAccessSwitch(tenant: "${tenant}", module: "t-notes", enabled: ${enabled}) }`;

t.test("a module switched off for one tenant answers MODULE_DISABLED there and skips that tenant's events, and nowhere else", async (t) => {
  const kernel = await bootTenancy(t);
  const db = await connectDb(t, kernel.databaseUrl);
  const echoesOf = async (tenantId: string) => (await db.query<{ text: string }>('SELECT text FROM t_notes.note_echoes WHERE tenant_id = $1 ORDER BY text', [tenantId])).rows.map((row) => row.text);
  const deliveryOf = async (text: string) => {
    const event = (await db.query<{ id: string }>("SELECT id FROM rustok.outbox WHERE payload->>'text' = $1", [text])).rows[0]?.id;
    return event === undefined ? undefined : (await deliveries(db, { eventId: event, handler: HANDLER }))[0];
  };
  // t-notes' GraphQL is closed to beta while it is off, so its events there are emitted as t-notes would, in beta's scope.
  const emitAsTNotes = (tenantId: string, text: string) => runInScope({ tenantId, request: null, transaction: null }, () => kernel.kernel.bus.emit('t-notes', EVENT, { noteId: randomUUID(), text }, { transaction: null }));

  await createNote(kernel, as('beta', 'beta-writer'), 'beta before');
  t.same(await waitFor(() => echoesOf(BETA), (echoes) => echoes.length === 1), ['beta before'], 'while on, beta events are handled');

  t.same(errorCodes(await kernel.graphql(switchNotes('beta', false), undefined, as(null, OPERATOR_TOKEN))), []);
  const betaRead = await kernel.graphql('{ tNotes { text } }', undefined, as('beta', 'beta-writer'));
  t.same(errorCodes(betaRead), ['MODULE_DISABLED'], "beta's reads of t-notes are refused");
  t.match(betaRead.errors?.[0]?.message, /switched off for tenant "beta"/);
  t.same(errorCodes(await kernel.graphql('{ tNotesUnfiltered { text } }', undefined, as('beta'))), ['MODULE_DISABLED'], 'public fields too');
  t.same(errorCodes(await kernel.graphql('mutation { tNoteCreate(text: "beta during") { id } }', undefined, as('beta', OPERATOR_TOKEN))), ['MODULE_DISABLED'], 'even for the operator');
  t.same(errorCodes(await kernel.graphql(switchNotes('alpha', true), undefined, as('beta', OPERATOR_TOKEN))), [], "another module's fields still answer in beta");
  const alphaRead = await kernel.graphql<{ tNotes: Array<{ text: string }> }>('{ tNotes { text } }', undefined, as('alpha', 'alpha-writer'));
  t.same(errorCodes(alphaRead), [], 'alpha is unaffected');

  await emitAsTNotes(BETA, 'beta while off');
  await createNote(kernel, as('alpha', 'alpha-writer'), 'alpha while beta off');
  t.same(await waitFor(() => echoesOf(ALPHA), (echoes) => echoes.length === 1), ['alpha while beta off'], "alpha's event is handled");
  const skipped = await waitFor(() => deliveryOf('beta while off'), (delivery) => delivery?.status === 'delivered');
  t.match(skipped, { status: 'delivered', last_error: null }, "beta's delivery is marked done, neither retried nor dead-lettered");
  t.same(await echoesOf(BETA), ['beta before'], "the handler had no effect for beta's event");

  t.same(errorCodes(await kernel.graphql(switchNotes('beta', true), undefined, as(null, OPERATOR_TOKEN))), []);
  await createNote(kernel, as('beta', 'beta-writer'), 'beta after');
  t.same(await waitFor(() => echoesOf(BETA), (echoes) => echoes.length >= 2), ['beta after', 'beta before'], 'switched on again, new beta events are handled; the skipped one stays skipped');
});
