import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('the gate accepts a module whose contracts all hold, and applies config defaults', async (t) => {
  const project = await fixtureProject(t, ['valid-basic']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['basic']);
  t.ok(result?.graphql.schema.getQueryType()?.getFields().basicThings, 'the module field is composed into Query');
});
