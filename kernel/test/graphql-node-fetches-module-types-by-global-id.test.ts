import t from 'tap';
import { toGlobalId } from '@rustok/contracts';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

const NODE = 'query ($id: ID!) { node(id: $id) { __typename id ... on RNodeBook { title } } }';

t.test("`node(id:)` resolves a module's Node type through the fetcher the module registered", async (t) => {
  const project = await fixtureProject(t, ['r-gql-node']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  type NodeResult = { node: { __typename: string; id: string; title?: string } | null };

  const id = toGlobalId('RNodeBook', '2');
  const found = await kernel.graphql<NodeResult>(NODE, { id });
  t.same(found.errors, undefined);
  t.same(found.data?.node, { __typename: 'RNodeBook', id, title: 'Solaris' });

  const listed = await kernel.graphql<{ rNodeBooks: Array<{ id: string; title: string }> }>('{ rNodeBooks { id title } }');
  for (const book of listed.data?.rNodeBooks ?? []) {
    const again = await kernel.graphql<NodeResult>(NODE, { id: book.id });
    t.equal(again.data?.node?.title, book.title, `the id listed for ${book.title} fetches it back`);
  }
  t.equal(listed.data?.rNodeBooks.length, 2);

  for (const [what, missing] of [
    ['an unknown local id', toGlobalId('RNodeBook', '404')],
    ['a type nobody fetches', toGlobalId('RNowhere', '1')],
    ['a string that is no global id', 'not-a-global-id'],
  ] as const) {
    const response = await kernel.graphql<NodeResult>(NODE, { id: missing });
    t.same(response.errors, undefined, `${what}: no error`);
    t.equal(response.data?.node, null, `${what}: null`);
  }
});
