import t from 'tap';
import { as, bootCore, codes, localId, reasons } from './helpers/boot-core';

interface MailedToken {
  tenantId: string;
  userId: string;
  email: string;
  token: string;
  expiresAt: string;
}

const REQUEST_RESET = 'mutation($e: String!) { requestPasswordReset(email: $e) }';
const RESET = 'mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }';
const VERIFY = 'mutation($t: String!) { verifyEmail(token: $t) }';

t.test('password reset and email verification: tokens travel in outbox events, work once, expire, and reveal no accounts', async (t) => {
  const core = await bootCore(t);
  const shop = await core.createTenant('mail', { email: 'owner@mail.test', password: 'owner password 1' });
  const other = await core.createTenant('other-mail', { email: 'owner@other-mail.test', password: 'owner password 1' });
  const owner = await core.login(shop.host, 'owner@mail.test', 'owner password 1');
  const userId = await core.createUser(shop.host, owner, { email: 'forgetful@mail.test', password: 'the old password', roles: ['customer'] });

  /** Payloads of `event` (as the outbox stores them, for whatever mailer is hooked to it), oldest first. */
  const mailed = (event: string) => core.sql<{ payload: MailedToken; tenant_id: string }>('SELECT payload, tenant_id FROM rustok.outbox WHERE name = $1 AND version = 1 ORDER BY created_at', [event]);
  const resets = () => mailed('core.user.password-reset-requested');
  const verifications = () => mailed('core.user.email-verification-requested');

  await t.test('requestPasswordReset answers the same for known and unknown emails, and mails only for the known', async (t) => {
    const known = await core.request(REQUEST_RESET, { e: 'Forgetful@Mail.test' }, as(shop.host));
    const unknown = await core.request(REQUEST_RESET, { e: 'nobody@mail.test' }, as(shop.host));
    const otherTenant = await core.request(REQUEST_RESET, { e: 'owner@other-mail.test' }, as(shop.host));
    t.same(known, { data: { requestPasswordReset: true } }, 'known email (any case): true, no errors');
    t.same(unknown, known, 'unknown email: the very same answer');
    t.same(otherTenant, known, "another tenant's user: the very same answer");
    const events = await resets();
    t.equal(events.length, 1, 'exactly one reset event, for the known user');
    const event = events[0];
    t.match(event?.payload, { tenantId: localId(shop.id), userId: localId(userId), email: 'forgetful@mail.test', token: /^rtk_r_/ }, 'it carries the tenant, the user, the address and the token');
    t.equal(event?.tenant_id, localId(shop.id), 'emitted in the tenant');
    t.ok(Math.abs(Date.parse(event?.payload.expiresAt ?? '') - (Date.now() + 60 * 60_000)) < 60_000, 'expiring in the default 60 minutes');
    const [stored] = await core.sql<{ all: string }>("SELECT string_agg(row_to_json(x)::text, ' ') AS all FROM core.user_tokens x");
    t.notOk(stored?.all.includes(event?.payload.token ?? 'missing'), 'user_tokens holds only a hash of the token');
  });

  await t.test('a reset token works once, sets the password and ends every session', async (t) => {
    const session = await core.login(shop.host, 'forgetful@mail.test', 'the old password');
    const token = (await resets()).at(-1)?.payload.token as string;
    const short = await core.request(RESET, { t: token, p: 'short' }, as(shop.host));
    t.same(codes(short), ['PASSWORD_TOO_SHORT'], 'a too short new password is refused');
    t.equal(short.errors?.[0]?.extensions?.field, 'newPassword');
    t.same(codes(await core.request(RESET, { t: token, p: 'a brand new password' }, as(other.host))), ['TOKEN_INVALID'], "on another tenant the token is unknown (and is not used up)");

    t.same(await core.request(RESET, { t: token, p: 'a brand new password' }, as(shop.host)), { data: { resetPassword: true } }, 'the refused attempts did not use the token up');
    t.same(reasons(await core.request('{ me { email } }', {}, as(shop.host, session))), ['UNAUTHENTICATED/revoked'], 'every session ended');
    t.same(codes(await core.request('mutation { login(email: "forgetful@mail.test", password: "the old password") { token } }', {}, as(shop.host))), ['INVALID_CREDENTIALS'], 'the old password is gone');
    const fresh = await core.login(shop.host, 'forgetful@mail.test', 'a brand new password');
    t.ok(fresh, 'the new one logs in');
    const verified = await core.request<{ me: { emailVerifiedAt: string | null } }>('{ me { emailVerifiedAt } }', {}, as(shop.host, fresh));
    t.ok(verified.data?.me.emailVerifiedAt, 'a reset proves the mailbox: the email counts as verified');

    const again = await core.request(RESET, { t: token, p: 'yet another password' }, as(shop.host));
    t.same(codes(again), ['TOKEN_INVALID'], 'the second use is refused');
    t.equal(again.errors?.[0]?.extensions?.field, 'token');
    t.ok(await core.login(shop.host, 'forgetful@mail.test', 'a brand new password'), 'and changed nothing');
  });

  await t.test('only the newest reset token works, and an expired one is refused', async (t) => {
    await core.request(REQUEST_RESET, { e: 'forgetful@mail.test' }, as(shop.host));
    await core.request(REQUEST_RESET, { e: 'forgetful@mail.test' }, as(shop.host));
    const [older, newer] = (await resets()).slice(-2).map((e) => e.payload.token);
    t.same(codes(await core.request(RESET, { t: older, p: 'older link password' }, as(shop.host))), ['TOKEN_INVALID'], 'an earlier link is retired by a newer request');
    await core.sql("UPDATE core.user_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    const expired = await core.request(RESET, { t: newer, p: 'expired link password' }, as(shop.host));
    t.same(codes(expired), ['TOKEN_EXPIRED'], 'past its lifetime the newest is refused too');
    t.equal(expired.errors?.[0]?.extensions?.field, 'token');
    t.ok(await core.login(shop.host, 'forgetful@mail.test', 'a brand new password'), 'the password is unchanged');
  });

  await t.test('a disabled user gets no reset mail, with the same answer', async (t) => {
    const disabledId = await core.createUser(shop.host, owner, { email: 'gone@mail.test', password: 'gone password 1' });
    await core.request('mutation($id: ID!) { disableUser(id: $id) { id } }', { id: disabledId }, as(shop.host, owner));
    const before = (await resets()).length;
    t.same(await core.request(REQUEST_RESET, { e: 'gone@mail.test' }, as(shop.host)), { data: { requestPasswordReset: true } });
    t.equal((await resets()).length, before, 'no event');
  });

  await t.test('email verification: mailed to the signed-in user, single use, expiring, not interchangeable with reset tokens', async (t) => {
    const newcomer = await core.createUser(shop.host, owner, { email: 'newcomer@mail.test', password: 'newcomer password' });
    const session = as(shop.host, await core.login(shop.host, 'newcomer@mail.test', 'newcomer password'));
    const unverified = await core.request<{ me: { emailVerifiedAt: string | null } }>('{ me { emailVerifiedAt } }', {}, session);
    t.equal(unverified.data?.me.emailVerifiedAt, null, 'a new user is unverified');

    t.same(await core.request('mutation { requestEmailVerification }', {}, session), { data: { requestEmailVerification: true } });
    const first = (await verifications()).at(-1)?.payload;
    t.match(first, { userId: localId(newcomer), email: 'newcomer@mail.test', token: /^rtk_v_/ }, 'the token goes out in core.user.email-verification-requested@1');
    await core.sql("UPDATE core.user_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL", [localId(newcomer)]);
    t.same(codes(await core.request(VERIFY, { t: first?.token }, as(shop.host))), ['TOKEN_EXPIRED'], 'an expired verification token is refused');

    await core.request('mutation { requestEmailVerification }', {}, session);
    const second = (await verifications()).at(-1)?.payload.token as string;
    t.not(second, first?.token, 'a new request mails a new token');
    await core.request(REQUEST_RESET, { e: 'newcomer@mail.test' }, as(shop.host));
    const resetToken = (await resets()).at(-1)?.payload.token as string;
    t.same(codes(await core.request(VERIFY, { t: resetToken }, as(shop.host))), ['TOKEN_INVALID'], 'a reset token does not verify an email');
    t.same(codes(await core.request(RESET, { t: second, p: 'hijacked password 1' }, as(shop.host))), ['TOKEN_INVALID'], 'nor does a verification token reset a password');

    t.same(await core.request(VERIFY, { t: second }, as(shop.host)), { data: { verifyEmail: true } });
    const verified = await core.request<{ me: { emailVerifiedAt: string | null } }>('{ me { emailVerifiedAt } }', {}, session);
    t.ok(verified.data?.me.emailVerifiedAt, 'the email is verified');
    t.same(codes(await core.request(VERIFY, { t: second }, as(shop.host))), ['TOKEN_INVALID'], 'the token works once');

    const count = (await verifications()).length;
    t.same(await core.request('mutation { requestEmailVerification }', {}, session), { data: { requestEmailVerification: true } }, 'asking again once verified answers true');
    t.equal((await verifications()).length, count, 'but mails nothing');
  });

  await t.test('links mailed to an address the account no longer has stop working', async (t) => {
    const moverId = await core.createUser(shop.host, owner, { email: 'mover@mail.test', password: 'mover password 1' });
    const session = as(shop.host, await core.login(shop.host, 'mover@mail.test', 'mover password 1'));
    await core.request('mutation { requestEmailVerification }', {}, session);
    const verification = (await verifications()).at(-1)?.payload as MailedToken;
    await core.request(REQUEST_RESET, { e: 'mover@mail.test' }, as(shop.host));
    const reset = (await resets()).at(-1)?.payload as MailedToken;
    t.same([verification.email, reset.email], ['mover@mail.test', 'mover@mail.test'], 'both links went to the old address');

    t.same(codes(await core.request('mutation($id: ID!) { updateUser(id: $id, input: { email: "moved@mail.test" }) { email } }', { id: moverId }, as(shop.host, owner))), []);
    t.same(codes(await core.request(VERIFY, { t: verification.token }, as(shop.host))), ['TOKEN_INVALID'], 'the old verification link does not verify the new address');
    t.same(codes(await core.request(RESET, { t: reset.token, p: 'taken over password' }, as(shop.host))), ['TOKEN_INVALID'], 'the old reset link no longer resets the password of the account that moved away');
    t.same(codes(await core.request('mutation { login(email: "moved@mail.test", password: "mover password 1") { token } }', {}, as(shop.host))), [], 'the password is unchanged');
  });

  await t.test('no mail-bound token or password reaches the audit log', async (t) => {
    const tokens = [...(await resets()), ...(await verifications())].map((e) => e.payload.token);
    t.ok(tokens.length >= 5);
    const [log] = await core.sql<{ all: string }>("SELECT coalesce(string_agg(row_to_json(x)::text, ' '), '') AS all FROM (SELECT * FROM core.audit_log UNION ALL SELECT NULL, * FROM core.platform_audit_log) x");
    for (const token of tokens) t.notOk(log?.all.includes(token), `audit log free of ${token.slice(0, 8)}…`);
    for (const password of ['the old password', 'a brand new password', 'newcomer password']) t.notOk(log?.all.includes(password), `audit log free of a password`);
  });
});
