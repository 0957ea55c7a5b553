import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

t.test('production: no GraphiQL, and validation errors do not suggest field names', async (t) => {
  const project = await fixtureProject(t, ['k-slow']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { NODE_ENV: 'production' } });
  t.equal((await kernel.running.app.inject({ url: '/graphiql' })).statusCode, 404);
  const typo = await kernel.graphql('{ kSlw(ms: 1) }');
  t.equal(typo.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  t.notMatch(typo.errors?.[0]?.message ?? '', /Did you mean|kSlow/);
});

t.test('development: GraphiQL is served and suggestions help the developer', async (t) => {
  const project = await fixtureProject(t, ['k-slow']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  t.equal((await kernel.running.app.inject({ url: '/graphiql' })).statusCode, 200);
  const typo = await kernel.graphql('{ kSlw(ms: 1) }');
  t.match(typo.errors?.[0]?.message ?? '', /Did you mean "kSlow"/);
});
