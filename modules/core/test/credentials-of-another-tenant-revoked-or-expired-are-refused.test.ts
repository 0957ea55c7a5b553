import t from 'tap';
import { bootCore, codes } from './helpers/boot-core';

interface Reason {
  code: string;
  reason: unknown;
}

const reasons = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }): Reason[] => (response.errors ?? []).map((e) => ({ code: String(e.extensions?.code), reason: e.extensions?.reason }));

t.test('a session or API token of tenant A is unknown on tenant B', async (t) => {
  const core = await bootCore(t);
  const a = await core.createTenant('tenant-a', { email: 'owner@a.test', password: 'password of a' });
  const b = await core.createTenant('tenant-b', { email: 'owner@b.test', password: 'password of b' });
  const session = await core.login(a.host, 'owner@a.test', 'password of a');
  const created = await core.request<{ createApiToken: { token: string } }>('mutation { createApiToken(input: { name: "store", permissions: ["core.user.read"] }) { token } }', {}, { host: a.host, authorization: `Bearer ${session}` });
  const apiToken = created.data?.createApiToken.token as string;

  for (const token of [session, apiToken]) {
    t.same(codes(await core.request('{ users { edges { node { email } } } }', {}, { host: a.host, authorization: `Bearer ${token}` })), [], 'works on its own tenant');
    t.same(reasons(await core.request('{ users { edges { node { email } } } }', {}, { host: b.host, authorization: `Bearer ${token}` })), [{ code: 'UNAUTHENTICATED', reason: 'unknown' }]);
    t.same(reasons(await core.request('{ users { edges { node { email } } } }', {}, { host: a.host, 'x-tenant': 'tenant-b', authorization: `Bearer ${token}` })), [{ code: 'UNAUTHENTICATED', reason: 'unknown' }]);
  }
});

t.test('revoked and expired credentials are refused with their reason', async (t) => {
  const core = await bootCore(t);
  const a = await core.createTenant('shop', { email: 'owner@shop.test', password: 'password of shop' });
  const session = await core.login(a.host, 'owner@shop.test', 'password of shop');
  const auth = { host: a.host, authorization: `Bearer ${session}` };
  const soon = new Date(Date.now() + 1500).toISOString();
  const created = await core.request<{ createApiToken: { token: string; apiToken: { id: string } } }>(
    'mutation($at: DateTime) { createApiToken(input: { name: "short", permissions: [], expiresAt: $at }) { token apiToken { id } } }',
    { at: soon },
    auth,
  );
  const expiring = created.data?.createApiToken.token as string;
  const revocable = await core.request<{ createApiToken: { token: string; apiToken: { id: string } } }>('mutation { createApiToken(input: { name: "revocable", permissions: [] }) { token apiToken { id } } }', {}, auth);
  await core.request('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: revocable.data?.createApiToken.apiToken.id }, auth);
  t.same(reasons(await core.request('{ me { email } }', {}, { host: a.host, authorization: `Bearer ${revocable.data?.createApiToken.token}` })), [{ code: 'UNAUTHENTICATED', reason: 'revoked' }]);

  await new Promise((resolve) => setTimeout(resolve, 2000));
  t.same(reasons(await core.request('{ me { email } }', {}, { host: a.host, authorization: `Bearer ${expiring}` })), [{ code: 'UNAUTHENTICATED', reason: 'expired' }]);

  await core.request('mutation { logout }', {}, auth);
  t.same(reasons(await core.request('{ me { email } }', {}, auth)), [{ code: 'UNAUTHENTICATED', reason: 'revoked' }]);
});
