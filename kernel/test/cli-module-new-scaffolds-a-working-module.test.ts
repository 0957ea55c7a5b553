import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { bootForTest } from '../src/testing';
import { runCli } from './helpers/cli';
import { REPO_ROOT, type TeardownHost } from './helpers/fixture-project';

async function emptyProjectCopy(t: TeardownHost): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-scaffold-'));
  t.teardown(() => fs.rm(root, { recursive: true, force: true }));
  await fs.copyFile(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
  await fs.writeFile(path.join(root, 'registry.json'), '{ "modules": [] }\n');
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

t.test('module new scaffolds a module that boots and answers its query; an edit is then refused until re-pinned', async (t) => {
  const root = await emptyProjectCopy(t);
  const created = await runCli(['module', 'new', 'field-notes', '--project', root]);
  t.equal(created.code, 0, created.stderr);
  const registry = JSON.parse(await fs.readFile(path.join(root, 'registry.json'), 'utf8'));
  t.match(registry.modules, [{ id: 'field-notes', package: 'rustok-module-field-notes', version: '0.1.0', source: 'workspace:modules/field-notes', enabled: true, integrity: /^sha512-/ }]);
  for (const file of ['package.json', 'src/index.ts', 'events/note-created.v1.schema.json', 'test/field-notes.test.ts']) {
    t.ok(await fs.stat(path.join(root, 'modules', 'field-notes', file)), `scaffold wrote ${file}`);
  }

  const kernel = await bootForTest(t, { projectRoot: root, env: { RUSTOK_ADMIN_TOKEN: 'operator-secret' } });
  const anonymous = await kernel.graphql('mutation { fieldNotesCreateNote(title: "nobody") { id } }');
  t.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'the scaffold guards its mutation with its own permission');
  const made = await kernel.graphql<{ fieldNotesCreateNote: { id: string; title: string } }>('mutation { fieldNotesCreateNote(title: "hello") { id title } }', {}, { authorization: 'Bearer operator-secret' });
  t.same(made.errors, undefined);
  t.equal(made.data?.fieldNotesCreateNote.title, 'hello');
  const listed = await kernel.graphql<{ fieldNotesNotes: Array<{ title: string }> }>('{ fieldNotesNotes { title } }');
  t.same(listed.data?.fieldNotesNotes, [{ title: 'hello' }]);
  const viaNode = await kernel.graphql<{ node: { title: string } }>('query($id: ID!) { node(id: $id) { ... on FieldNotesNote { title } } }', { id: made.data?.fieldNotesCreateNote.id });
  t.same(viaNode.data?.node, { title: 'hello' }, 'the note is reachable through node(id:)');

  const entry = path.join(root, 'modules', 'field-notes', 'src', 'index.ts');
  await fs.appendFile(entry, '\n// an unreviewed change\n');
  const refused = await runCli(['check', '--json', '--project', root]);
  t.equal(refused.code, 1);
  const report = JSON.parse(refused.stdout);
  t.equal(report.ok, false);
  t.match(report.problems, [{ code: 'RTK_INTEGRITY_MISMATCH', module: 'field-notes', path: '$.modules[0].integrity' }]);
  const verify = await runCli(['registry', 'verify', '--project', root]);
  t.equal(verify.code, 1, 'registry verify refuses the edit too');

  const pinned = await runCli(['module', 'pin', 'field-notes', '--project', root]);
  t.equal(pinned.code, 0, pinned.stderr);
  const accepted = await runCli(['check', '--project', root]);
  t.equal(accepted.code, 0, accepted.stderr);
  t.match(accepted.stdout, /contract gate passed: 1 module \(field-notes\)/);
});

t.test('module new refuses a bad id and an existing folder, leaving the registry untouched', async (t) => {
  const root = await emptyProjectCopy(t);
  const bad = await runCli(['module', 'new', 'Bad_Id', '--project', root]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /RTK_CLI_USAGE/);
  t.equal(await fs.readFile(path.join(root, 'registry.json'), 'utf8'), '{ "modules": [] }\n');
  await fs.mkdir(path.join(root, 'modules', 'taken'), { recursive: true });
  const taken = await runCli(['module', 'new', 'taken', '--project', root]);
  t.equal(taken.code, 1);
  t.match(taken.stderr, /RTK_SCAFFOLD_EXISTS/);
});

t.test('every command answers --help, and an unknown command is a usage error', async (t) => {
  for (const command of ['start', 'dev', 'check', 'migrate', 'module', 'registry']) {
    const run = await runCli([command, '--help']);
    t.equal(run.code, 0, `${command} --help`);
    t.match(run.stdout, new RegExp(`Usage: rustok ${command}`));
  }
  const unknown = await runCli(['frobnicate']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /RTK_CLI_USAGE.*Unknown command "frobnicate"/);
});
