import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('typeDefs that are not valid GraphQL SDL are refused, naming which extend call', async (t) => {
  const project = await fixtureProject(t, ['r-sdl-syntax']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_SYNTAX']);
  t.has(problems[0], { module: 'r-sdl-syntax', path: 'graphql.extend[1].typeDefs' }, 'the second ctx.graphql.extend call is the broken one');
});

t.test('a syntax error in the SDL defining an owned type is reported once, not also as a type declared but never defined', async (t) => {
  const project = await fixtureProject(t, ['r-sdl-syntax-owned']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_SYNTAX'], 'the unparsable SDL is the one problem; RBroken is not "never defined", it is unreadable');
  t.has(problems[0], { module: 'r-sdl-syntax-owned', path: 'graphql.extend[0].typeDefs' });
});
