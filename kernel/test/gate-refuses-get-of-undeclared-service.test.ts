import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('ctx.services.get of a service missing from requires.services throws RTK_UNDECLARED_SERVICE, even when another module provides it', async (t) => {
  const project = await fixtureProject(t, ['r-get-provider', 'r-get-undeclared']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_UNDECLARED_SERVICE']);
  t.equal(problems[0]?.module, 'r-get-undeclared', 'the module asking is blamed, not the provider');
});
