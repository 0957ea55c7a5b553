import t from 'tap';
import { waitFor } from '@rustok/kernel/test/helpers/wait-for';
import { as, bootCore, codes, localId, OPERATOR_TOKEN } from './helpers/boot-core';

const SET = 'mutation($m: String!, $on: Boolean!, $tenant: ID) { setTenantModule(module: $m, enabled: $on, tenantId: $tenant) { moduleId enabled requires } }';
const LIST = 'query($tenant: ID) { tenantModules(tenantId: $tenant) { moduleId enabled requires } }';
const HANDLER = 'c-notes:core.user.created@1';

t.test('switching a module off for one tenant: MODULE_DISABLED there, its handler skips that tenant, required modules are checked, core stays on', async (t) => {
  const core = await bootCore(t, undefined, { modules: ['c-notes', 'c-addon'] });
  const a = await core.createTenant('switch-a', { email: 'owner@a.test', password: 'owner password a' });
  const b = await core.createTenant('switch-b', { email: 'owner@b.test', password: 'owner password b' });
  const tokenA = await core.login(a.host, 'owner@a.test', 'owner password a');
  const tokenB = await core.login(b.host, 'owner@b.test', 'owner password b');
  const ownerA = as(a.host, tokenA);
  const ownerB = as(b.host, tokenB);
  const set = (headers: Record<string, string>, m: string, on: boolean, tenant?: string) => core.request<{ setTenantModule: { moduleId: string; enabled: boolean } }>(SET, { m, on, tenant }, headers);
  const states = async (headers: Record<string, string>) => Object.fromEntries(((await core.request<{ tenantModules: Array<{ moduleId: string; enabled: boolean }> }>(LIST, {}, headers)).data?.tenantModules ?? []).map((m) => [m.moduleId, m.enabled]));
  const welcomes = (headers: Record<string, string>) => core.request<{ cNoteWelcomes: Array<{ email: string }> }>('{ cNoteWelcomes { email } }', {}, headers).then((r) => (r.data?.cNoteWelcomes ?? []).map((w) => w.email));
  const deliveryFor = async (email: string) =>
    (await core.sql<{ status: string; last_error: string | null }>("SELECT d.status, d.last_error FROM rustok.deliveries d JOIN rustok.outbox o ON o.id = d.event_id WHERE d.handler = $1 AND o.payload->>'email' = $2", [HANDLER, email]))[0];

  const listed = await core.request<{ tenantModules: Array<{ moduleId: string; enabled: boolean; requires: string[] }> }>(LIST, {}, ownerB);
  t.same(
    listed.data?.tenantModules.map((m) => ({ ...m, requires: [...m.requires].sort() })).sort((x, y) => x.moduleId.localeCompare(y.moduleId)),
    [
      { moduleId: 'c-addon', enabled: true, requires: ['c-notes', 'core'] },
      { moduleId: 'c-notes', enabled: true, requires: ['core'] },
      { moduleId: 'core', enabled: true, requires: [] },
    ],
    'every installed module is on for a new tenant, with what it requires',
  );

  await core.createUser(b.host, tokenB, { email: 'admin@b.test', password: 'admin password b', roles: ['admin'] });
  const adminB = as(b.host, await core.login(b.host, 'admin@b.test', 'admin password b'));
  t.same(codes(await set(adminB, 'c-addon', false)), ['FORBIDDEN'], 'switching modules needs core.module.manage, which admins do not hold');

  const bNote = (await core.request<{ cNoteCreate: { id: string } }>('mutation { cNoteCreate(text: "b before") { id } }', {}, ownerB)).data?.cNoteCreate.id as string;
  t.ok(bNote, 'B wrote a note while c-notes was on');

  const requiredByEnabled = await set(ownerB, 'c-notes', false);
  t.same(codes(requiredByEnabled), ['MODULE_REQUIRED_BY_ENABLED'], 'c-notes cannot go off while c-addon, which requires it, is on');
  t.equal(requiredByEnabled.errors?.[0]?.extensions?.field, 'module');
  t.same(requiredByEnabled.errors?.[0]?.extensions?.modules, ['c-addon']);

  t.same((await set(ownerB, 'c-addon', false)).data?.setTenantModule, { moduleId: 'c-addon', enabled: false, requires: ['core', 'c-notes'] });
  t.same((await set(ownerB, 'c-notes', false)).data?.setTenantModule, { moduleId: 'c-notes', enabled: false, requires: ['core'] });
  t.same(await states(ownerB), { core: true, 'c-notes': false, 'c-addon': false }, "B's switches");
  t.same(await states(ownerA), { core: true, 'c-notes': true, 'c-addon': true }, "A's are untouched");

  await t.test('its fields answer MODULE_DISABLED for that tenant only', async (t) => {
    for (const query of ['{ cNotes { text } }', 'mutation { cNoteCreate(text: "while off") { id } }', '{ cAddonPing }']) {
      const response = await core.request(query, {}, ownerB);
      t.same(codes(response), ['MODULE_DISABLED'], `B: ${query}`);
      t.equal(response.data ?? null, null);
    }
    t.same(codes(await core.request('{ cNotesPublicCount }', {}, as(b.host))), ['MODULE_DISABLED'], 'public fields too');
    t.same(codes(await core.request('query($id: ID!) { node(id: $id) { id } }', { id: bNote }, ownerB)), ['MODULE_DISABLED'], "node(id:) of the module's type too");
    t.same(codes(await core.request('{ cNotes { text } }', {}, { host: 'platform.test', 'x-tenant': 'switch-b', authorization: `Bearer ${OPERATOR_TOKEN}` })), ['MODULE_DISABLED'], 'even for the platform operator');
    t.same(codes(await core.request('{ cNotes { text } }', {}, ownerA)), [], 'A reads its notes');
    t.same((await core.request('{ cAddonPing }', {}, ownerA)).data, { cAddonPing: 'pong' }, "A's c-addon answers");
    t.same(codes(await core.request('{ users { edges { node { email } } } }', {}, ownerB)), [], "core's fields still answer in B");
    t.same(await core.sql<{ text: string }>('SELECT text FROM c_notes.notes'), [{ text: 'b before' }], 'the refused mutation wrote nothing');
  });

  await t.test("its handler skips that tenant's events, marked done rather than retried", async (t) => {
    await core.createUser(b.host, tokenB, { email: 'while-off@b.test', password: 'password while off' });
    await core.createUser(a.host, tokenA, { email: 'meanwhile@a.test', password: 'password meanwhile' });
    t.same(await waitFor(() => welcomes(ownerA), (emails) => emails.includes('meanwhile@a.test')), ['meanwhile@a.test', 'owner@a.test'], "A's event is handled");
    t.match(await waitFor(() => deliveryFor('while-off@b.test'), (d) => d?.status === 'delivered'), { status: 'delivered', last_error: null }, "B's delivery is marked delivered, not dead or pending");
    t.same(await core.sql<{ email: string }>('SELECT email FROM c_notes.welcomes WHERE tenant_id = $1 ORDER BY email', [localId(b.id)]), [{ email: 'admin@b.test' }, { email: 'owner@b.test' }], "the handler had no effect for B's event");
  });

  await t.test('enabling checks that the required modules are on; core cannot go off', async (t) => {
    const dependency = await set(ownerB, 'c-addon', true);
    t.same(codes(dependency), ['MODULE_DEPENDENCY_DISABLED'], 'c-addon cannot come on while c-notes is off');
    t.equal(dependency.errors?.[0]?.extensions?.field, 'module');
    t.same(dependency.errors?.[0]?.extensions?.modules, ['c-notes'], 'naming the module that is off');
    t.same(await states(ownerB), { core: true, 'c-notes': false, 'c-addon': false }, 'nothing changed');

    const alwaysOn = await set(ownerB, 'core', false);
    t.same(codes(alwaysOn), ['MODULE_ALWAYS_ON'], 'core cannot be switched off');
    t.equal(alwaysOn.errors?.[0]?.extensions?.field, 'module');
    t.same(codes(await set({ host: 'platform.test', authorization: `Bearer ${OPERATOR_TOKEN}` }, 'core', false, b.id)), ['MODULE_ALWAYS_ON'], 'not even by the operator');
    const unknown = await set(ownerB, 'c-nope', false);
    t.same(codes(unknown), ['MODULE_UNKNOWN'], 'an uninstalled module is unknown');
    t.equal(unknown.errors?.[0]?.extensions?.field, 'module');
  });

  await t.test('switched on again, fields and new events work; the skipped event stays skipped', async (t) => {
    t.same(codes(await set({ host: 'platform.test', authorization: `Bearer ${OPERATOR_TOKEN}` }, 'c-notes', true, b.id)), [], 'the operator switches c-notes on for B by id');
    t.same(codes(await set(ownerB, 'c-addon', true)), [], 'now c-addon may come on');
    t.same(await states(ownerB), { core: true, 'c-notes': true, 'c-addon': true });
    t.same(codes(await core.request('{ cNotes { text } }', {}, ownerB)), []);
    t.same((await core.request('{ cAddonPing }', {}, ownerB)).data, { cAddonPing: 'pong' });
    await core.createUser(b.host, tokenB, { email: 'after@b.test', password: 'password after on' });
    t.same(await waitFor(() => welcomes(ownerB), (emails) => emails.includes('after@b.test')), ['admin@b.test', 'after@b.test', 'owner@b.test'], "B's new events are handled; while-off@b.test stays unwelcomed");
  });

  const toggled = await core.sql<{ payload: { moduleId: string; enabled: boolean; tenantId: string } }>("SELECT payload FROM rustok.outbox WHERE name = 'core.module.toggled' ORDER BY created_at");
  t.same(
    toggled.map((e) => [e.payload.tenantId, e.payload.moduleId, e.payload.enabled]),
    [
      [localId(b.id), 'c-addon', false],
      [localId(b.id), 'c-notes', false],
      [localId(b.id), 'c-notes', true],
      [localId(b.id), 'c-addon', true],
    ],
    'each effective switch (and no refused one) emitted core.module.toggled@1',
  );
  const audited = await core.sql<{ target: string; actor_kind: string }>("SELECT target, actor_kind FROM core.audit_log WHERE action = 'core.module.toggled' AND tenant_id = $1 ORDER BY id", [localId(b.id)]);
  t.same(audited.map((e) => `${e.actor_kind}:${e.target}`), ['user:c-addon', 'user:c-notes', 'operator:c-notes', 'user:c-addon'], "and is in B's audit log with who did it");
});
