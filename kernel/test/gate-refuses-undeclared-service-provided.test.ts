import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('ctx.services.provide of a service missing from provides.services is refused', async (t) => {
  const project = await fixtureProject(t, ['r-undeclared-provider']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_UNDECLARED_SERVICE']);
  t.has(problems[0], {
    module: 'r-undeclared-provider',
    path: 'rustok.provides.services',
    expected: '"r-undeclared-provider.secret@1" in provides.services',
    received: 'ctx.services.provide("r-undeclared-provider.secret@1")',
  });
});
