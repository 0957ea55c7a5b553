import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

t.test('a query nested deeper than RUSTOK_GRAPHQL_MAX_DEPTH is refused with GRAPHQL_DEPTH_LIMIT', async (t) => {
  const project = await fixtureProject(t, ['r-gql-tree']);
  const kernel = await bootForTest(t, { projectRoot: project.root, env: { RUSTOK_GRAPHQL_MAX_DEPTH: '3' } });

  const within = await kernel.graphql<{ rTree: { child: { level: number } } }>('{ rTree { child { level } } }');
  t.same(within.errors, undefined, 'three levels are served');
  t.equal(within.data?.rTree.child.level, 2);

  for (const [what, query] of [
    ['nested fields', '{ rTree { child { child { level } } } }'],
    ['nesting hidden in a fragment', '{ rTree { ...Deep } } fragment Deep on RTreeNode { child { child { level } } }'],
  ] as const) {
    const response = await kernel.graphql(query);
    t.same(response.errors?.map((e) => e.extensions?.code), ['GRAPHQL_DEPTH_LIMIT'], `${what}: refused`);
    t.notOk(response.data, `${what}: nothing is resolved`);
  }
});
