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
