import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed } from './helpers/gate-report';

t.test('a package whose version is not the pinned one is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', { fixture: 's-pinned', version: '1.0.1' }]);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_PACKAGE_VERSION_MISMATCH']);
  t.has(problems[0], { module: 'pinned', file: path.join('modules', 's-pinned', 'package.json'), path: 'version', expected: '1.0.1', received: '1.0.0' });
  t.same(blamed(problems), ['pinned'], 'the healthy module is not blamed');
});

t.test('the same package pinned at its own version is accepted', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-pinned']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id).sort(), ['healthy', 'pinned']);
});
