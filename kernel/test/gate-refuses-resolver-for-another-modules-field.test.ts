import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test("a resolver for a field another module (or the kernel) defines is refused", async (t) => {
  const project = await fixtureProject(t, ['r-field-owner', 'r-field-poacher']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_UNDECLARED_FIELD', 'RTK_GRAPHQL_UNDECLARED_FIELD', 'RTK_GRAPHQL_UNDECLARED_FIELD']);
  t.same(
    problems.map((p) => `${p.module} ${p.path} ${p.received}`).sort(),
    [
      'r-field-poacher graphql.extend.resolvers.Query.kernel Query.kernel',
      'r-field-poacher graphql.extend.resolvers.Query.rItems Query.rItems',
      'r-field-poacher graphql.extend.resolvers.RItem.name RItem.name',
    ],
    'each poached field is named, and only the poacher is blamed',
  );
});
