import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('ctx.events.on of an event missing from events.consumes is refused', async (t) => {
  const project = await fixtureProject(t, ['r-undeclared-listener']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_UNDECLARED_EVENT']);
  t.has(problems[0], {
    module: 'r-undeclared-listener',
    path: 'rustok.events.consumes',
    expected: '"r-elsewhere.thing.happened@1" in events.consumes',
    received: 'ctx.events.on("r-elsewhere.thing.happened@1")',
  });
});
