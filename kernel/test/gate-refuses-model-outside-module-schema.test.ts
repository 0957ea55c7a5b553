import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('a model defined in another PostgreSQL schema than the module\'s own is refused', async (t) => {
  const project = await fixtureProject(t, ['r-public-model']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_MODEL_OUTSIDE_SCHEMA']);
  t.has(problems[0], { module: 'r-public-model', path: 'models.RPublicThing.schema', expected: 'r_public_model', received: 'public' });
});

t.test("a module's models live in its own schema, named after its id with '-' turned into '_'", async (t) => {
  const project = await fixtureProject(t, ['r-model-home']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  const booted = result?.modules.find((m) => m.manifest.id === 'r-model-home');
  t.equal(booted?.registrations.schema, 'r_model_home');
  const model = booted?.registrations.models.get('RModelHomeThing');
  t.ok(model, 'the model is registered');
  t.has(model?.getTableName(), { schema: 'r_model_home', tableName: 'things' });
});
