import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

t.test("a module's query returns another module's service result through ctx.services.get", async (t) => {
  const project = await fixtureProject(t, ['r-svc-greeter', 'r-svc-welcome']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const response = await kernel.graphql<{ rWelcome: string }>('{ rWelcome(name: "Ada") }');
  t.same(response.errors, undefined);
  t.equal(response.data?.rWelcome, 'Hello, Ada (from r-svc-greeter)', "the provider's implementation, with the provider's own config and id");
  t.same(
    kernel.kernel.gate.modules.map((m) => m.manifest.id),
    ['r-svc-greeter', 'r-svc-welcome'],
    'the provider registers before the module requiring its service',
  );
});
