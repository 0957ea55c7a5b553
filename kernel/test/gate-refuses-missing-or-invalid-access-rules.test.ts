import t from 'tap';
import { fixtureProject, gate } from './helpers/fixture-project';

t.test('the gate refuses root fields and node types without an access rule, rules on fields a module does not own, and unknown permissions', async (t) => {
  const project = await fixtureProject(t, ['t-gate-no-rule', 't-gate-bad-rules']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(
    problems.map((p) => `${p.code} ${p.module} ${p.path}`).sort(),
    [
      'RTK_GRAPHQL_ACCESS_INVALID t-gate-bad-rules rustok.graphql.access.Query.kernel',
      'RTK_GRAPHQL_ACCESS_INVALID t-gate-bad-rules rustok.graphql.access.Query.tGateNowhere',
      'RTK_GRAPHQL_ACCESS_INVALID t-gate-bad-rules rustok.graphql.access.Query.tGateUnruled',
      // Its only rule named an unknown permission, so the field is left without one.
      'RTK_GRAPHQL_ACCESS_UNDECLARED t-gate-bad-rules rustok.graphql.access.Query.tGateItemCount',
      'RTK_GRAPHQL_ACCESS_UNDECLARED t-gate-no-rule rustok.graphql.access.Mutation.tGateUnruledWrite',
      'RTK_GRAPHQL_ACCESS_UNDECLARED t-gate-no-rule rustok.graphql.access.Query.tGateUnruled',
      'RTK_GRAPHQL_ACCESS_UNDECLARED t-gate-no-rule rustok.graphql.access.TGateThing',
      'RTK_PERMISSION_UNKNOWN t-gate-bad-rules rustok.graphql.access.Query.tGateItemCount',
      'RTK_PERMISSION_UNKNOWN t-gate-bad-rules rustok.roles.editor',
    ],
    'every problem is reported at once, each with its code, module and manifest path',
  );
  const byPath = (path: string) => problems.find((p) => p.path === `rustok.graphql.access.${path}` && p.module === 't-gate-bad-rules');
  t.match(byPath('Query.tGateUnruled')?.message, /belongs to module "t-gate-no-rule"/, "a rule on another module's field names its owner");
  t.match(byPath('Query.kernel')?.message, /belongs to the kernel/);
  t.match(byPath('Query.tGateNowhere')?.message, /not in the schema/);
  t.equal(problems.find((p) => p.code === 'RTK_PERMISSION_UNKNOWN' && p.path?.startsWith('rustok.graphql'))?.received, 't-gate-bad-rules.item.count');
  t.equal(problems.find((p) => p.path === 'rustok.roles.editor')?.received, 't-gate-bad-rules.item.publish', 'a role granted an undeclared permission names it');
  t.ok(problems.every((p) => p.file?.endsWith('package.json')), 'each problem points at the manifest');

  const healthy = await gate((await fixtureProject(t, ['t-access', 't-notes'])).root);
  t.same(healthy.problems, []);
  t.equal(healthy.result?.access.fields.get('Query.tNotes'), 't-notes.note.read', 'declared rules are what the gate hands the server');
  t.equal(healthy.result?.access.fields.get('Mutation.tAccessSwitch'), 'platform');
});
