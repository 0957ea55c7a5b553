import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

t.test('a module loader resolves a field for a whole list in one batch per request', async (t) => {
  const project = await fixtureProject(t, ['k-loader']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const books = await kernel.graphql<{ kLoaderBooks: Array<{ id: number; author: string }> }>('{ kLoaderBooks { id author } }');
  t.same(books.data?.kLoaderBooks, [
    { id: 1, author: 'author of 1' },
    { id: 2, author: 'author of 2' },
    { id: 3, author: 'author of 3' },
  ]);
  const batches = await kernel.graphql<{ kLoaderBatches: number[] }>('{ kLoaderBatches }');
  t.same(batches.data?.kLoaderBatches, [3], 'three authors, one loader call');
});
