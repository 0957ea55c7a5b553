import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('a type listed in graphql.owns that the typeDefs never define is refused', async (t) => {
  const project = await fixtureProject(t, ['r-owns-undefined']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_DECLARED_NOT_DEFINED'], 'only the undefined type is reported, not the defined one');
  t.has(problems[0], {
    module: 'r-owns-undefined',
    path: 'rustok.graphql.owns',
    expected: 'type RGhost in typeDefs',
  });
});
