import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

const INTROSPECTION = '{ __schema { types { name } } }';

t.test('in production an unexpected resolver error is masked and introspection is refused', async (t) => {
  const project = await fixtureProject(t, ['r-gql-secret-error']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { NODE_ENV: 'production' } });

  const raw = await kernel.running.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ rSecret }' } });
  const body = raw.json() as { data: { rSecret: string | null }; errors: Array<{ message: string; path?: string[]; extensions?: { code?: string } }> };
  t.same(body.errors.map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path })), [{ message: 'Internal server error', code: 'INTERNAL_SERVER_ERROR', path: ['rSecret'] }]);
  t.equal(body.data.rSecret, null);
  t.notMatch(raw.body, /SELECT|secret FROM/, 'no part of the original message reaches the client');

  const introspection = await kernel.graphql(INTROSPECTION);
  t.equal(introspection.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'introspection is refused');
  t.notOk(introspection.data, 'and returns no schema');
});

t.test('in development the original message is kept and introspection works', async (t) => {
  const project = await fixtureProject(t, ['r-gql-secret-error']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { NODE_ENV: 'development' } });

  const response = await kernel.graphql('{ rSecret }');
  t.same(response.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })), [{ message: 'SELECT secret FROM x', code: 'INTERNAL_SERVER_ERROR' }]);

  const introspection = await kernel.graphql<{ __schema: { types: Array<{ name: string }> } }>(INTROSPECTION);
  t.same(introspection.errors, undefined);
  t.ok(introspection.data?.__schema.types.some((type) => type.name === 'Query'), 'the schema is described');
});
