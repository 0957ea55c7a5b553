import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { runCli } from './helpers/cli';
import { fixtureProject } from './helpers/fixture-project';

const NO_STACK = /\n\s+at .+:\d+:\d+/;

t.test('an unreachable DATABASE_URL names the server (password hidden) and says what to do', async (t) => {
  const project = await fixtureProject(t, ['k-slow']);
  const run = await runCli(['migrate', '--project', project.root], { env: { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/rustok' } });
  t.equal(run.code, 1);
  t.match(run.stderr, /RTK_DB_UNREACHABLE: Cannot connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/rustok/);
  t.match(run.stderr, /fix: /);
  t.notMatch(run.stderr, /s3cret/);
  t.notMatch(run.stderr, NO_STACK);
});

t.test('a DATABASE_URL that is not a PostgreSQL URL is refused before anything starts', async (t) => {
  const project = await fixtureProject(t, ['k-slow']);
  for (const url of ['mysql://root@127.0.0.1/app', 'not a url']) {
    const run = await runCli(['start', '--project', project.root], { env: { DATABASE_URL: url } });
    t.equal(run.code, 1, url);
    t.match(run.stderr, /RTK_DB_URL_INVALID/);
    t.notMatch(run.stderr, NO_STACK);
  }
});

t.test('a port in use is named, with the fix, and the process exits 1', async (t) => {
  const project = await fixtureProject(t, ['k-slow']);
  const databaseUrl = await createTestDatabase(t);
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as net.AddressInfo).port;
  const run = await runCli(['dev', '--project', project.root], { env: { DATABASE_URL: databaseUrl, PORT: String(port) } });
  t.equal(run.code, 1);
  t.match(run.stderr, new RegExp(`RTK_HTTP_PORT_IN_USE: Port ${port} on 127\\.0\\.0\\.1 is already in use`));
  t.match(run.stderr, /PORT=<another port>/);
  t.notMatch(run.stderr, NO_STACK);
});

t.test('invalid PORT and LOG_LEVEL values name the variable and the accepted values', async (t) => {
  const project = await fixtureProject(t, []);
  const port = await runCli(['check', '--project', project.root], { env: { PORT: 'eighty' } });
  t.equal(port.code, 1);
  t.match(port.stderr, /RTK_CONFIG_ENV_INVALID: PORT="eighty" is not an integer between 0 and 65535/);
  const level = await runCli(['check', '--project', project.root], { env: { LOG_LEVEL: 'verbose' } });
  t.equal(level.code, 1);
  t.match(level.stderr, /RTK_CONFIG_ENV_INVALID: LOG_LEVEL="verbose"/);
});

t.test('a malformed registry.json and a missing module folder are reported by file and field, never as a bare stack', async (t) => {
  const project = await fixtureProject(t, []);
  await fs.writeFile(project.registryFile, '{ "modules": [ }');
  const notJson = await runCli(['check', '--project', project.root]);
  t.equal(notJson.code, 1);
  t.match(notJson.stderr, /RTK_REGISTRY_NOT_JSON \(registry\.json\)/);
  t.notMatch(notJson.stderr, NO_STACK);

  await fs.writeFile(
    project.registryFile,
    JSON.stringify({ modules: [{ id: 'ghost', package: 'ghost-module', version: '1.0.0', source: 'workspace:modules/ghost', integrity: `sha512-${'A'.repeat(86)}==`, enabled: true }] }),
  );
  const missing = await runCli(['check', '--json', '--project', project.root]);
  t.equal(missing.code, 1);
  t.match(JSON.parse(missing.stdout).problems, [{ code: 'RTK_PACKAGE_NOT_FOUND', module: 'ghost', path: '$.modules[0].source' }]);
  await fs.rm(path.join(project.root, 'registry.json'));
  const noRegistry = await runCli(['check', '--project', project.root]);
  t.equal(noRegistry.code, 1);
  t.match(noRegistry.stderr, /RTK_REGISTRY_NOT_FOUND/);
});
