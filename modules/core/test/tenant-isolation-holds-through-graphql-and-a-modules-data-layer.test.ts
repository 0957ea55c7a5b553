import t from 'tap';
import { waitFor } from '@rustok/kernel/test/helpers/wait-for';
import { as, bootCore, codes, localId, reasons, OPERATOR_TOKEN } from './helpers/boot-core';

interface Edges<T> {
  edges: Array<{ node: T }>;
}

const nodes = <T>(connection: Edges<T> | undefined): T[] => (connection?.edges ?? []).map((edge) => edge.node);

t.test("tenant A's owner never reads or writes tenant B's users, roles, API tokens, sessions, audit entries or module rows", async (t) => {
  const core = await bootCore(t, undefined, { modules: ['c-notes'] });
  const a = await core.createTenant('tenant-a', { email: 'owner@a.test', password: 'password of a owner' });
  const b = await core.createTenant('tenant-b', { email: 'owner@b.test', password: 'password of b owner' });
  const ownerA = await core.login(a.host, 'owner@a.test', 'password of a owner');
  const ownerB = await core.login(b.host, 'owner@b.test', 'password of b owner');
  const asA = as(a.host, ownerA);
  const asB = as(b.host, ownerB);

  // Tenant B's rows, each of which A will try to reach by its id.
  const bUser = await core.createUser(b.host, ownerB, { email: 'user@b.test', password: 'password of b user', roles: ['customer'] });
  const bUserSession = await core.login(b.host, 'user@b.test', 'password of b user');
  const bSession = (await core.request<{ sessions: Edges<{ id: string }> }>('{ sessions { edges { node { id } } } }', {}, as(b.host, bUserSession))).data?.sessions.edges[0]?.node.id as string;
  const bRole = (await core.request<{ createRole: { id: string } }>('mutation { createRole(input: { name: "b-support", permissions: ["core.user.read"] }) { id } }', {}, asB)).data?.createRole.id as string;
  const bToken = (await core.request<{ createApiToken: { token: string; apiToken: { id: string } } }>('mutation { createApiToken(input: { name: "b-store", permissions: ["core.user.read"] }) { token apiToken { id } } }', {}, asB)).data?.createApiToken as { token: string; apiToken: { id: string } };
  const bNote = (await core.request<{ cNoteCreate: { id: string } }>('mutation { cNoteCreate(text: "b note") { id } }', {}, asB)).data?.cNoteCreate.id as string;
  t.ok(bSession && bRole && bToken && bNote, "tenant B's rows exist");

  const aUser = await core.createUser(a.host, ownerA, { email: 'user@a.test', password: 'password of a user', roles: ['customer'] });
  const aToken = (await core.request<{ createApiToken: { token: string } }>('mutation { createApiToken(input: { name: "a-store", permissions: ["core.user.read"] }) { token } }', {}, asA)).data?.createApiToken.token as string;
  for (const text of ['a note 1', 'a note 2']) t.same(codes(await core.request('mutation($text: String!) { cNoteCreate(text: $text) { id } }', { text }, asA)), []);
  const aRoleIds = nodes((await core.request<{ roles: Edges<{ id: string; name: string }> }>('{ roles { edges { node { id name } } } }', {}, asA)).data?.roles);
  const adminRoleA = aRoleIds.find((role) => role.name === 'admin')?.id as string;

  await t.test('reads', async (t) => {
    const users = await core.request<{ users: Edges<{ email: string }> }>('{ users(first: 100) { edges { node { email } } } }', {}, asA);
    t.same(nodes(users.data?.users).map((u) => u.email).sort(), ['owner@a.test', 'user@a.test'], "users lists A's users only");
    const searched = await core.request<{ users: Edges<{ email: string }> }>('{ users(filter: { search: "b.test" }) { edges { node { email } } } }', {}, asA);
    t.same(nodes(searched.data?.users), [], "searching for B's domain finds nothing");
    t.same((await core.request('query($id: ID!) { user(id: $id) { email } }', { id: bUser }, asA)).data, { user: null }, "user(id:) with B's user id is null");
    t.same((await core.request('query($id: ID!) { node(id: $id) { id } }', { id: bUser }, asA)).data, { node: null }, "node(id:) with B's user id is null");

    const roles = aRoleIds;
    t.same(roles.map((r) => r.name).sort(), ['admin', 'customer', 'editor', 'owner'], "roles lists A's built-in roles, not B's custom one");
    t.notOk(roles.some((r) => r.id === bRole), "B's role id is not among them");
    t.same((await core.request('query($id: ID!) { node(id: $id) { id } }', { id: bRole }, asA)).data, { node: null }, "node(id:) with B's role id is null");

    const tokens = await core.request<{ apiTokens: Edges<{ name: string }> }>('{ apiTokens(includeRevoked: true) { edges { node { name } } } }', {}, asA);
    t.same(nodes(tokens.data?.apiTokens).map((token) => token.name), ['a-store'], "apiTokens lists A's token only");
    t.same((await core.request('query($id: ID!) { node(id: $id) { id } }', { id: bToken.apiToken.id }, asA)).data, { node: null }, "node(id:) with B's API token id is null");

    const sessions = await core.request<{ sessions: Edges<{ id: string }> }>('{ sessions { edges { node { id } } } }', {}, asA);
    t.equal(nodes(sessions.data?.sessions).length, 1, 'sessions lists only the caller’s own');
    t.notOk(nodes(sessions.data?.sessions).some((s) => s.id === bSession));

    const audit = await core.request<{ auditLog: Edges<{ id: string; target: string | null; actorId: string | null }> }>('{ auditLog(first: 100) { edges { node { id target actorId } } } }', {}, asA);
    const entries = nodes(audit.data?.auditLog);
    t.ok(entries.length >= 5, `A's audit log has A's entries (${entries.length})`);
    const stored = await core.sql<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM core.audit_log WHERE id = ANY($1::uuid[])', [entries.map((e) => localId(e.id))]);
    t.same(stored, [{ tenant_id: localId(a.id) }], 'every entry A reads is stored under tenant A');
    const bIds = [localId(bUser), localId(bRole), localId(bToken.apiToken.id), localId(b.id)];
    t.notOk(entries.some((e) => bIds.includes(e.target ?? '')), "no entry A reads is about B's rows");
    const byBOwner = await core.request<{ auditLog: Edges<{ id: string }> }>('query($actor: String) { auditLog(filter: { actorId: $actor }) { edges { node { id } } } }', { actor: bUser }, asA);
    t.same(nodes(byBOwner.data?.auditLog), [], "filtering A's log by a B actor finds nothing");

    const tenants = await core.request<{ tenants: Edges<{ slug: string }> }>('{ tenants { edges { node { slug } } } }', {}, asA);
    t.same(nodes(tenants.data?.tenants).map((x) => x.slug), ['tenant-a'], 'tenants lists only A to its owner');
    t.same((await core.request('query($id: ID!) { node(id: $id) { id } }', { id: b.id }, asA)).data, { node: null }, "node(id:) with B's tenant id is null");
    t.same(codes(await core.request('query($id: ID) { tenantModules(tenantId: $id) { moduleId } }', { id: b.id }, asA)), ['FORBIDDEN'], "A cannot read B's module switches");
  });

  await t.test("A's credentials on B's tenant are refused as a whole", async (t) => {
    for (const [what, token] of [['session', ownerA], ['API token', aToken]] as const) {
      t.same(reasons(await core.request('{ users { edges { node { email } } } }', {}, { host: a.host, 'x-tenant': 'tenant-b', authorization: `Bearer ${token}` })), ['UNAUTHENTICATED/unknown'], `A's ${what} with X-Tenant: tenant-b`);
      t.same(reasons(await core.request('{ users { edges { node { email } } } }', {}, as(b.host, token))), ['UNAUTHENTICATED/unknown'], `A's ${what} on B's host`);
    }
  });

  await t.test('writes', async (t) => {
    const attempts: Array<[string, string, Record<string, unknown>, string]> = [
      ['updateUser', 'mutation($id: ID!) { updateUser(id: $id, input: { displayName: "hacked", email: "hacked@b.test" }) { id } }', { id: bUser }, 'USER_NOT_FOUND'],
      ['disableUser', 'mutation($id: ID!) { disableUser(id: $id) { id } }', { id: bUser }, 'USER_NOT_FOUND'],
      ["assignRole of B's role to A's user", 'mutation($u: ID!, $r: ID!) { assignRole(userId: $u, roleId: $r) { id } }', { u: aUser, r: bRole }, 'ROLE_NOT_FOUND'],
      ["assignRole of A's admin role to B's user", 'mutation($u: ID!, $r: ID!) { assignRole(userId: $u, roleId: $r) { id } }', { u: bUser, r: adminRoleA }, 'USER_NOT_FOUND'],
      ['revokeRole', 'mutation($u: ID!, $r: ID!) { revokeRole(userId: $u, roleId: $r) { id } }', { u: bUser, r: bRole }, 'USER_NOT_FOUND'],
      ['updateRole', 'mutation($id: ID!) { updateRole(id: $id, input: { permissions: [] }) { id } }', { id: bRole }, 'ROLE_NOT_FOUND'],
      ['deleteRole', 'mutation($id: ID!) { deleteRole(id: $id) }', { id: bRole }, 'ROLE_NOT_FOUND'],
      ['revokeApiToken', 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: bToken.apiToken.id }, 'API_TOKEN_NOT_FOUND'],
      ['revokeSession', 'mutation($id: ID!) { revokeSession(id: $id) }', { id: bSession }, 'SESSION_NOT_FOUND'],
      ['updateTenant', 'mutation($id: ID) { updateTenant(id: $id, input: { name: "hacked" }) { id } }', { id: b.id }, 'FORBIDDEN'],
      ['setTenantModule', 'mutation($id: ID) { setTenantModule(module: "c-notes", enabled: false, tenantId: $id) { enabled } }', { id: b.id }, 'FORBIDDEN'],
      ["createUser with B's role", 'mutation($r: ID!) { createUser(input: { email: "smuggled@a.test", password: "long enough password", roleIds: [$r] }) { id } }', { r: bRole }, 'ROLE_NOT_FOUND'],
    ];
    for (const [what, query, variables, code] of attempts) {
      const response = await core.request(query, variables, asA);
      t.same(codes(response), [code], `${what}: ${code}`);
      t.equal(response.data ?? null, null, `${what}: no data`);
    }

    const [userRow] = await core.sql<{ email: string; display_name: string | null; status: string }>('SELECT email, display_name, status FROM core.users WHERE id = $1', [localId(bUser)]);
    t.same(userRow, { email: 'user@b.test', display_name: null, status: 'active' }, "B's user is untouched");
    const [roleRow] = await core.sql<{ name: string; permissions: string[] }>('SELECT name, permissions FROM core.roles WHERE id = $1', [localId(bRole)]);
    t.same(roleRow, { name: 'b-support', permissions: ['core.user.read'] }, "B's role is untouched");
    t.same(await core.sql('SELECT role_id FROM core.user_roles WHERE user_id = $1', [localId(bUser)]).then((rows) => rows.length), 1, "B's user still has exactly its one role");
    t.same(await core.sql('SELECT revoked_at FROM core.api_tokens WHERE id = $1', [localId(bToken.apiToken.id)]), [{ revoked_at: null }], "B's API token is not revoked");
    t.same(await core.sql('SELECT revoked_at FROM core.sessions WHERE id = $1', [localId(bSession)]), [{ revoked_at: null }], "B's session is not revoked");
    t.same(await core.sql('SELECT name FROM core.tenants WHERE id = $1', [localId(b.id)]), [{ name: 'tenant-b' }], 'tenant B keeps its name');
    t.same(await core.sql('SELECT module_id FROM core.tenant_modules WHERE tenant_id = $1', [localId(b.id)]), [], "B's module switches are untouched");
    t.same(await core.sql("SELECT id FROM core.users WHERE email = 'smuggled@a.test'"), [], 'the createUser that failed left no user behind');
    t.same(codes(await core.request('{ me { email } }', {}, as(b.host, bUserSession))), [], "B's user still works");
  });

  await t.test("through a module's data layer, even a query that forgets the tenant filter", async (t) => {
    const texts = (notes: Array<{ text: string }> | undefined) => (notes ?? []).map((note) => note.text);
    const viaModel = await core.request<{ cNotes: Array<{ text: string }> }>('{ cNotes { text } }', {}, asA);
    t.same(texts(viaModel.data?.cNotes), ['a note 1', 'a note 2'], "the model returns A's notes only");
    const raw = await core.request<{ cNotesUnfiltered: Array<{ text: string; tenantId: string }> }>('{ cNotesUnfiltered { text tenantId } }', {}, asA);
    t.same(raw.errors, undefined);
    t.same(texts(raw.data?.cNotesUnfiltered), ['a note 1', 'a note 2'], "raw SELECT * without a filter returns A's rows only");
    t.ok(raw.data?.cNotesUnfiltered.every((note) => note.tenantId === localId(a.id)), 'all of them tenant A');
    const rawB = await core.request<{ cNotesUnfiltered: Array<{ text: string }> }>('{ cNotesUnfiltered { text } }', {}, asB);
    t.same(texts(rawB.data?.cNotesUnfiltered), ['b note'], "and B's request sees only B's");
    t.same((await core.request('query($id: ID!) { node(id: $id) { id } }', { id: bNote }, asA)).data, { node: null }, "node(id:) with B's note id is null");

    const smuggled = await core.request('mutation($t: ID!) { cNoteInsertRaw(tenantId: $t, text: "into b") }', { t: localId(b.id) }, asA);
    t.equal(smuggled.errors?.length, 1, 'a raw INSERT of a B row from an A request fails');
    t.match(smuggled.errors?.[0]?.message, /row-level security/, "on the isolation policy's WITH CHECK");

    const purged = await core.request<{ cNotesPurge: number }>('mutation { cNotesPurge }', {}, asA);
    t.equal(purged.data?.cNotesPurge, 2, "a raw DELETE without a filter removes A's two rows only");
    t.same(await core.sql<{ text: string }>('SELECT text FROM c_notes.notes ORDER BY text'), [{ text: 'b note' }], "B's note survived");

    // The handler of core.user.created@1 runs in the event's tenant: each tenant sees its own welcomes only.
    const welcomes = (headers: Record<string, string>) => core.request<{ cNoteWelcomes: Array<{ email: string }> }>('{ cNoteWelcomes { email } }', {}, headers).then((r) => (r.data?.cNoteWelcomes ?? []).map((w) => w.email));
    t.same(await waitFor(() => welcomes(asA), (emails) => emails.length >= 2), ['owner@a.test', 'user@a.test'], "A sees the welcomes of A's users");
    t.same(await waitFor(() => welcomes(asB), (emails) => emails.length >= 2), ['owner@b.test', 'user@b.test'], "B sees B's");
  });

  await t.test('a deactivated tenant refuses every request, and only its own', async (t) => {
    const operator = { host: 'platform.test', authorization: `Bearer ${OPERATOR_TOKEN}` };
    t.same(codes(await core.request('mutation($id: ID) { updateTenant(id: $id, input: { active: false }) { active } }', { id: b.id }, asB)), ['FORBIDDEN'], "a tenant's owner cannot (de)activate it");
    t.same((await core.request('mutation($id: ID) { updateTenant(id: $id, input: { active: false }) { active } }', { id: b.id }, operator)).data, { updateTenant: { active: false } });
    for (const [what, headers] of [
      ["B's owner on B's host", asB],
      ['anonymous on B’s host', as(b.host)],
      ['X-Tenant: tenant-b', { host: 'platform.test', 'x-tenant': 'tenant-b' }],
    ] as const) {
      const response = await core.request('{ tenant { slug } }', {}, headers);
      t.same(codes(response), ['TENANT_INACTIVE'], what);
      t.equal(response.data ?? null, null);
    }
    t.same(codes(await core.request('{ users { edges { node { email } } } }', {}, asA)), [], 'A goes on');
    t.same(codes(await core.request('{ tenant { slug } }', {}, { host: 'platform.test', 'x-tenant': 'no-such-tenant' })), ['TENANT_UNKNOWN'], 'an unknown slug is TENANT_UNKNOWN');
  });
});
