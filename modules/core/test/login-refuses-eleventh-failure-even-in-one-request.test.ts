import t from 'tap';
import { bootCore, codes } from './helpers/boot-core';

t.test('50 aliased logins in one request: 10 wrong-password failures, then RATE_LIMITED, also for the right password', async (t) => {
  const core = await bootCore(t);
  const { host } = await core.createTenant('brake', { email: 'owner@brake.test', password: 'the right password' });
  const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: login(email: "OWNER@brake.test", password: "a wrong password") { token }`).join('\n');
  const burst = await core.request(`mutation { ${aliases} }`, {}, { host });
  t.same(codes(burst), [...Array(10).fill('INVALID_CREDENTIALS'), ...Array(40).fill('RATE_LIMITED')]);

  const right = await core.request('mutation { login(email: "owner@brake.test", password: "the right password") { token } }', {}, { host });
  t.same(codes(right), ['RATE_LIMITED'], 'the right password is refused too while the window lasts');

  const otherIp = await core.running.app.inject({ method: 'POST', url: '/graphql', remoteAddress: '10.0.0.7', headers: { host }, payload: { query: 'mutation { login(email: "owner@brake.test", password: "the right password") { token } }' } });
  t.ok((otherIp.json() as { data: { login: { token: string } } }).data.login.token.startsWith('rtk_s_'), 'the limit is per email and address');
});

t.test('an unknown email fails like a wrong password and is counted too', async (t) => {
  const core = await bootCore(t, { loginMaxFailures: 2 });
  const { host } = await core.createTenant('ghosts', { email: 'owner@ghosts.test', password: 'the right password' });
  const attempt = () => core.request('mutation { login(email: "nobody@ghosts.test", password: "whatever it is") { token } }', {}, { host });
  t.same(codes(await attempt()), ['INVALID_CREDENTIALS']);
  t.same(codes(await attempt()), ['INVALID_CREDENTIALS']);
  t.same(codes(await attempt()), ['RATE_LIMITED']);
});
