import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('two modules requiring each other are refused as one cycle', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-cycle-b', 's-cycle-a']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_DEPENDENCY_CYCLE'], 'one problem for the cycle, not one per member');
  t.has(problems[0], { module: 'cycle-a', path: 'rustok.requires', received: 'cycle-a → cycle-b → cycle-a' });
});

t.test('three modules requiring each other in a ring are refused as one cycle', async (t) => {
  const project = await fixtureProject(t, ['s-tri-c', 's-healthy', 's-tri-a', 's-tri-b']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_DEPENDENCY_CYCLE']);
  t.has(problems[0], { module: 'tri-a', path: 'rustok.requires', received: 'tri-a → tri-b → tri-c → tri-a' });
});

t.test('separate cycles are reported separately', async (t) => {
  const project = await fixtureProject(t, ['s-cycle-a', 's-cycle-b', 's-tri-a', 's-tri-b', 's-tri-c', 's-healthy']);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_DEPENDENCY_CYCLE', 'RTK_DEPENDENCY_CYCLE']);
  t.same(problems.map((p) => p.received).sort(), ['cycle-a → cycle-b → cycle-a', 'tri-a → tri-b → tri-c → tri-a']);
});

t.test('a chain that is not closed is no cycle', async (t) => {
  const project = await fixtureProject(t, ['s-cycle-a', 's-healthy']);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_REQUIRED_MODULE_MISSING'], 'cycle-a alone only misses cycle-b');
});
