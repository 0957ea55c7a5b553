import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('a module that defines a GraphQL type missing from its graphql.owns is refused', async (t) => {
  const project = await fixtureProject(t, ['r-undeclared-type']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_UNDECLARED_TYPE']);
  t.has(problems[0], {
    module: 'r-undeclared-type',
    path: 'rustok.graphql.owns',
    expected: '"RStray" in graphql.owns',
    received: 'type RStray',
  });
});
