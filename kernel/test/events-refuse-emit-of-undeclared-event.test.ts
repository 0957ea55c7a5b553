import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

const EMIT = 'mutation ($name: String!) { rEmit(name: $name) }';

t.test('emitting an event the module does not declare in events.emits fails with RTK_UNDECLARED_EVENT', async (t) => {
  const project = await fixtureProject(t, ['r-ev-other-emitter', 'r-ev-undeclared']);
  const kernel = await bootForTest(t, { projectRoot: project.root });

  const declared = await kernel.graphql<{ rEmit: boolean }>(EMIT, { name: 'r-ev-undeclared.thing.made@1' });
  t.same(declared.errors, undefined, 'its own declared event is emitted');
  t.equal(declared.data?.rEmit, true);

  const undeclared = await kernel.graphql<{ rEmit: boolean }>(EMIT, { name: 'r-ev-undeclared.thing.vanished@1' });
  t.equal(undeclared.errors?.[0]?.extensions?.code, 'RTK_UNDECLARED_EVENT', 'an event nobody declares');
  t.same(undeclared.errors?.[0]?.path, ['rEmit']);

  const foreign = await kernel.graphql<{ rEmit: boolean }>(EMIT, { name: 'r-ev-other-emitter.thing.made@1' });
  t.equal(foreign.errors?.[0]?.extensions?.code, 'RTK_UNDECLARED_EVENT', "another module's declared event");
});
