import { signWebhook, verifyWebhookSignature } from '@rustok/contracts';
import t from 'tap';

const secret = 'whsec_test-secret';
const body = JSON.stringify({ id: '0190c5a8-0000-7000-8000-000000000001', name: 'blog.post.published@1', payload: { title: 'Grüße' } });
const now = 1_718_000_000;

t.test('a genuine signature verifies, for the body as a string or as the bytes received', async (t) => {
  const header = signWebhook(secret, now, body);
  t.match(header, /^t=1718000000,v1=[0-9a-f]{64}$/, 'the header reads t=<unix seconds>,v1=<hex HMAC-SHA256>');
  t.same(verifyWebhookSignature({ secret, header, rawBody: body, now }), { ok: true });
  t.same(verifyWebhookSignature({ secret, header, rawBody: Buffer.from(body, 'utf8'), now }), { ok: true });
  t.same(verifyWebhookSignature({ secret, header: [header], rawBody: body, now }), { ok: true }, 'a header given as node:http array form');
  t.same(verifyWebhookSignature({ secret, header: `${header},v1=${'0'.repeat(64)},v2=future-scheme`, rawBody: body, now }), { ok: true }, 'one matching v1 among others is enough; unknown entries are ignored');
});

t.test('a tampered body, timestamp or secret is a mismatch', async (t) => {
  const header = signWebhook(secret, now, body);
  t.same(verifyWebhookSignature({ secret, header, rawBody: body.replace('Grüße', 'Grüsse'), now }), { ok: false, reason: 'mismatch' }, 'body changed');
  t.same(verifyWebhookSignature({ secret, header, rawBody: `${body} `, now }), { ok: false, reason: 'mismatch' }, 'one byte appended');
  t.same(verifyWebhookSignature({ secret, header: header.replace(`t=${now}`, `t=${now + 1}`), rawBody: body, now }), { ok: false, reason: 'mismatch' }, 'timestamp changed');
  t.same(verifyWebhookSignature({ secret: 'whsec_other', header, rawBody: body, now }), { ok: false, reason: 'mismatch' }, 'another secret');
});

t.test('a genuine signature outside the tolerance is stale', async (t) => {
  const old = signWebhook(secret, now - 301, body);
  t.same(verifyWebhookSignature({ secret, header: old, rawBody: body, now }), { ok: false, reason: 'stale' }, 'older than the default 300 s');
  t.same(verifyWebhookSignature({ secret, header: signWebhook(secret, now + 301, body), rawBody: body, now }), { ok: false, reason: 'stale' }, 'too far in the future');
  t.same(verifyWebhookSignature({ secret, header: signWebhook(secret, now - 300, body), rawBody: body, now }), { ok: true }, 'exactly at the tolerance');
  t.same(verifyWebhookSignature({ secret, header: old, rawBody: body, now, toleranceSeconds: 600 }), { ok: true }, 'a wider tolerance accepts it');
  t.same(verifyWebhookSignature({ secret, header: signWebhook(secret, Math.floor(Date.now() / 1000) - 3600, body), rawBody: body }), { ok: false, reason: 'stale' }, 'now defaults to the system clock');
});

t.test('a header that is missing or cannot be parsed is malformed', async (t) => {
  const digest = signWebhook(secret, now, body).split('v1=')[1] as string;
  for (const header of [undefined, null, '', 'garbage', `v1=${digest}`, `t=${now}`, `t=soon,v1=${digest}`, `t=${now},v1=xyz`, `t=${now},t=${now},v1=${digest}`, `t=${now},v1=${digest.slice(2)}`]) {
    t.same(verifyWebhookSignature({ secret, header, rawBody: body, now }), { ok: false, reason: 'malformed' }, JSON.stringify(header));
  }
  t.same(verifyWebhookSignature({ secret, header: [signWebhook(secret, now, body), signWebhook(secret, now, body)], rawBody: body, now }), { ok: false, reason: 'malformed' }, 'the header sent twice');
});
