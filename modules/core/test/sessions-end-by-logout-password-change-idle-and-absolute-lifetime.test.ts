import t from 'tap';
import { as, bootCore, codes, localId, reasons } from './helpers/boot-core';

const ME = '{ me { email } }';

t.test('sessions: logout, logout everywhere, password change, idle timeout, absolute lifetime, disabled users', async (t) => {
  // Short values, so that the configured policy (not the defaults of 24 h and 2 h) is what is tested.
  const core = await bootCore(t, { sessionTtlHours: 1, sessionIdleMinutes: 2 });
  const shop = await core.createTenant('sessions', { email: 'owner@sessions.test', password: 'owner password 1' });
  const owner = await core.login(shop.host, 'owner@sessions.test', 'owner password 1');
  let n = 0;
  /** A fresh user (customer) with its own password; returns a login function. */
  const newUser = async () => {
    const email = `user${++n}@sessions.test`;
    const password = `password of user ${n}`;
    const id = await core.createUser(shop.host, owner, { email, password, roles: ['customer'] });
    return { id, email, password, login: () => core.login(shop.host, email, password) };
  };
  const me = (token: string) => core.request(ME, {}, as(shop.host, token));
  const sessionIdOf = async (token: string) => (await core.request<{ sessions: { edges: Array<{ node: { id: string; current: boolean } }> } }>('{ sessions { edges { node { id current } } } }', {}, as(shop.host, token))).data?.sessions.edges.find((e) => e.node.current)?.node.id as string;

  await t.test('login answers the configured absolute lifetime', async (t) => {
    const user = await newUser();
    const login = await core.request<{ login: { token: string; expiresAt: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt } }', { e: user.email, p: user.password }, as(shop.host));
    const expiresAt = Date.parse(login.data?.login.expiresAt ?? '');
    t.ok(Math.abs(expiresAt - (Date.now() + 3_600_000)) < 60_000, `expiresAt is about one hour ahead (sessionTtlHours: 1), got ${login.data?.login.expiresAt}`);
    const [row] = await core.sql<{ token_hash: string }>('SELECT token_hash FROM core.sessions WHERE id = $1', [localId(await sessionIdOf(login.data?.login.token as string))]);
    t.not(row?.token_hash, login.data?.login.token, 'the session is stored hashed');
  });

  await t.test('logout ends this session only', async (t) => {
    const user = await newUser();
    const [s1, s2] = [await user.login(), await user.login()];
    t.same((await core.request('mutation { logout }', {}, as(shop.host, s1))).data, { logout: true });
    t.same(reasons(await me(s1)), ['UNAUTHENTICATED/revoked'], 'the logged-out session is refused');
    t.same(codes(await me(s2)), [], 'the other session still works');
  });

  await t.test('logoutEverywhere ends every session of the user, this one included, and no one else’s', async (t) => {
    const user = await newUser();
    const other = await newUser();
    const otherSession = await other.login();
    const sessions = [await user.login(), await user.login(), await user.login()];
    const done = await core.request<{ logoutEverywhere: number }>('mutation { logoutEverywhere }', {}, as(shop.host, sessions[0] as string));
    t.equal(done.data?.logoutEverywhere, 3, 'answers how many it ended');
    for (const session of sessions) t.same(reasons(await me(session)), ['UNAUTHENTICATED/revoked']);
    t.same(codes(await me(otherSession)), [], "another user's session is untouched");
  });

  await t.test('changePassword revokes the other sessions and keeps this one', async (t) => {
    const user = await newUser();
    const [current, second, third] = [await user.login(), await user.login(), await user.login()];
    const change = 'mutation($c: String!, $p: String!) { changePassword(currentPassword: $c, newPassword: $p) }';
    const wrong = await core.request(change, { c: 'not my password', p: 'a brand new password' }, as(shop.host, current));
    t.same(codes(wrong), ['PASSWORD_INCORRECT'], 'the current password is checked');
    t.equal(wrong.errors?.[0]?.extensions?.field, 'currentPassword');
    t.same(codes(await me(second)), [], 'a failed change revokes nothing');
    const short = await core.request(change, { c: user.password, p: 'short' }, as(shop.host, current));
    t.same(codes(short), ['PASSWORD_TOO_SHORT']);
    t.equal(short.errors?.[0]?.extensions?.field, 'newPassword');

    const [hashBefore] = await core.sql<{ password_hash: string }>('SELECT password_hash FROM core.users WHERE id = $1', [localId(user.id)]);
    const changed = await core.request<{ changePassword: number }>(change, { c: user.password, p: 'a brand new password' }, as(shop.host, current));
    t.equal(changed.data?.changePassword, 2, 'answers how many other sessions it ended');
    t.same(codes(await me(current)), [], 'this session goes on');
    t.same(reasons(await me(second)), ['UNAUTHENTICATED/revoked']);
    t.same(reasons(await me(third)), ['UNAUTHENTICATED/revoked']);
    const [hashAfter] = await core.sql<{ password_hash: string }>('SELECT password_hash FROM core.users WHERE id = $1', [localId(user.id)]);
    t.not(hashAfter?.password_hash, hashBefore?.password_hash, 'the stored hash changed');
    t.match(hashAfter?.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'to an argon2id hash');
    t.same(codes(await core.request('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: user.email, p: user.password }, as(shop.host))), ['INVALID_CREDENTIALS'], 'the old password no longer logs in');
    t.ok(await core.login(shop.host, user.email, 'a brand new password'), 'the new one does');
  });

  await t.test('revokeSession ends one of your own sessions, not somebody else’s', async (t) => {
    const user = await newUser();
    const other = await newUser();
    const [s1, s2] = [await user.login(), await user.login()];
    const otherSession = await other.login();
    const s2Id = await sessionIdOf(s2);
    t.same((await core.request('mutation($id: ID!) { revokeSession(id: $id) }', { id: s2Id }, as(shop.host, s1))).data, { revokeSession: true });
    t.same(reasons(await me(s2)), ['UNAUTHENTICATED/revoked']);
    const foreign = await core.request('mutation($id: ID!) { revokeSession(id: $id) }', { id: await sessionIdOf(otherSession) }, as(shop.host, s1));
    t.same(codes(foreign), ['SESSION_NOT_FOUND'], "another user's session id is not found");
    t.same(codes(await me(otherSession)), [], 'and that session goes on');
  });

  await t.test('a session unused for longer than sessionIdleMinutes is refused; one in use is kept alive', async (t) => {
    const user = await newUser();
    const [idle, active] = [await user.login(), await user.login()];
    await core.sql("UPDATE core.sessions SET last_seen_at = now() - interval '3 minutes' WHERE id = $1", [localId(await sessionIdOf(idle))]);
    const activeId = localId(await sessionIdOf(active));
    await core.sql("UPDATE core.sessions SET last_seen_at = now() - interval '90 seconds' WHERE id = $1", [activeId]);
    t.same(reasons(await me(idle)), ['UNAUTHENTICATED/idle'], 'idle for 3 minutes with a 2-minute timeout: refused');
    t.same(codes(await me(active)), [], 'used 90 seconds ago: accepted');
    const [seen] = await core.sql<{ fresh: boolean }>("SELECT last_seen_at > now() - interval '10 seconds' AS fresh FROM core.sessions WHERE id = $1", [activeId]);
    t.same(seen, { fresh: true }, 'and its use refreshed last_seen_at');
  });

  await t.test('a session used within the idle timeout is never refused as idle', async (t) => {
    // Time is simulated by moving last_seen_at back: first 50 s (a use then), then 80 s more.
    const user = await newUser();
    const session = await user.login();
    const id = localId(await sessionIdOf(session));
    await core.sql("UPDATE core.sessions SET last_seen_at = last_seen_at - interval '50 seconds' WHERE id = $1", [id]);
    t.same(codes(await me(session)), [], 'used 50 s after login');
    await core.sql("UPDATE core.sessions SET last_seen_at = last_seen_at - interval '80 seconds' WHERE id = $1", [id]);
    t.same(codes(await me(session)), [], 'used again 80 s later: its last use is 80 s ago, within the 2-minute idle timeout');
  });

  await t.test('a session past its absolute lifetime is refused even while in use', async (t) => {
    const user = await newUser();
    const session = await user.login();
    const id = await sessionIdOf(session);
    await core.sql("UPDATE core.sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = $1", [localId(id)]);
    t.same(reasons(await me(session)), ['UNAUTHENTICATED/expired']);
    const another = await user.login();
    const listed = await core.request<{ sessions: { edges: Array<{ node: { id: string } }> } }>('{ sessions { edges { node { id } } } }', {}, as(shop.host, another));
    t.notOk(listed.data?.sessions.edges.some((e) => e.node.id === id), 'an expired session is not listed as live');
  });

  await t.test('a disabled user cannot log in and its sessions are refused', async (t) => {
    const user = await newUser();
    const session = await user.login();
    t.same(codes(await core.request('mutation($id: ID!) { disableUser(id: $id) { status } }', { id: user.id }, as(shop.host, owner))), []);
    t.same(reasons(await me(session)), ['UNAUTHENTICATED/revoked'], 'disabling revokes its sessions');
    const login = await core.request('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: user.email, p: user.password }, as(shop.host));
    t.same(codes(login), ['ACCOUNT_DISABLED'], 'the right password does not log a disabled user in');
    t.same(codes(await core.request('mutation($id: ID!) { enableUser(id: $id) { status } }', { id: user.id }, as(shop.host, owner))), []);
    const again = await user.login();
    t.same(codes(await me(again)), [], 'enabled again, it logs in');

    // Disabled behind core's back (no revocation): authentication still checks the status.
    await core.sql("UPDATE core.users SET status = 'disabled' WHERE id = $1", [localId(user.id)]);
    t.same(reasons(await me(again)), ['UNAUTHENTICATED/user-disabled'], 'a live session of a disabled user is refused');
  });
});
