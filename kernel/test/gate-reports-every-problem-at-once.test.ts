import t from 'tap';
import { ContractViolationError } from '../src/errors';
import { EventBus } from '../src/events/event-bus';
import { Database } from '../src/db/database';
import { runGate } from '../src/gate/gate';
import { createLogger } from '../src/log';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed, registryIndex } from './helpers/gate-report';

const BROKEN = ['s-kernel-future', 's-needs-ghost', { fixture: 's-configurable', config: { times: 0 } }] as const;

t.test('one refusal lists the problems of every broken module', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', ...BROKEN]);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_CONFIG_INVALID', 'RTK_KERNEL_RANGE_EXCLUDES', 'RTK_REQUIRED_MODULE_MISSING']);
  t.has(problems.find((p) => p.code === 'RTK_KERNEL_RANGE_EXCLUDES'), { module: 'kernel-future', path: 'rustok.kernel' });
  t.has(problems.find((p) => p.code === 'RTK_REQUIRED_MODULE_MISSING'), { module: 'needs-ghost', path: 'rustok.requires.modules["ghost"]' });
  t.has(problems.find((p) => p.code === 'RTK_CONFIG_INVALID'), { module: 'configurable', path: `$.modules[${await registryIndex(project, 'configurable')}].config.times` });
  t.same(blamed(problems), ['configurable', 'kernel-future', 'needs-ghost'], 'the healthy module is not blamed');
});

t.test('the refusal is one ContractViolationError with code RTK_BOOT_REFUSED', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', ...BROKEN]);
  const log = createLogger({ level: 'silent' });
  const error: unknown = await runGate({ projectRoot: project.root, sequelize: new Database(log).sequelize, bus: new EventBus(new Database(log).sequelize, log), log }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  t.type(error, ContractViolationError);
  t.equal((error as ContractViolationError).code, 'RTK_BOOT_REFUSED');
  t.same(codes((error as ContractViolationError).problems), ['RTK_CONFIG_INVALID', 'RTK_KERNEL_RANGE_EXCLUDES', 'RTK_REQUIRED_MODULE_MISSING']);
});

t.test('the same project without the broken modules boots', async (t) => {
  const project = await fixtureProject(t, ['s-healthy']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.ok(result);
});
