import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed, repin } from './helpers/gate-report';

t.test('a manifest id that breaks the id pattern is refused at rustok.id', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', { fixture: 's-bad-id', id: 'bad-id' }]);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_MANIFEST_SCHEMA']);
  t.has(problems[0], { code: 'RTK_MANIFEST_SCHEMA', module: 'bad-id', file: path.join('modules', 's-bad-id', 'package.json'), path: 'rustok.id', received: '"Bad_Id"' });
  t.same(blamed(problems), ['bad-id'], 'the healthy module is not blamed');
});

t.test('a manifest property the schema does not know is refused at its path', async (t) => {
  const project = await fixtureProject(t, ['s-unknown-property', 's-healthy']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_MANIFEST_SCHEMA']);
  t.has(problems[0], { module: 'unknown-property', path: 'rustok.colour', expected: 'no such property', received: 'property "colour"' });
});

t.test('every schema violation of one manifest is reported, each at its own path', async (t) => {
  const project = await fixtureProject(t, ['s-unknown-property']);
  const file = path.join(project.root, 'modules', 's-unknown-property', 'package.json');
  const pkg = JSON.parse(await fs.readFile(file, 'utf8')) as { rustok: Record<string, unknown> };
  pkg.rustok.permissions = ['Not A Permission'];
  await fs.writeFile(file, JSON.stringify(pkg));
  await repin(project);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_MANIFEST_SCHEMA', 'RTK_MANIFEST_SCHEMA']);
  t.same(problems.map((p) => p.path).sort(), ['rustok.colour', 'rustok.permissions[0]']);
});

t.test('a package.json without a "rustok" field is not a module', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-no-manifest']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_MANIFEST_MISSING']);
  t.has(problems[0], { module: 's-no-manifest', file: path.join('modules', 's-no-manifest', 'package.json'), path: 'rustok', received: 'nothing' });
});

t.test('the healthy module alone is accepted (the refusals above are the broken modules\' doing)', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['healthy']);
});
