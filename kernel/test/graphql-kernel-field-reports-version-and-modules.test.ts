import t from 'tap';
import { bootForTest } from '../src/testing';
import { KERNEL_VERSION } from '../src/version';
import { fixtureProject } from './helpers/fixture-project';

t.test('`kernel` reports the running kernel version and the booted modules', async (t) => {
  const project = await fixtureProject(t, ['r-gql-kernel-info']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const response = await kernel.graphql<{ kernel: { version: string; modules: Array<{ id: string; package: string; version: string }> } }>(
    '{ kernel { version modules { id package version } } }',
  );
  t.same(response.errors, undefined);
  t.equal(response.data?.kernel.version, KERNEL_VERSION);
  t.same(response.data?.kernel.modules, [{ id: 'r-gql-kernel-info', package: 'fixture-r-gql-kernel-info', version: '1.0.0' }]);
  const own = await kernel.graphql<{ rPing: string }>('{ rPing }');
  t.equal(own.data?.rPing, 'pong', "the module's own field is served next to the kernel's");
});
