import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

t.test('two modules that both claim a type in graphql.owns are refused as a type conflict', async (t) => {
  const project = await fixtureProject(t, ['r-widget-a', 'r-widget-b']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_GRAPHQL_TYPE_CONFLICT']);
  const [conflict] = problems;
  t.ok(conflict?.module === 'r-widget-a' || conflict?.module === 'r-widget-b', 'blames one of the two claimants');
  t.equal(conflict?.path, 'rustok.graphql.owns');
  t.equal(conflict?.expected, 'one owner');
  t.same(conflict?.received?.split(', ').sort(), ['r-widget-a', 'r-widget-b'], 'names both claimants');
});

t.test('the conflict is reported identically on every run of the same project', async (t) => {
  const project = await fixtureProject(t, ['r-widget-a', 'r-widget-b']);
  const reports = new Set<string>();
  for (let run = 0; run < 8; run++) {
    const { problems } = await gate(project.root);
    reports.add(JSON.stringify(problems.map(({ code, module, path, received }) => ({ code, module, path, received }))));
  }
  t.equal(reports.size, 1, `one report for one project; got ${[...reports].join(' | ')}`);
});

t.test('a module that claims a kernel type (PageInfo) in graphql.owns is refused as a type conflict with the kernel', async (t) => {
  const project = await fixtureProject(t, ['r-claims-page-info']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_GRAPHQL_TYPE_CONFLICT']);
  t.equal(problems[0]?.module, 'r-claims-page-info');
  t.equal(problems[0]?.path, 'rustok.graphql.owns');
  t.equal(problems[0]?.received, 'kernel, r-claims-page-info');
});

t.test('a module whose typeDefs define a kernel type (PageInfo) without claiming it is refused as a type conflict', async (t) => {
  const project = await fixtureProject(t, ['r-defines-page-info']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_GRAPHQL_TYPE_CONFLICT']);
  t.equal(problems[0]?.module, 'r-defines-page-info');
  t.equal(problems[0]?.expected, 'a type defined once');
  t.match(problems[0]?.received, /\bPageInfo\b/, 'names the type');
});
