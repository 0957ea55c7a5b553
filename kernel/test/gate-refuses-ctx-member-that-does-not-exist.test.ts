import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('reading a ctx member the kernel does not grant (ctx.db) is reported as RTK_CTX_UNKNOWN_MEMBER', async (t) => {
  const project = await fixtureProject(t, ['r-reaches-db']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_CTX_UNKNOWN_MEMBER']);
  t.equal(problems[0]?.module, 'r-reaches-db');
});

t.test('the facades are as strict as ctx: ctx.models.sequelize is RTK_CTX_UNKNOWN_MEMBER too', async (t) => {
  const project = await fixtureProject(t, ['r-reaches-sequelize']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_CTX_UNKNOWN_MEMBER']);
  t.equal(problems[0]?.module, 'r-reaches-sequelize');
});
