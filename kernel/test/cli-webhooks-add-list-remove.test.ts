import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { runCli } from './helpers/cli';
import { fixtureProject } from './helpers/fixture-project';
import { EVENT } from './helpers/webhooks';

t.test('rustok webhooks add shows the secret once; list never shows it; remove deletes the subscription', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const env = { DATABASE_URL: await createTestDatabase(t) };
  const cli = (...args: string[]) => runCli([...args, '--project', project.root], { env });

  const unmigrated = await cli('webhooks', 'list');
  t.equal(unmigrated.code, 1, 'refused before migrations are applied');
  t.match(unmigrated.stderr, /RTK_MIGRATIONS_PENDING/);
  t.equal((await cli('migrate')).code, 0);

  const added = await cli('webhooks', 'add', 'https://hooks.example.com/rustok', '--events', `${EVENT},other.thing.happened@2`);
  t.equal(added.code, 0, added.stderr);
  const id = /Added webhook subscription ([0-9a-f-]{36})/.exec(added.stdout)?.[1];
  const secret = /secret: (whsec_[A-Za-z0-9_-]{43})\n/.exec(added.stdout)?.[1];
  t.ok(id, `prints the id:\n${added.stdout}`);
  t.ok(secret, 'prints a secret of 32 random bytes');
  t.match(added.stdout, /will not be shown again/, 'says the secret is shown once');
  t.match(added.stdout, /no enabled module emits other\.thing\.happened@2/, 'notes an event no enabled module emits');

  const listed = await cli('webhooks', 'list', '--json');
  t.equal(listed.code, 0, listed.stderr);
  t.match(JSON.parse(listed.stdout), [{ id, url: 'https://hooks.example.com/rustok', events: [EVENT, 'other.thing.happened@2'].sort(), active: true, createdAt: /^\d{4}-/ }]);
  const text = await cli('webhooks', 'list');
  t.match(text.stdout, id as string);
  for (const output of [listed.stdout, text.stdout]) t.notOk(output.includes(secret as string) || /secret/i.test(output), 'list never shows the secret');

  const refused = await cli('webhooks', 'add', 'http://hooks.example.com/rustok', '--events', EVENT);
  t.equal(refused.code, 1);
  t.match(refused.stderr, /RTK_WEBHOOK_URL_INVALID/, 'a plain-http URL to another host is refused with its code');
  const badEvent = await cli('webhooks', 'add', 'https://hooks.example.com/rustok', '--events', 'not-an-event');
  t.match(badEvent.stderr, /RTK_WEBHOOK_EVENT_INVALID/, 'an event name not of the form module.entity.verb@N is refused');
  const noEvents = await cli('webhooks', 'add', 'https://hooks.example.com/rustok');
  t.equal(noEvents.code, 2, 'add without --events is a usage error');

  const removed = await cli('webhooks', 'remove', id as string);
  t.equal(removed.code, 0, removed.stderr);
  t.match(removed.stdout, `Removed webhook subscription ${id}`);
  t.equal((await cli('webhooks', 'list')).stdout.trim(), 'No webhook subscriptions.');
  const again = await cli('webhooks', 'remove', id as string);
  t.equal(again.code, 1);
  t.match(again.stderr, /RTK_WEBHOOK_NOT_FOUND/, 'removing an unknown id says so');

  const help = await cli('webhooks', 'add', '--help');
  t.equal(help.code, 0);
  t.match(help.stdout, /rustok webhooks add <url> --events/);
});
