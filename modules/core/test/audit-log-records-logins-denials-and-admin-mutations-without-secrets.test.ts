import { createHash } from 'node:crypto';
import t from 'tap';
import { as, bootCore, codes, localId, OPERATOR_TOKEN } from './helpers/boot-core';

interface Entry {
  action: string;
  outcome: string;
  actorKind: string | null;
  actorId: string | null;
  target: string | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

const FIELDS = 'action outcome actorKind actorId target ip requestId detail';
const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

t.test('the audit log records logins, failures, denials and admin mutations with who, what, tenant and address — and no secret', async (t) => {
  const core = await bootCore(t);
  const secrets: string[] = ['owner password a', 'owner password b', 'customer password', 'wrong password guess', 'new user password', 'admin password 1'];
  const operator = { host: 'platform.test', authorization: `Bearer ${OPERATOR_TOKEN}` };
  const a = await core.createTenant('audit-a', { email: 'owner@a.test', password: 'owner password a' });
  const b = await core.createTenant('audit-b', { email: 'owner@b.test', password: 'owner password b' });

  const login = (email: string, password: string, ip: string, requestId: string) =>
    core.request<{ login: { token: string; user: { id: string } } | null }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }', { e: email, p: password }, { host: a.host, 'x-request-id': requestId }, { ip });
  const ok = await login('owner@a.test', 'owner password a', '10.0.0.1', 'aud-login-ok');
  const ownerToken = ok.data?.login?.token as string;
  const ownerId = ok.data?.login?.user.id as string;
  secrets.push(ownerToken);
  const owner = as(a.host, ownerToken);
  t.same(codes(await login('owner@a.test', 'wrong password guess', '10.0.0.2', 'aud-login-bad')), ['INVALID_CREDENTIALS']);
  t.same(codes(await login('ghost@a.test', 'wrong password guess', '10.0.0.2', 'aud-login-ghost')), ['INVALID_CREDENTIALS']);

  const customerId = await core.createUser(a.host, ownerToken, { email: 'customer@a.test', password: 'customer password', roles: ['customer'] });
  const customerToken = await core.login(a.host, 'customer@a.test', 'customer password');
  secrets.push(customerToken);
  t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, { ...as(a.host, customerToken), 'x-request-id': 'aud-denied' }, { ip: '10.0.0.3' })), ['FORBIDDEN']);
  t.same(codes(await core.request('mutation { disableUser(id: "x") { id } }', {}, { host: a.host, 'x-request-id': 'aud-anonymous' }, { ip: '10.0.0.4' })), ['UNAUTHENTICATED']);

  const created = await core.request<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email: 'new@a.test', password: 'new user password' } }, { ...owner, 'x-request-id': 'aud-admin' }, { ip: '10.0.0.5' });
  const newUserId = created.data?.createUser.id as string;
  const duplicate = await core.request('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email: 'NEW@a.test', password: 'new user password' } }, { ...owner, 'x-request-id': 'aud-admin-failed' }, { ip: '10.0.0.5' });
  t.same(codes(duplicate), ['EMAIL_TAKEN']);
  const apiToken = (await core.request<{ createApiToken: { token: string } }>('mutation { createApiToken(input: { name: "shop", permissions: ["core.user.read"] }) { token } }', {}, owner)).data?.createApiToken.token as string;
  secrets.push(apiToken);
  t.same(codes(await core.request('{ users { edges { node { id } } } }', {}, as(a.host, apiToken))), []);
  await core.request('mutation { requestPasswordReset(email: "customer@a.test") }', {}, as(a.host));
  await core.request('mutation { changePassword(currentPassword: "customer password", newPassword: "customer password 2") }', {}, as(a.host, customerToken));
  secrets.push('customer password 2');

  const log = await core.request<{ auditLog: { edges: Array<{ node: Entry }> } }>(`{ auditLog(first: 100) { edges { node { ${FIELDS} } } } }`, {}, owner);
  t.same(codes(log), []);
  const entries = (log.data?.auditLog.edges ?? []).map((e) => e.node);
  const find = (action: string, requestId: string) => entries.find((e) => e.action === action && e.requestId === requestId);

  t.match(find('core.session.login', 'aud-login-ok'), { outcome: 'SUCCESS', actorKind: 'user', actorId: ownerId, target: localId(ownerId), ip: '10.0.0.1' }, 'a successful login: who, from where');
  t.match(find('core.session.login', 'aud-login-bad'), { outcome: 'FAILURE', actorKind: null, ip: '10.0.0.2', detail: { email: 'owner@a.test', reason: 'wrong-password' } }, 'a failed login names the email and why');
  t.match(find('core.session.login', 'aud-login-ghost'), { outcome: 'FAILURE', ip: '10.0.0.2', detail: { email: 'ghost@a.test', reason: 'unknown-email' } }, 'so does a login for an unknown email');
  t.match(find('graphql.Query.users', 'aud-denied'), { outcome: 'DENIED', actorKind: 'user', actorId: customerId, ip: '10.0.0.3', detail: { rule: 'core.user.read', code: 'FORBIDDEN' } }, 'a permission denial: who was refused what');
  t.match(find('graphql.Mutation.disableUser', 'aud-anonymous'), { outcome: 'DENIED', actorKind: null, ip: '10.0.0.4', detail: { code: 'UNAUTHENTICATED' } }, 'an anonymous denial');
  t.match(find('graphql.Mutation.createUser', 'aud-admin'), { outcome: 'SUCCESS', actorKind: 'user', actorId: ownerId, ip: '10.0.0.5', detail: { arguments: { input: { email: 'new@a.test' } } } }, 'an admin mutation with its arguments');
  t.match(find('core.user.created', 'aud-admin'), { outcome: 'SUCCESS', actorId: ownerId, target: localId(newUserId), ip: '10.0.0.5' }, "and core's own record of what changed");
  t.match(find('graphql.Mutation.createUser', 'aud-admin-failed'), { outcome: 'FAILURE', detail: { code: 'EMAIL_TAKEN' } }, 'a failed admin mutation with its error code');
  t.ok(entries.some((e) => e.action === 'core.api-token.created' && e.actorId === ownerId), 'creating an API token is recorded');
  t.ok(entries.some((e) => e.action === 'core.user.password-changed' && e.actorId === customerId && e.outcome === 'SUCCESS'), 'a password change is recorded');

  await t.test('entries belong to their tenant; platform actions to the platform log', async (t) => {
    const stored = await core.sql<{ tenant_id: string }>("SELECT DISTINCT tenant_id FROM core.audit_log WHERE request_id LIKE 'aud-%'");
    t.same(stored, [{ tenant_id: localId(a.id) }], 'stored with tenant A');
    const ownerB = as(b.host, await core.login(b.host, 'owner@b.test', 'owner password b'));
    const logB = await core.request<{ auditLog: { edges: Array<{ node: Entry }> } }>(`{ auditLog(first: 100) { edges { node { ${FIELDS} } } } }`, {}, ownerB);
    t.notOk(logB.data?.auditLog.edges.some((e) => (e.node.requestId ?? '').startsWith('aud-')), "B's log holds none of A's entries");
    const platform = await core.request<{ platformAuditLog: { edges: Array<{ node: Entry }> } }>(`{ platformAuditLog(first: 100, filter: { action: "graphql.Mutation.createTenant" }) { edges { node { ${FIELDS} } } } }`, {}, operator);
    t.equal(platform.data?.platformAuditLog.edges.length, 2, 'both createTenant calls are in the platform log');
    t.match(platform.data?.platformAuditLog.edges[0]?.node, { outcome: 'SUCCESS', actorKind: 'operator', actorId: 'operator', detail: { arguments: { input: { slug: 'audit-b' } } } });
    const admin = await core.createUser(a.host, ownerToken, { email: 'admin@a.test', password: 'admin password 1', roles: ['admin'] });
    t.ok(admin);
    const adminToken = await core.login(a.host, 'admin@a.test', 'admin password 1');
    secrets.push(adminToken);
    const filtered = await core.request<{ auditLog: { edges: Array<{ node: Entry }> } }>(`{ auditLog(filter: { outcome: DENIED }) { edges { node { ${FIELDS} } } } }`, {}, as(a.host, adminToken));
    t.same(codes(filtered), [], 'admins can query it');
    t.ok((filtered.data?.auditLog.edges.length ?? 0) >= 2 && filtered.data?.auditLog.edges.every((e) => e.node.outcome === 'DENIED'), 'filtered by outcome');
  });

  await t.test('no stored row holds a password, a token, or a hash of either', async (t) => {
    const resetTokens = await core.sql<{ token: string }>("SELECT payload->>'token' AS token FROM rustok.outbox WHERE name = 'core.user.password-reset-requested'");
    t.equal(resetTokens.length, 1);
    const hashes = await core.sql<{ hash: string }>('SELECT password_hash AS hash FROM core.users UNION ALL SELECT token_hash FROM core.sessions UNION ALL SELECT token_hash FROM core.api_tokens UNION ALL SELECT token_hash FROM core.user_tokens');
    const needles = [...secrets, ...resetTokens.map((r) => r.token), ...secrets.map(sha256), ...hashes.map((h) => h.hash), OPERATOR_TOKEN];
    const [rows] = await core.sql<{ text: string; count: string }>("SELECT string_agg(row_to_json(x)::text, E'\\n') AS text, count(*) FROM (SELECT * FROM core.audit_log UNION ALL SELECT NULL, * FROM core.platform_audit_log) x");
    t.ok(Number(rows?.count) >= 20, `searched ${rows?.count} rows`);
    for (const needle of needles) t.notOk(rows?.text.includes(needle), `no row contains ${needle.slice(0, 10)}…`);
    t.notOk(/bearer|rtk_[strv]_/i.test(rows?.text ?? ''), 'nor anything that looks like a credential');
  });
});
