import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('a service listed in provides.services that register() never provides is refused', async (t) => {
  const project = await fixtureProject(t, ['r-lazy-provider']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_SERVICE_DECLARED_NOT_PROVIDED']);
  t.has(problems[0], { module: 'r-lazy-provider', path: 'rustok.provides.services', received: 'no provide call' });
  t.match(problems[0]?.expected, /ctx\.services\.provide\("r-lazy-provider\.clock@1"/, 'names the missing service');
});
