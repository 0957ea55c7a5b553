import t from 'tap';
import { permits } from '@rustok/contracts';
import { as, bootCore, codes, localId } from './helpers/boot-core';

interface RoleView {
  id: string;
  name: string;
  builtIn: boolean;
  permissions: string[];
}

const ROLES = '{ roles(first: 100) { edges { node { id name builtIn permissions } } } }';
const CORE_ADMIN = ['core.api-token.manage', 'core.api-token.read', 'core.audit.read', 'core.module.read', 'core.role.manage', 'core.role.read', 'core.tenant.read', 'core.tenant.update', 'core.user.create', 'core.user.manage', 'core.user.read', 'core.user.update'];

t.test('built-in roles per tenant, grants composed from every manifest, manage implies the resource’s actions, no escalation', async (t) => {
  const core = await bootCore(t, undefined, { modules: ['c-notes'] });
  const a = await core.createTenant('rbac-a', { email: 'owner@a.test', password: 'owner password a' });
  const b = await core.createTenant('rbac-b', { email: 'owner@b.test', password: 'owner password b' });
  const ownerToken = await core.login(a.host, 'owner@a.test', 'owner password a');
  const owner = as(a.host, ownerToken);
  const ownerB = as(b.host, await core.login(b.host, 'owner@b.test', 'owner password b'));
  const rolesOf = async (headers: Record<string, string>) => ((await core.request<{ roles: { edges: Array<{ node: RoleView }> } }>(ROLES, {}, headers)).data?.roles.edges ?? []).map((e) => e.node);
  const rolesA = await rolesOf(owner);
  const role = (name: string) => rolesA.find((r) => r.name === name) as RoleView;
  const signIn = async (email: string, roles: string[]) => {
    const id = await core.createUser(a.host, ownerToken, { email, password: `${email} password`, roles });
    return { id, headers: as(a.host, await core.login(a.host, email, `${email} password`)) };
  };

  await t.test('every tenant gets its own built-in roles', async (t) => {
    t.same(rolesA.map((r) => [r.name, r.builtIn]).sort(), [['admin', true], ['customer', true], ['editor', true], ['owner', true]]);
    const rolesB = await rolesOf(ownerB);
    t.same(rolesB.map((r) => r.name).sort(), ['admin', 'customer', 'editor', 'owner']);
    t.notOk(rolesB.some((r) => rolesA.some((x) => x.id === r.id)), 'B’s roles are other rows than A’s');
    const stored = await core.sql<{ tenant_id: string; count: string }>('SELECT tenant_id, count(*) FROM core.roles WHERE built_in GROUP BY tenant_id ORDER BY tenant_id');
    t.same(stored.map((s) => [s.tenant_id, Number(s.count)]).sort(), [[localId(a.id), 4], [localId(b.id), 4]].sort(), 'four built-in rows in each tenant');
  });

  await t.test("the built-in roles' grants come from core's and the fixture's manifests", async (t) => {
    t.same(role('owner').permissions, ['*']);
    t.same([...role('admin').permissions].sort(), [...CORE_ADMIN, 'c-notes.note.manage'].sort(), 'admin: core’s admin grants (not core.module.manage) plus c-notes’ roles.admin');
    t.same([...role('editor').permissions].sort(), ['c-notes.note.read', 'c-notes.note.write', 'core.tenant.read'], 'editor: core.tenant.read plus c-notes’ roles.editor');
    t.same(role('customer').permissions, [], 'customer: nothing, as no module grants customers anything');
    const declared = await core.request<{ permissions: Array<{ name: string; module: string }> }>('{ permissions { name module } }', {}, owner);
    const names = (declared.data?.permissions ?? []).map((p) => `${p.module}:${p.name}`);
    for (const expected of ['core:core.user.create', 'core:core.module.manage', 'c-notes:c-notes.note.write']) t.ok(names.includes(expected), `permissions lists ${expected}`);
  });

  await t.test("an editor can do what c-notes grants editors, and no more", async (t) => {
    const editor = await signIn('editor@a.test', ['editor']);
    const me = await core.request<{ me: { permissions: string[] } }>('{ me { permissions } }', {}, editor.headers);
    t.same([...(me.data?.me.permissions ?? [])].sort(), ['c-notes.note.read', 'c-notes.note.write', 'core.tenant.read']);
    t.same(codes(await core.request('mutation { cNoteCreate(text: "by the editor") { id } }', {}, editor.headers)), [], 'cNoteCreate (c-notes.note.write)');
    t.same(codes(await core.request('{ cNotes { text } }', {}, editor.headers)), [], 'cNotes (c-notes.note.read)');
    t.same(codes(await core.request('mutation { cNotesPurge }', {}, editor.headers)), ['FORBIDDEN'], 'not cNotesPurge (c-notes.note.manage)');
    t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, editor.headers)), ['FORBIDDEN'], 'not users');
    const admin = await signIn('admin@a.test', ['admin']);
    t.same(codes(await core.request('{ cNotes { text } }', {}, admin.headers)), [], 'an admin reads notes through c-notes.note.manage');
    t.same((await core.request('mutation { cNotesPurge }', {}, admin.headers)).data, { cNotesPurge: 1 }, 'and may purge');
  });

  await t.test('without core.user.read a user reads only itself', async (t) => {
    const customer = await signIn('customer@a.test', ['customer']);
    const ownerId = (await core.request<{ me: { id: string } }>('{ me { id } }', {}, owner)).data?.me.id;
    t.same((await core.request('query($id: ID!) { user(id: $id) { email } }', { id: customer.id }, customer.headers)).data, { user: { email: 'customer@a.test' } }, 'itself');
    t.same((await core.request('query($id: ID!) { user(id: $id) { email } }', { id: ownerId }, customer.headers)).data, { user: null }, 'not the owner');
    t.same((await core.request('query($id: ID!) { node(id: $id) { id } }', { id: ownerId }, customer.headers)).data, { node: null }, 'not through node(id:) either');
    t.same((await core.request('query($id: ID!) { user(id: $id) { email } }', { id: customer.id }, owner)).data, { user: { email: 'customer@a.test' } }, 'while the owner reads anyone');
  });

  await t.test('<resource>.manage implies the resource’s other actions', async (t) => {
    t.ok(permits(new Set(['core.user.manage']), 'core.user.create'), 'permits: core.user.manage → core.user.create');
    t.notOk(permits(new Set(['core.user.manage']), 'core.role.read'), 'permits: but not another resource');
    const created = await core.request<{ createRole: RoleView }>('mutation { createRole(input: { name: "support", permissions: ["core.user.manage"] }) { id name builtIn permissions } }', {}, owner);
    t.match(created.data?.createRole, { name: 'support', builtIn: false, permissions: ['core.user.manage'] });
    const support = await signIn('support@a.test', ['support']);
    t.same(codes(await core.request('mutation { createUser(input: { email: "made-by-support@a.test", password: "long enough password" }) { id } }', {}, support.headers)), [], 'createUser (core.user.create) through core.user.manage');
    t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, support.headers)), [], 'users (core.user.read) too');
    t.same(codes(await core.request('{ roles { edges { node { id } } } }', {}, support.headers)), ['FORBIDDEN'], 'but not roles (core.role.read)');

    const supportRole = created.data?.createRole.id as string;
    t.same(codes(await core.request('mutation($id: ID!) { updateRole(id: $id, input: { permissions: ["core.user.read"] }) { id } }', { id: supportRole }, owner)), []);
    t.same(codes(await core.request('mutation { createUser(input: { email: "too-late@a.test", password: "long enough password" }) { id } }', {}, support.headers)), ['FORBIDDEN'], "a role's new permissions apply to the next request of a live session");
    t.same(codes(await core.request('mutation($id: ID!) { deleteRole(id: $id) }', { id: supportRole }, owner)), []);
    t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, support.headers)), ['FORBIDDEN'], 'a deleted role grants nothing');
    t.same(codes(await core.request('mutation { createRole(input: { name: "support", permissions: [] }) { id } }', {}, ownerB)), [], 'role names are per tenant');
  });

  await t.test('built-in roles are fixed; nobody grants what they do not hold; the last owner stays', async (t) => {
    const builtIn = await core.request('mutation($id: ID!) { updateRole(id: $id, input: { permissions: [] }) { id } }', { id: role('admin').id }, owner);
    t.same(codes(builtIn), ['ROLE_BUILT_IN']);
    t.equal(builtIn.errors?.[0]?.extensions?.field, 'id');
    t.same(codes(await core.request('mutation($id: ID!) { deleteRole(id: $id) }', { id: role('owner').id }, owner)), ['ROLE_BUILT_IN']);

    const admin = await signIn('admin2@a.test', ['admin']);
    const mint = await core.request('mutation { createRole(input: { name: "switcher", permissions: ["core.module.manage"] }) { id } }', {}, admin.headers);
    t.same(codes(mint), ['PERMISSION_NOT_HELD'], 'an admin cannot put core.module.manage in a role');
    t.equal(mint.errors?.[0]?.extensions?.field, 'permissions');
    const target = await core.createUser(a.host, ownerToken, { email: 'plain@a.test', password: 'plain password 1' });
    t.same(codes(await core.request('mutation($u: ID!, $r: ID!) { assignRole(userId: $u, roleId: $r) { id } }', { u: target, r: role('owner').id }, admin.headers)), ['PERMISSION_NOT_HELD'], 'nor make someone owner');
    t.same(codes(await core.request('mutation($u: ID!, $r: ID!) { assignRole(userId: $u, roleId: $r) { id } }', { u: admin.id, r: role('owner').id }, admin.headers)), ['PERMISSION_NOT_HELD'], 'nor themself');
    const ownerId = (await core.request<{ me: { id: string } }>('{ me { id } }', {}, owner)).data?.me.id as string;
    t.same(codes(await core.request('mutation($id: ID!) { disableUser(id: $id) { id } }', { id: ownerId }, admin.headers)), ['FORBIDDEN'], 'nor disable the owner, who holds more than they do');
    t.same(codes(await core.request('mutation($id: ID!) { updateUser(id: $id, input: { email: "taken-over@a.test" }) { id } }', { id: ownerId }, admin.headers)), ['FORBIDDEN'], "nor change the owner's email");
    t.same(await core.sql<{ email: string; status: string }>('SELECT email, status FROM core.users WHERE id = $1', [localId(ownerId)]), [{ email: 'owner@a.test', status: 'active' }], 'the owner is untouched');
    const last = await core.request('mutation($u: ID!, $r: ID!) { revokeRole(userId: $u, roleId: $r) { id } }', { u: ownerId, r: role('owner').id }, owner);
    t.same(codes(last), ['LAST_OWNER'], 'the last owner cannot lose the owner role');
    const names = await core.sql<{ name: string }>("SELECT name FROM core.roles WHERE tenant_id = $1 AND NOT built_in", [localId(a.id)]);
    t.same(names, [], 'no refused role was stored');
  });
});
