import t from 'tap';
import { fixtureProject, gate } from './helpers/fixture-project';

t.test("the gate refuses a module command shadowing the kernel's or another module's, and commands added but undeclared or declared but never added", async (t) => {
  const project = await fixtureProject(t, ['t-gate-cmd-b', 't-gate-cmd-a', 't-gate-cmd-c']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(
    problems.map((p) => `${p.code} ${p.module} ${p.received ?? ''}`).sort(),
    [
      'RTK_COMMAND_CONFLICT t-gate-cmd-a migrate',
      'RTK_COMMAND_CONFLICT t-gate-cmd-b shared run',
      'RTK_COMMAND_DECLARED_NOT_ADDED t-gate-cmd-c no add call',
      'RTK_UNDECLARED_COMMAND t-gate-cmd-c t-gate-cmd-c secret',
    ],
  );
  t.match(problems.find((p) => p.received === 'migrate')?.message, /which the kernel already has/, "`migrate` is the kernel's");
  t.match(problems.find((p) => p.received === 'shared run')?.message, /module "t-gate-cmd-a" already has/, 'the second module to add a name is blamed, naming the first');
  t.match(problems.find((p) => p.code === 'RTK_COMMAND_DECLARED_NOT_ADDED')?.message, /"t-gate-cmd-c idle"/);

  const fine = await gate((await fixtureProject(t, ['t-access', 't-notes'])).root);
  t.same([...(fine.result?.commands.keys() ?? [])], ['t-notes count'], 'a prefixed, declared command is accepted');
});
