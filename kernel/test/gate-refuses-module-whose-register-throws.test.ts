import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';

for (const fixture of ['r-register-throws', 'r-register-rejects']) {
  t.test(`a register() that ${fixture === 'r-register-throws' ? 'throws' : 'rejects with'} a plain Error is reported as RTK_REGISTER_FAILED`, async (t) => {
    const project = await fixtureProject(t, [fixture]);
    const { result, problems } = await gate(project.root);
    t.equal(result, null, 'boot is refused');
    t.same(codes(problems), ['RTK_REGISTER_FAILED']);
    t.has(problems[0], { module: fixture, file: path.join('modules', fixture, 'src', 'index.ts') });
  });
}

t.test('a register() that throws before providing its declared service is reported once, as RTK_REGISTER_FAILED', async (t) => {
  const project = await fixtureProject(t, ['r-register-throws-before-provide']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_REGISTER_FAILED'], 'the throw is the problem; the service it never reached is not a second one');
  t.has(problems[0], { module: 'r-register-throws-before-provide' });
});
