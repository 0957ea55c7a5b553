import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Folders never hashed: installed dependencies and VCS metadata are not the module's code. */
const ALWAYS_EXCLUDED = new Set(['node_modules', '.git']);
/** Folders hashed only when the package publishes them (listed in package.json `files`). */
const EXCLUDED_UNLESS_PUBLISHED = new Set(['dist', 'test', 'tests', 'coverage']);

/**
 * SRI `sha512-…` over a module package's files: every file's relative POSIX
 * path, length and bytes, in sorted path order. The same tree always gives the
 * same hash, whatever the platform or file system order.
 */
export async function computePackageIntegrity(packageDir: string): Promise<string> {
  const published = await publishedTopLevelEntries(packageDir);
  const files = (await listFiles(packageDir, '', published)).sort();
  const hash = createHash('sha512');
  for (const relative of files) {
    const content = await fs.readFile(path.join(packageDir, relative));
    hash.update(`${relative}\0${content.length}\0`);
    hash.update(content);
    hash.update('\0');
  }
  return `sha512-${hash.digest('base64')}`;
}

async function publishedTopLevelEntries(packageDir: string): Promise<Set<string>> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(packageDir, 'package.json'), 'utf8')) as { files?: unknown };
    if (!Array.isArray(pkg.files)) return new Set();
    return new Set(pkg.files.filter((f): f is string => typeof f === 'string').map((f) => f.replace(/^\.\//, '').split('/')[0] ?? ''));
  } catch {
    // An unreadable package.json is reported by the gate with its own code; hash what is there.
    return new Set();
  }
}

async function listFiles(root: string, relative: string, published: Set<string>): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (ALWAYS_EXCLUDED.has(entry.name)) continue;
    if (relative === '' && EXCLUDED_UNLESS_PUBLISHED.has(entry.name) && !published.has(entry.name)) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(root, rel, published)));
    // A symlinked file is hashed by what it points to (readFile follows it): swapping its target is a change.
    else if (entry.isFile() || (entry.isSymbolicLink() && (await fs.stat(path.join(root, rel)).then((s) => s.isFile(), () => false)))) files.push(rel);
  }
  return files;
}
