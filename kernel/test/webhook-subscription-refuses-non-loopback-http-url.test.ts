import t from 'tap';
import { ErrorCodes } from '../src/errors';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { EVENT } from './helpers/webhooks';

t.test('a webhook URL must be https, or http only to this machine', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const { webhooks } = kernel.kernel;

  for (const url of ['http://example.com/hook', 'http://10.0.0.7:8080/hook', 'http://192.168.1.2/hook', 'http://[2001:db8::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://localhost.example.com/hook', 'http://127.example.com/hook']) {
    await t.rejects(webhooks.add(url, [EVENT]), { code: ErrorCodes.WEBHOOK_URL_INVALID, details: { received: `http:// to ${new URL(url).hostname}` } }, `refuses ${url}`);
  }
  for (const url of ['ftp://example.com/hook', 'file:///etc/passwd', 'not a url', '/relative/hook', 'https://user:pass@example.com/hook']) {
    await t.rejects(webhooks.add(url, [EVENT]), { code: ErrorCodes.WEBHOOK_URL_INVALID }, `refuses ${url}`);
  }
  const refused = await webhooks.add('http://example.com/hook', [EVENT]).catch((error: Error & { fix: string }) => error);
  t.match(refused, { message: /plain http to "example\.com"/, fix: /https:\/\//i }, 'the error says what is wrong and how to fix it');
  t.same(await webhooks.list(), [], 'nothing refused was stored');

  const accepted = ['https://hooks.example.com/rustok', 'http://127.0.0.1:9/hook', 'http://127.8.9.10/hook', 'http://localhost:3000/hook', 'http://[::1]:8080/hook', 'http://127.1/hook'];
  for (const url of accepted) await webhooks.add(url, [EVENT]);
  t.same((await webhooks.list()).map((w) => w.url).sort(), [...accepted.slice(0, 5), 'http://127.0.0.1/hook'].sort(), 'https anywhere and http to loopback hosts are stored, normalised');
});
