import { randomUUID } from 'node:crypto';
import t from 'tap';
import { toGlobalId } from '@rustok/contracts';
import { as, bootCore, codes, localId, OPERATOR_TOKEN } from './helpers/boot-core';

interface Refusal {
  code: string;
  field: unknown;
}

const refusal = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }): Refusal[] => (response.errors ?? []).map((e) => ({ code: String(e.extensions?.code), field: e.extensions?.field }));
const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }';
const CREATE_TENANT = 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }';

t.test('emails are unique per tenant whatever their case; invalid input is refused with a code and a field, and leaves nothing behind', async (t) => {
  const core = await bootCore(t);
  const operator = { host: 'platform.test', authorization: `Bearer ${OPERATOR_TOKEN}` };
  const a = await core.createTenant('unique-a', { email: 'owner@a.test', password: 'owner password a' });
  const b = await core.createTenant('unique-b', { email: 'owner@b.test', password: 'owner password b' });
  const ownerToken = await core.login(a.host, 'owner@a.test', 'owner password a');
  const owner = as(a.host, ownerToken);
  const ownerB = as(b.host, await core.login(b.host, 'owner@b.test', 'owner password b'));
  const userCount = async () => Number((await core.sql<{ count: string }>('SELECT count(*) FROM core.users'))[0]?.count);

  await t.test('case-insensitive uniqueness within a tenant, none across tenants', async (t) => {
    const first = await core.request<{ createUser: { id: string; email: string } }>(CREATE_USER, { input: { email: 'Dup@A.test', password: 'dup password 1' } }, owner);
    t.equal(first.data?.createUser.email, 'dup@a.test', 'stored lower-cased');
    for (const variant of ['dup@a.test', 'DUP@A.TEST', '  dUp@a.Test  ']) {
      t.same(refusal(await core.request(CREATE_USER, { input: { email: variant, password: 'dup password 2' } }, owner)), [{ code: 'EMAIL_TAKEN', field: 'email' }], `"${variant}" is taken`);
    }
    t.same(codes(await core.request(CREATE_USER, { input: { email: 'DUP@a.test', password: 'dup password b' } }, ownerB)), [], 'the same address is free in another tenant');
    t.ok(await core.login(a.host, 'DUP@A.TEST', 'dup password 1'), 'login ignores the case');
    t.ok(await core.login(b.host, 'dup@a.test', 'dup password b'), "and finds the tenant's own user");

    const other = await core.createUser(a.host, ownerToken, { email: 'other@a.test', password: 'other password 1' });
    const renamed = await core.request('mutation($id: ID!) { updateUser(id: $id, input: { email: "Dup@a.TEST", displayName: "Renamed" }) { id } }', { id: other }, owner);
    t.same(refusal(renamed), [{ code: 'EMAIL_TAKEN', field: 'email' }], "updating to another user's address in another case is refused");
    t.same(await core.sql('SELECT email, display_name FROM core.users WHERE id = $1', [localId(other)]), [{ email: 'other@a.test', display_name: null }], 'and changed nothing, not even the display name');

    const racing = await Promise.all(['race@a.test', 'RACE@a.test', 'Race@A.test'].map((email) => core.request(CREATE_USER, { input: { email, password: 'race password 1' } }, owner)));
    t.same(racing.map((r) => codes(r)).sort(), [[], ['EMAIL_TAKEN'], ['EMAIL_TAKEN']], 'concurrent creations of one address: exactly one wins, the others get EMAIL_TAKEN');
    t.same(await core.sql("SELECT email FROM core.users WHERE email = 'race@a.test'"), [{ email: 'race@a.test' }]);
  });

  await t.test('input errors carry a code and the field they are about', async (t) => {
    const before = await userCount();
    const cases: Array<[string, string, Record<string, unknown>, Record<string, string>, Refusal]> = [
      ['malformed email', CREATE_USER, { input: { email: 'not-an-email', password: 'long enough password' } }, owner, { code: 'EMAIL_INVALID', field: 'email' }],
      ['short password', CREATE_USER, { input: { email: 'short@a.test', password: 'short' } }, owner, { code: 'PASSWORD_TOO_SHORT', field: 'password' }],
      ['profile not an object', CREATE_USER, { input: { email: 'profile@a.test', password: 'long enough password', profile: [1, 2] } }, owner, { code: 'JSON_OBJECT_REQUIRED', field: 'profile' }],
      ['role id not a Role id', CREATE_USER, { input: { email: 'role@a.test', password: 'long enough password', roleIds: ['garbage'] } }, owner, { code: 'ID_INVALID', field: 'roleIds' }],
      ['bad slug', CREATE_TENANT, { input: { slug: 'Bad Slug', name: 'x' } }, operator, { code: 'SLUG_INVALID', field: 'slug' }],
      ['empty name', CREATE_TENANT, { input: { slug: 'empty-name', name: '   ' } }, operator, { code: 'NAME_INVALID', field: 'name' }],
      ['bad domain', CREATE_TENANT, { input: { slug: 'bad-domain', name: 'x', domains: ['https://shop.test/'] } }, operator, { code: 'DOMAIN_INVALID', field: 'domains' }],
      ['bad locale', CREATE_TENANT, { input: { slug: 'bad-locale', name: 'x', locales: ['english'] } }, operator, { code: 'LOCALE_INVALID', field: 'locales' }],
      ['default locale not offered', CREATE_TENANT, { input: { slug: 'bad-default', name: 'x', locales: ['en'], defaultLocale: 'fr' } }, operator, { code: 'LOCALE_INVALID', field: 'defaultLocale' }],
      ['settings not an object', CREATE_TENANT, { input: { slug: 'bad-settings', name: 'x', settings: 'dark' } }, operator, { code: 'JSON_OBJECT_REQUIRED', field: 'settings' }],
      ["owner's email", CREATE_TENANT, { input: { slug: 'bad-owner', name: 'x', owner: { email: 'nope', password: 'long enough password' } } }, operator, { code: 'EMAIL_INVALID', field: 'owner.email' }],
      ["owner's password", CREATE_TENANT, { input: { slug: 'weak-owner', name: 'x', owner: { email: 'o@weak.test', password: 'weak' } } }, operator, { code: 'PASSWORD_TOO_SHORT', field: 'owner.password' }],
      ['slug taken', CREATE_TENANT, { input: { slug: 'unique-a', name: 'again' } }, operator, { code: 'SLUG_TAKEN', field: 'slug' }],
      ['domain taken', CREATE_TENANT, { input: { slug: 'squatter', name: 'Squatter', domains: ['UNIQUE-A.test'], owner: { email: 'o@squatter.test', password: 'squatter password' } } }, operator, { code: 'DOMAIN_TAKEN', field: 'domains' }],
      ['role name', 'mutation { createRole(input: { name: "Bad Name", permissions: [] }) { id } }', {}, owner, { code: 'ROLE_NAME_INVALID', field: 'name' }],
      ['unknown permission', 'mutation { createRole(input: { name: "typo", permissions: ["core.usr.read"] }) { id } }', {}, owner, { code: 'PERMISSION_UNKNOWN', field: 'permissions' }],
      ['page size', '{ users(first: 0) { edges { node { id } } } }', {}, owner, { code: 'FIRST_INVALID', field: 'first' }],
      ['cursor', '{ users(after: "not a cursor") { edges { node { id } } } }', {}, owner, { code: 'CURSOR_INVALID', field: 'after' }],
    ];
    for (const [what, query, variables, headers, expected] of cases) {
      const response = await core.request(query, variables, headers);
      t.same(refusal(response), [expected], what);
      t.equal(response.data ?? null, null, `${what}: no data`);
    }
    t.equal(await userCount(), before, 'no refused input created a user');
    const slugs = await core.sql<{ slug: string }>('SELECT slug FROM core.tenants ORDER BY slug');
    t.same(slugs.map((s) => s.slug), ['unique-a', 'unique-b'], 'no refused input created a tenant');
    t.same(await core.sql("SELECT id FROM core.roles WHERE NOT built_in"), [], 'nor a role');
    t.same(await core.sql("SELECT id FROM core.users WHERE email = 'o@squatter.test'"), [], "the refused tenant's owner does not exist either");
    t.same(await core.sql("SELECT id FROM rustok.outbox WHERE name = 'core.tenant.created' AND payload->>'slug' = 'squatter'"), [], 'and no core.tenant.created went out for it');
  });

  await t.test('a createUser whose role assignment fails leaves no user, role link, event or audit entry', async (t) => {
    const roles = (await core.request<{ roles: { edges: Array<{ node: { id: string; name: string } }> } }>('{ roles { edges { node { id name } } } }', {}, owner)).data?.roles.edges.map((e) => e.node) ?? [];
    const roleId = (name: string) => roles.find((r) => r.name === name)?.id as string;
    const missingRole = toGlobalId('Role', randomUUID());
    const notFound = await core.request(CREATE_USER, { input: { email: 'half@a.test', password: 'half written password', roleIds: [roleId('customer'), missingRole] } }, owner);
    t.same(refusal(notFound), [{ code: 'ROLE_NOT_FOUND', field: 'roleIds' }], 'an unknown role is refused, naming the input field roleIds');

    await core.createUser(a.host, ownerToken, { email: 'admin@a.test', password: 'admin password 1', roles: ['admin'] });
    const admin = as(a.host, await core.login(a.host, 'admin@a.test', 'admin password 1'));
    const escalation = await core.request(CREATE_USER, { input: { email: 'half@a.test', password: 'half written password', roleIds: [roleId('owner')] } }, admin);
    t.same(refusal(escalation), [{ code: 'PERMISSION_NOT_HELD', field: 'roleIds' }], 'an admin creating an owner is refused, naming roleIds');

    t.same(await core.sql("SELECT id FROM core.users WHERE email = 'half@a.test'"), [], 'no user');
    t.same(await core.sql("SELECT ur.user_id FROM core.user_roles ur LEFT JOIN core.users u ON u.id = ur.user_id WHERE u.id IS NULL"), [], 'no dangling role link');
    t.same(await core.sql("SELECT id FROM rustok.outbox WHERE name = 'core.user.created' AND payload->>'email' = 'half@a.test'"), [], 'no core.user.created event');
    t.same(await core.sql("SELECT id FROM core.audit_log WHERE action = 'core.user.created' AND detail->>'email' = 'half@a.test'"), [], "no audit entry claiming it was created");
    const failures = await core.sql<{ detail: { code: string } }>("SELECT detail FROM core.audit_log WHERE action = 'graphql.Mutation.createUser' AND outcome = 'failure' ORDER BY id");
    t.same(failures.map((f) => f.detail.code).slice(-2), ['ROLE_NOT_FOUND', 'PERMISSION_NOT_HELD'], 'the attempts themselves are audited as failures');
  });
});
