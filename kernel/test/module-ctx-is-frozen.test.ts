import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

const RECORD = Symbol.for('rustok.test.r-ctx-mutator');

interface Recorded {
  attempts: Array<{ what: string; threw: string | null }>;
  idAfter: string;
  defineUnchanged: boolean;
  logAfter: string;
}

t.test('ctx, its facades and its config are frozen: every write to ctx throws RTK_CTX_READ_ONLY, config writes throw, nothing changes', async (t) => {
  delete (globalThis as Record<symbol, unknown>)[RECORD];
  t.teardown(() => {
    delete (globalThis as Record<symbol, unknown>)[RECORD];
  });
  const project = await fixtureProject(t, ['r-ctx-mutator']);
  const { problems } = await gate(project.root);
  t.same(codes(problems), [], 'a module that catches its own failed mutations still boots');
  const recorded = (globalThis as Record<symbol, unknown>)[RECORD] as Recorded | undefined;
  t.ok(recorded, 'register() ran and recorded its attempts');
  t.same(
    recorded?.attempts,
    [
      { what: 'add ctx.db', threw: 'RTK_CTX_READ_ONLY' },
      { what: 'replace ctx.id', threw: 'RTK_CTX_READ_ONLY' },
      { what: 'replace ctx.models', threw: 'RTK_CTX_READ_ONLY' },
      { what: 'delete ctx.log', threw: 'RTK_CTX_READ_ONLY' },
      { what: 'replace ctx.models.define', threw: 'RTK_CTX_READ_ONLY' },
      { what: 'add ctx.services.steal', threw: 'RTK_CTX_READ_ONLY' },
      { what: 'change ctx.config', threw: 'TypeError' },
    ],
  );
  t.equal(recorded?.idAfter, 'r-ctx-mutator', 'ctx.id is unchanged');
  t.equal(recorded?.defineUnchanged, true, 'ctx.models.define is unchanged');
  t.equal(recorded?.logAfter, 'function', 'ctx.log is still there');
});
