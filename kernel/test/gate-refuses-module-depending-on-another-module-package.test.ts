import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed } from './helpers/gate-report';

t.test('a module whose package.json depends on another module\'s package is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-exporter', 's-importer']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_MODULE_IMPORTS_MODULE'], 'the dependency on @rustok/contracts is allowed');
  t.has(problems[0], {
    module: 'importer',
    file: path.join('modules', 's-importer', 'package.json'),
    path: 'dependencies["fixture-s-exporter"]',
    received: 'fixture-s-exporter',
  });
  t.same(blamed(problems), ['importer'], 'neither the depended-on module nor the healthy one is blamed');
});

t.test('a peer dependency on another module\'s package is refused too', async (t) => {
  const project = await fixtureProject(t, ['s-exporter', 's-peer-importer']);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_MODULE_IMPORTS_MODULE']);
  t.has(problems[0], { module: 'peer-importer', path: 'peerDependencies["fixture-s-exporter"]', received: 'fixture-s-exporter' });
});

t.test('a module depending only on @rustok/contracts is accepted', async (t) => {
  const project = await fixtureProject(t, ['s-exporter']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['exporter']);
});
