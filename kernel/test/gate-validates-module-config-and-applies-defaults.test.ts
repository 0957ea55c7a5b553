import { defaultFieldResolver, graphql, type GraphQLFieldResolver } from 'graphql';
import t from 'tap';
import type { GateResult } from '../src/gate/gate';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed, registryIndex } from './helpers/gate-report';

/** Runs a query against the composed schema with the modules' resolvers, as the server would wire them. */
async function query(result: GateResult | null, source: string): Promise<unknown> {
  if (result === null) throw new Error('the gate refused the project');
  const { resolvers } = result.graphql;
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (parent, args, context, info) =>
    (resolvers[info.parentType.name]?.[info.fieldName] ?? defaultFieldResolver)(parent, args, context as never, info);
  const response = await graphql({ schema: result.graphql.schema, source, fieldResolver, contextValue: { requestId: 'test' } });
  if (response.errors?.length) throw response.errors[0];
  return response.data;
}

t.test('config that breaks the module\'s config schema is refused at its JSON path', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', { fixture: 's-configurable', config: { greeting: '' } }]);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_CONFIG_INVALID']);
  const index = await registryIndex(project, 'configurable');
  t.has(problems[0], { module: 'configurable', file: 'registry.json', path: `$.modules[${index}].config.greeting`, received: '""' });
  t.same(blamed(problems), ['configurable'], 'the healthy module is not blamed');
});

t.test('every config violation is reported, each at its own path', async (t) => {
  const project = await fixtureProject(t, [{ fixture: 's-configurable', config: { greeting: 42, times: 0, colour: 'blue' } }]);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_CONFIG_INVALID', 'RTK_CONFIG_INVALID', 'RTK_CONFIG_INVALID']);
  t.same(problems.map((p) => p.path).sort(), ['$.modules[0].config.colour', '$.modules[0].config.greeting', '$.modules[0].config.times']);
  t.has(problems.find((p) => p.path === '$.modules[0].config.greeting'), { expected: 'type string', received: '42' });
  t.has(problems.find((p) => p.path === '$.modules[0].config.colour'), { expected: 'no such property', received: 'property "colour"' });
});

t.test('a module whose config is invalid does not make the modules depending on it fail too', async (t) => {
  // config-dependant resolves configurable's service in register(); the only problem is configurable's config.
  const project = await fixtureProject(t, [{ fixture: 's-configurable', config: { greeting: '' } }, 's-config-dependant']);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_CONFIG_INVALID']);
  t.same(blamed(problems), ['configurable']);
});

t.test('config defaults reach ctx.config when registry.json omits the config', async (t) => {
  const project = await fixtureProject(t, ['valid-basic']);
  t.equal(project.entries[0]?.config, undefined, 'registry.json has no config for the module');
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(await query(result, '{ basicGreeting(name: "ada") }'), { basicGreeting: 'hello, ada' });
});

t.test('config given in registry.json reaches ctx.config', async (t) => {
  const project = await fixtureProject(t, [{ fixture: 'valid-basic', config: { greeting: 'welcome' } }]);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(await query(result, '{ basicGreeting(name: "ada") }'), { basicGreeting: 'welcome, ada' });
});

t.test('a module depending on a configured module is accepted when the config is valid', async (t) => {
  const project = await fixtureProject(t, ['s-configurable', 's-config-dependant']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['configurable', 'config-dependant']);
});
