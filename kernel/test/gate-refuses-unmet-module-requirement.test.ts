import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed, registryIndex } from './helpers/gate-report';

t.test('a required module that registry.json does not list is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-needs-ghost']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_REQUIRED_MODULE_MISSING']);
  t.has(problems[0], { module: 'needs-ghost', file: path.join('modules', 's-needs-ghost', 'package.json'), path: 'rustok.requires.modules["ghost"]', received: 'not in registry.json' });
  t.same(blamed(problems), ['needs-ghost'], 'the healthy module is not blamed');
});

t.test('a required module that is disabled is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-needs-provider', { fixture: 's-provider', enabled: false }]);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_REQUIRED_MODULE_DISABLED']);
  t.has(problems[0], {
    module: 'needs-provider',
    path: 'rustok.requires.modules["provider"]',
    expected: `"enabled": true at modules[${await registryIndex(project, 'provider')}]`,
    received: '"enabled": false',
  });
});

t.test('a required module pinned outside the required range is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-provider', 's-needs-provider-v2']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_REQUIRED_MODULE_VERSION']);
  t.has(problems[0], { module: 'needs-provider-v2', path: 'rustok.requires.modules["provider"]', expected: 'provider@^2.0.0', received: 'provider@1.0.0' });
  t.same(blamed(problems), ['needs-provider-v2'], 'the required module itself is not blamed');
});

t.test('a required module that is enabled and in range is accepted and booted first', async (t) => {
  const project = await fixtureProject(t, ['s-needs-provider', 's-provider']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['provider', 'needs-provider']);
});
