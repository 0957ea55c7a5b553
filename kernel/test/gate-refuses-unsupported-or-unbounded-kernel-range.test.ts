import t from 'tap';
import { KERNEL_VERSION } from '../src/version';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed } from './helpers/gate-report';

t.test('a kernel range that excludes the running kernel is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-kernel-future']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_KERNEL_RANGE_EXCLUDES']);
  t.has(problems[0], { module: 'kernel-future', path: 'rustok.kernel', expected: `a range that includes ${KERNEL_VERSION}`, received: '^9.0.0' });
  t.same(blamed(problems), ['kernel-future'], 'the healthy module is not blamed');
});

t.test('the same module is accepted by a kernel inside its range', async (t) => {
  const project = await fixtureProject(t, ['s-kernel-future']);
  const { result, problems } = await gate(project.root, { kernelVersion: '9.2.0' });
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['kernel-future']);
});

t.test('a range without an upper bound is refused as not specific', async (t) => {
  for (const [fixture, id, range] of [
    ['s-kernel-star', 'kernel-star', '*'],
    ['s-kernel-open', 'kernel-open', '>=0.1.0'],
  ] as const) {
    t.test(`"kernel": "${range}"`, async (t) => {
      const project = await fixtureProject(t, ['s-healthy', fixture]);
      const { result, problems } = await gate(project.root);
      t.equal(result, null);
      t.same(codes(problems), ['RTK_KERNEL_RANGE_UNSPECIFIC'], 'refused even though the range includes the running kernel');
      t.has(problems[0], { module: id, path: 'rustok.kernel', received: range });
    });
  }
});

t.test('a manifest without "kernel" breaks the manifest schema', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-kernel-missing']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_MANIFEST_SCHEMA']);
  t.has(problems[0], { module: 'kernel-missing', path: 'rustok.kernel', expected: 'property "kernel"', received: 'nothing' });
});
