import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('a field added with `extend type Query` that graphql.extends does not list is refused', async (t) => {
  const project = await fixtureProject(t, ['r-undeclared-field']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_UNDECLARED_FIELD']);
  t.has(problems[0], {
    module: 'r-undeclared-field',
    path: 'rustok.graphql.extends.Query',
    expected: 'only rListed',
    received: 'rListed, rSneaky',
  });
});
