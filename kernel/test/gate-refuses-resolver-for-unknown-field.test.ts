import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('a resolver or a loader for a field the schema does not have is refused', async (t) => {
  const project = await fixtureProject(t, ['r-resolver-unknown-field']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_RESOLVER_UNKNOWN_FIELD', 'RTK_GRAPHQL_RESOLVER_UNKNOWN_FIELD']);
  const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
  t.has(byPath['graphql.extend.resolvers.Query.rThingz'], { module: 'r-resolver-unknown-field', received: 'Query.rThingz' }, 'the misspelt resolver');
  t.has(byPath['graphql.extend.loaders.RThing.colour'], { module: 'r-resolver-unknown-field', received: 'RThing.colour' }, 'the loader of a missing field');
});
