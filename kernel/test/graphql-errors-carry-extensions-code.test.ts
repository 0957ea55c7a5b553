import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

t.test('every GraphQL error carries extensions.code', async (t) => {
  const project = await fixtureProject(t, ['r-gql-coded-errors']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const cases: Array<[string, string, string]> = [
    ['an error with its own code keeps it', '{ rForbidden }', 'R_FORBIDDEN'],
    ['a kernel error thrown at request time keeps the kernel code', '{ rMisuse }', 'RTK_CTX_UNKNOWN_MEMBER'],
    ['an unexpected resolver error', '{ rBoom }', 'INTERNAL_SERVER_ERROR'],
    ['an unknown field', '{ rNoSuchField }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a wrongly typed argument', '{ rCount(limit: "ten") }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a missing variable', 'query ($limit: Int!) { rCount(limit: $limit) }', 'GRAPHQL_VALIDATION_FAILED'],
    ['unparsable query text', '{ rCount(limit: 1 }', 'GRAPHQL_VALIDATION_FAILED'],
  ];
  for (const [what, query, code] of cases) {
    const response = await kernel.graphql(query);
    t.ok((response.errors?.length ?? 0) > 0, `${what}: is an error`);
    t.same(
      response.errors?.map((error) => error.extensions?.code),
      response.errors?.map(() => code),
      `${what}: ${code}`,
    );
  }
  const forbidden = await kernel.graphql('{ rForbidden }');
  t.equal(forbidden.errors?.[0]?.message, 'Only editors may read this.', 'an error with its own code keeps its message');
  const misuse = await kernel.graphql('{ rMisuse }');
  t.type(misuse.errors?.[0]?.extensions?.fix, 'string', 'a kernel error says how to fix it');
});
