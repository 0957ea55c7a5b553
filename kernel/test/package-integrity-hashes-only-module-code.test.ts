import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { computePackageIntegrity } from '../src/registry/integrity';
import type { TeardownHost } from './helpers/fixture-project';

const SRI_SHA512 = /^sha512-[A-Za-z0-9+/]{86}==$/;

/** Writes `files` (relative path → content) into a fresh temp folder, in the given order. */
async function packageDir(t: TeardownHost, files: Array<[string, string]>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-integrity-'));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  for (const [file, content] of files) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  return dir;
}

const PACKAGE_JSON: [string, string] = ['package.json', '{"name":"fixture-integrity","version":"1.0.0"}\n'];
const SOURCE: [string, string] = ['src/index.ts', 'export default 1;\n'];
const HELPER: [string, string] = ['src/lib/helper.ts', 'export const helper = 2;\n'];

t.test('the hash is an SRI sha512 and the same tree always gives the same hash', async (t) => {
  const dir = await packageDir(t, [PACKAGE_JSON, SOURCE, HELPER]);
  const first = await computePackageIntegrity(dir);
  t.match(first, SRI_SHA512);
  t.equal(await computePackageIntegrity(dir), first);
});

t.test('the order files were created in does not matter', async (t) => {
  const one = await packageDir(t, [PACKAGE_JSON, SOURCE, HELPER]);
  const other = await packageDir(t, [HELPER, SOURCE, PACKAGE_JSON]);
  t.equal(await computePackageIntegrity(other), await computePackageIntegrity(one));
});

t.test('content, names and added files all change the hash', async (t) => {
  const base = await computePackageIntegrity(await packageDir(t, [PACKAGE_JSON, SOURCE]));
  t.not(await computePackageIntegrity(await packageDir(t, [PACKAGE_JSON, ['src/index.ts', 'export default 2;\n']])), base, 'content');
  t.not(await computePackageIntegrity(await packageDir(t, [PACKAGE_JSON, ['src/main.ts', SOURCE[1]]])), base, 'file name');
  t.not(await computePackageIntegrity(await packageDir(t, [PACKAGE_JSON, SOURCE, HELPER])), base, 'added file');
  t.not(await computePackageIntegrity(await packageDir(t, [PACKAGE_JSON, SOURCE, ['src/test/fixture.ts', '']])), base, 'a nested test/ folder is source');
});

t.test('node_modules/, test/ and dist/ are excluded', async (t) => {
  const base = await computePackageIntegrity(await packageDir(t, [PACKAGE_JSON, SOURCE]));
  for (const file of ['node_modules/dep/index.js', 'src/node_modules/dep/index.js', 'test/index.test.ts', 'tests/index.test.ts', 'dist/index.js', 'coverage/lcov.info']) {
    t.equal(await computePackageIntegrity(await packageDir(t, [PACKAGE_JSON, SOURCE, [file, 'anything']])), base, file);
  }
});

t.test('dist/ counts when package.json "files" publishes it', async (t) => {
  const publishing: [string, string] = ['package.json', '{"name":"fixture-integrity","version":"1.0.0","files":["dist"]}\n'];
  const without = await computePackageIntegrity(await packageDir(t, [publishing, SOURCE]));
  const withDist = await computePackageIntegrity(await packageDir(t, [publishing, SOURCE, ['dist/index.js', 'module.exports = 1;\n']]));
  const otherDist = await computePackageIntegrity(await packageDir(t, [publishing, SOURCE, ['dist/index.js', 'module.exports = 2;\n']]));
  t.not(withDist, without, 'adding dist/ changes the hash');
  t.not(otherDist, withDist, 'changing dist/ changes the hash');
  const nodeModules = await computePackageIntegrity(await packageDir(t, [publishing, SOURCE, ['dist/index.js', 'module.exports = 1;\n'], ['node_modules/dep/index.js', 'x']]));
  t.equal(nodeModules, withDist, 'node_modules/ stays excluded');
});
