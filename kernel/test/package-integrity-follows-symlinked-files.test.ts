import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { computePackageIntegrity } from '../src/registry/integrity';

t.test('a symlinked file counts by its content: pointing it elsewhere changes the integrity', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-integrity-link-'));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  await fs.writeFile(path.join(dir, 'package.json'), '{"name":"linked","version":"1.0.0"}');
  await fs.writeFile(path.join(dir, 'real-a.ts'), 'export const a = 1;');
  await fs.writeFile(path.join(dir, 'real-b.ts'), 'export const a = 2;');
  await fs.symlink('real-a.ts', path.join(dir, 'index.ts'));
  const before = await computePackageIntegrity(dir);
  await fs.rm(path.join(dir, 'index.ts'));
  await fs.symlink('real-b.ts', path.join(dir, 'index.ts'));
  t.not(await computePackageIntegrity(dir), before);
});
