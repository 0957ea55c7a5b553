import { createHash } from 'node:crypto';
import t from 'tap';
import { isObjectType } from 'graphql';
import { as, bootCore, codes, localId, reasons } from './helpers/boot-core';

interface TokenView {
  id: string;
  name: string;
  permissions: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const CREATE = 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id name permissions lastUsedAt } } }';
const LIST = '{ apiTokens(includeRevoked: true) { edges { node { id name permissions lastUsedAt revokedAt createdBy } } } }';

t.test('API tokens: only the granted permissions, last use recorded, the secret shown once and stored hashed, expired and revoked refused', async (t) => {
  const core = await bootCore(t);
  const shop = await core.createTenant('tokens', { email: 'owner@tokens.test', password: 'owner password 1' });
  const owner = await core.login(shop.host, 'owner@tokens.test', 'owner password 1');
  const asOwner = as(shop.host, owner);

  const created = await core.request<{ createApiToken: { token: string; apiToken: TokenView } }>(CREATE, { input: { name: 'storefront', permissions: ['core.user.read'] } }, asOwner);
  t.same(codes(created), []);
  const { token, apiToken } = created.data?.createApiToken as { token: string; apiToken: TokenView };
  t.match(token, /^rtk_t_[A-Za-z0-9_-]{43}$/, 'the secret is returned at creation');
  t.same(apiToken.permissions, ['core.user.read']);
  t.equal(apiToken.lastUsedAt, null, 'never used yet');

  await t.test('it can do what it was granted and nothing more', async (t) => {
    const asToken = as(shop.host, token);
    const users = await core.request<{ users: { edges: Array<{ node: { email: string } }> } }>('{ users { edges { node { email } } } }', {}, asToken);
    t.same(codes(users), [], 'core.user.read: users is allowed');
    t.same(users.data?.users.edges.map((e) => e.node.email), ['owner@tokens.test']);
    const createUser = await core.request('mutation { createUser(input: { email: "new@tokens.test", password: "long enough password" }) { id } }', {}, asToken);
    t.same(codes(createUser), ['FORBIDDEN'], 'but not createUser (core.user.create)');
    t.same(await core.sql("SELECT id FROM core.users WHERE email = 'new@tokens.test'"), [], 'and no user was created');
    for (const denied of ['{ roles { edges { node { id } } } }', '{ apiTokens { edges { node { id } } } }', '{ auditLog { edges { node { id } } } }', 'mutation { createApiToken(input: { name: "child", permissions: [] }) { token } }']) {
      t.same(codes(await core.request(denied, {}, asToken)), ['FORBIDDEN'], `refused: ${denied}`);
    }
    t.same((await core.request('{ me { email } }', {}, asToken)).data, { me: null }, 'an API token is no user: me is null');
    t.same(codes(await core.request('mutation { logout }', {}, asToken)), ['USER_ACTOR_REQUIRED'], 'and it has no session to log out');
  });

  await t.test('its last use is recorded', async (t) => {
    const listed = await core.request<{ apiTokens: { edges: Array<{ node: TokenView }> } }>(LIST, {}, asOwner);
    const lastUsedAt = listed.data?.apiTokens.edges.find((e) => e.node.id === apiToken.id)?.node.lastUsedAt;
    t.ok(lastUsedAt !== null && lastUsedAt !== undefined, 'lastUsedAt is set after use');
    t.ok(Math.abs(Date.parse(lastUsedAt as string) - Date.now()) < 60_000, `and recent (${lastUsedAt})`);
    const [row] = await core.sql<{ last_used_at: Date | null }>('SELECT last_used_at FROM core.api_tokens WHERE id = $1', [localId(apiToken.id)]);
    t.ok(row?.last_used_at instanceof Date, 'stored in api_tokens.last_used_at');
  });

  await t.test('the secret is shown once: never listed, never stored', async (t) => {
    const listed = await core.request(LIST, {}, asOwner);
    t.same(codes(listed), []);
    t.notOk(JSON.stringify(listed).includes(token), 'apiTokens never returns the secret');
    t.notOk(JSON.stringify(await core.request('query($id: ID!) { node(id: $id) { ... on ApiToken { id name } } }', { id: apiToken.id }, asOwner)).includes(token), 'nor does node(id:)');
    const apiTokenType = core.kernel.gate.graphql.schema.getType('ApiToken');
    t.ok(isObjectType(apiTokenType));
    t.same(Object.keys(isObjectType(apiTokenType) ? apiTokenType.getFields() : {}).filter((field) => /token|secret|hash/i.test(field)), [], 'the ApiToken type has no field that could carry it');
    const [row] = await core.sql<{ token_hash: string; all: string }>('SELECT token_hash, row_to_json(x)::text AS all FROM core.api_tokens x WHERE id = $1', [localId(apiToken.id)]);
    t.equal(row?.token_hash, createHash('sha256').update(token).digest('hex'), 'only its SHA-256 is stored');
    t.notOk(row?.all.includes(token), 'the raw secret is nowhere in the row');
    t.notOk(row?.all.includes(token.slice('rtk_t_'.length)), 'not even without its prefix');
  });

  await t.test('nobody hands out what they do not hold', async (t) => {
    await core.createUser(shop.host, owner, { email: 'admin@tokens.test', password: 'admin password 1', roles: ['admin'] });
    const admin = as(shop.host, await core.login(shop.host, 'admin@tokens.test', 'admin password 1'));
    const notHeld = await core.request(CREATE, { input: { name: 'switcher', permissions: ['core.module.manage'] } }, admin);
    t.same(codes(notHeld), ['PERMISSION_NOT_HELD'], 'an admin cannot mint core.module.manage (owners only)');
    t.equal(notHeld.errors?.[0]?.extensions?.field, 'permissions');
    t.same(codes(await core.request(CREATE, { input: { name: 'everything', permissions: ['*'] } }, admin)), ['PERMISSION_NOT_HELD'], 'nor *');
    const unknown = await core.request(CREATE, { input: { name: 'typo', permissions: ['core.usr.read'] } }, admin);
    t.same(codes(unknown), ['PERMISSION_UNKNOWN'], 'an undeclared permission is refused');
    t.equal(unknown.errors?.[0]?.extensions?.field, 'permissions');
    const past = await core.request(CREATE, { input: { name: 'stale', permissions: [], expiresAt: new Date(Date.now() - 60_000).toISOString() } }, admin);
    t.same(codes(past), ['EXPIRY_INVALID'], 'an expiry in the past is refused');
    t.equal(past.errors?.[0]?.extensions?.field, 'expiresAt');
    const names = await core.sql<{ name: string }>('SELECT name FROM core.api_tokens ORDER BY name');
    t.same(names.map((n) => n.name), ['storefront'], 'none of the refused tokens was stored');
  });

  await t.test('expired and revoked tokens are refused with their reason; revoking is immediate', async (t) => {
    const make = async (name: string) => (await core.request<{ createApiToken: { token: string; apiToken: { id: string } } }>(CREATE, { input: { name, permissions: ['core.user.read'] } }, asOwner)).data?.createApiToken as { token: string; apiToken: { id: string } };
    const expiring = await make('expiring');
    t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, as(shop.host, expiring.token))), [], 'works while valid');
    await core.sql("UPDATE core.api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [localId(expiring.apiToken.id)]);
    const expired = await core.request('{ users { edges { node { id } } } }', {}, as(shop.host, expiring.token));
    t.same(reasons(expired), ['UNAUTHENTICATED/expired'], 'refused once expired');
    t.equal(expired.data ?? null, null);

    const revocable = await make('revocable');
    t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, as(shop.host, revocable.token))), []);
    const revoked = await core.request<{ revokeApiToken: { revokedAt: string | null } }>('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: revocable.apiToken.id }, asOwner);
    t.ok(revoked.data?.revokeApiToken.revokedAt, 'revokeApiToken answers with revokedAt');
    t.same(reasons(await core.request('{ users { edges { node { id } } } }', {}, as(shop.host, revocable.token))), ['UNAUTHENTICATED/revoked'], 'the next request is refused');
    const listed = await core.request<{ apiTokens: { edges: Array<{ node: { name: string } }> } }>('{ apiTokens { edges { node { name } } } }', {}, asOwner);
    t.notOk(listed.data?.apiTokens.edges.some((e) => e.node.name === 'revocable'), 'revoked tokens are not listed by default');
    t.same(reasons(await core.request('{ users { edges { node { id } } } }', {}, as(shop.host, 'rtk_t_' + 'A'.repeat(43)))), ['UNAUTHENTICATED/unknown'], 'a made-up token is unknown');
  });

  await t.test("a token outlives its creator's roles (a storefront must not stop when its admin leaves)", async (t) => {
    const creatorId = await core.createUser(shop.host, owner, { email: 'leaver@tokens.test', password: 'leaver password 1', roles: ['admin'] });
    const leaver = as(shop.host, await core.login(shop.host, 'leaver@tokens.test', 'leaver password 1'));
    const minted = (await core.request<{ createApiToken: { token: string } }>(CREATE, { input: { name: 'left-behind', permissions: ['core.user.read'] } }, leaver)).data?.createApiToken.token as string;
    const adminRole = (await core.request<{ roles: { edges: Array<{ node: { id: string; name: string } }> } }>('{ roles { edges { node { id name } } } }', {}, asOwner)).data?.roles.edges.find((e) => e.node.name === 'admin')?.node.id;
    t.same(codes(await core.request('mutation($u: ID!, $r: ID!) { revokeRole(userId: $u, roleId: $r) { id } }', { u: creatorId, r: adminRole }, asOwner)), []);
    t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, leaver)), ['FORBIDDEN'], 'the creator lost core.user.read');
    t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, as(shop.host, minted))), [], 'the token keeps what it was created with');
  });
});
