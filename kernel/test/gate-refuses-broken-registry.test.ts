import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import type { RegistryEntry } from '@rustok/contracts';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { SCHEMA_VALID_INTEGRITY, writeRawRegistry } from './helpers/gate-report';

/** A registry entry the registry schema accepts; tests break one field at a time. */
function entry(id: string, fields: Partial<RegistryEntry> = {}): RegistryEntry {
  return { id, package: `fixture-${id}`, version: '1.0.0', source: `workspace:modules/${id}`, integrity: SCHEMA_VALID_INTEGRITY, enabled: true, ...fields };
}

t.test('a registry.json that is not JSON is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  await writeRawRegistry(project, '{ "modules": [ }\n');
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_REGISTRY_NOT_JSON']);
  t.has(problems[0], { file: 'registry.json' });
});

t.test('every registry schema violation is reported at once, each at its path', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  const { integrity: _integrity, ...withoutIntegrity } = entry('second');
  await writeRawRegistry(project, { modules: [...project.entries, entry('ranged', { version: '^1.0.0' }), withoutIntegrity] });
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_REGISTRY_SCHEMA', 'RTK_REGISTRY_SCHEMA']);
  t.has(problems.find((p) => p.path === '$.modules[1].version'), { code: 'RTK_REGISTRY_SCHEMA', file: 'registry.json', received: '"^1.0.0"' });
  t.has(problems.find((p) => p.path === '$.modules[2].integrity'), { code: 'RTK_REGISTRY_SCHEMA', expected: 'property "integrity"', received: 'nothing' });
});

t.test('a module id pinned twice is refused at the second entry', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  const healthy = project.entries[0] as RegistryEntry;
  await writeRawRegistry(project, { modules: [healthy, { ...healthy }] });
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_REGISTRY_DUPLICATE_ID']);
  t.has(problems[0], { module: 'healthy', file: 'registry.json', path: '$.modules[1].id' });
});

t.test('an entry whose workspace folder does not exist is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  await writeRawRegistry(project, { modules: [...project.entries, entry('nowhere')] });
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_PACKAGE_NOT_FOUND']);
  t.has(problems[0], { module: 'nowhere', file: 'registry.json', path: '$.modules[1].source', received: 'nothing' });
});

t.test('an npm entry whose package is not installed is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  await writeRawRegistry(project, { modules: [...project.entries, entry('uninstalled', { package: '@rustok/fixture-never-installed', source: 'npm' })] });
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_PACKAGE_NOT_FOUND']);
  t.has(problems[0], { module: 'uninstalled', path: '$.modules[1].source', expected: 'node_modules/@rustok/fixture-never-installed/package.json' });
});

t.test('a disabled entry is not looked for on disk', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  await writeRawRegistry(project, { modules: [...project.entries, entry('nowhere', { enabled: false })] });
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['healthy']);
});

t.test('a module package.json that is not a JSON object is refused', async (t) => {
  for (const [name, text] of [
    ['not JSON', '{ "name": "fixture-broken", '],
    ['JSON but not an object', '["fixture-broken"]'],
  ] as const) {
    t.test(name, async (t) => {
      const project = await fixtureProject(t, ['s-healthy']);
      const dir = path.join(project.root, 'modules', 'broken');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, 'package.json'), text);
      await writeRawRegistry(project, { modules: [...project.entries, entry('broken')] });
      const { result, problems } = await gate(project.root);
      t.equal(result, null);
      t.same(codes(problems), ['RTK_PACKAGE_JSON_INVALID']);
      t.has(problems[0], { module: 'broken', file: path.join('modules', 'broken', 'package.json') });
    });
  }
});

t.test('the hand-written registry with only valid entries is accepted', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  await writeRawRegistry(project, { modules: project.entries });
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['healthy']);
});
