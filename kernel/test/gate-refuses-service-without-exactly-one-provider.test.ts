import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed, repin, withCode } from './helpers/gate-report';

t.test('a required service no module provides is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-needs-greeter']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_SERVICE_NOT_PROVIDED']);
  t.has(problems[0], { module: 'needs-greeter', file: path.join('modules', 's-needs-greeter', 'package.json'), path: 'rustok.requires.services[0]', received: 'no provider' });
  t.same(blamed(problems), ['needs-greeter'], 'the healthy module is not blamed');
});

t.test('a provider that is disabled does not provide', async (t) => {
  const project = await fixtureProject(t, ['s-needs-greeter', { fixture: 's-greeter-one', enabled: false }]);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_SERVICE_NOT_PROVIDED']);
  t.has(problems[0], { module: 'needs-greeter', path: 'rustok.requires.services[0]' });
});

t.test('a required service with one enabled provider is accepted, provider first', async (t) => {
  const project = await fixtureProject(t, ['s-needs-greeter', 's-greeter-one']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['greeter-one', 'needs-greeter']);
});

t.test('a service provided by two modules is refused, naming both', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-greeter-one', 's-greeter-two']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_SERVICE_PROVIDED_TWICE']);
  const [twice] = withCode(problems, 'RTK_SERVICE_PROVIDED_TWICE');
  t.has(twice, { path: 'rustok.provides.services', expected: 'one provider' });
  t.same(String(twice?.received).split(', ').sort(), ['greeter-one', 'greeter-two']);
  t.ok(['greeter-one', 'greeter-two'].includes(String(twice?.module)), 'attributed to one of the providers');
});

t.test('the report of a twice-provided service does not depend on which package loaded first', async (t) => {
  // `rustok check --json` is a stable contract: the same project must give the same report.
  // greeter-one (first in registry.json) is made slow to hash, so it finishes loading last.
  const project = await fixtureProject(t, ['s-greeter-one', 's-greeter-two']);
  await fs.writeFile(path.join(project.root, 'modules', 's-greeter-one', 'src', 'padding.bin'), Buffer.alloc(16 * 1024 * 1024, 1));
  await repin(project);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_SERVICE_PROVIDED_TWICE']);
  t.has(problems[0], { module: 'greeter-two', received: 'greeter-one, greeter-two' }, 'providers in registry order, the later one blamed');
});
