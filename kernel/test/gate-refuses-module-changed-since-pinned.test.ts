import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { computePackageIntegrity } from '../src/registry/integrity';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed, registryIndex } from './helpers/gate-report';

t.test('a module whose source changed after pinning is refused with both hashes', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-integrity']);
  const dir = path.join(project.root, 'modules', 's-integrity');
  const pinned = project.entries.find((entry) => entry.id === 'integrity')?.integrity;
  await fs.appendFile(path.join(dir, 'src', 'index.ts'), '\n// changed after pinning\n');
  const now = await computePackageIntegrity(dir);
  t.not(now, pinned, 'the change is visible to the hash');

  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_INTEGRITY_MISMATCH']);
  t.has(problems[0], {
    module: 'integrity',
    file: 'registry.json',
    path: `$.modules[${await registryIndex(project, 'integrity')}].integrity`,
    expected: pinned,
    received: now,
  });
  t.same(blamed(problems), ['integrity'], 'the healthy module is not blamed');
});

t.test('a new file in the package is a change too', async (t) => {
  const project = await fixtureProject(t, ['s-integrity']);
  await fs.writeFile(path.join(project.root, 'modules', 's-integrity', 'src', 'extra.ts'), 'export const extra = 1;\n');
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_INTEGRITY_MISMATCH']);
});

t.test('files under test/, node_modules/ and unpublished dist/ are not the module\'s code', async (t) => {
  const project = await fixtureProject(t, ['s-integrity']);
  const dir = path.join(project.root, 'modules', 's-integrity');
  for (const file of ['test/index.test.ts', 'node_modules/some-dependency/index.js', 'dist/index.js']) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), '// not part of the pinned module\n');
  }
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['integrity']);
});
