import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ContractProblem, RegistryEntry } from '@rustok/contracts';
import { ErrorCodes } from '../errors';

export interface PackageJson {
  name?: unknown;
  version?: unknown;
  files?: unknown;
  rustok?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface ModulePackage {
  dir: string;
  /** Directory relative to the project root, for messages. */
  shownDir: string;
  packageJson: PackageJson;
}

/** Finds a registry entry's package on disk and parses its package.json. */
export async function loadModulePackage(projectRoot: string, entry: RegistryEntry, index: number): Promise<ModulePackage | ContractProblem> {
  const dir = entry.source === 'npm' ? await findInstalledPackage(projectRoot, entry.package) : path.resolve(projectRoot, entry.source.slice('workspace:'.length));
  const where = { module: entry.id, file: 'registry.json', path: `$.modules[${index}].source` };
  if (dir === null) {
    return {
      code: ErrorCodes.PACKAGE_NOT_FOUND,
      message: `Package ${entry.package} is not installed in node_modules.`,
      ...where,
      expected: `node_modules/${entry.package}/package.json`,
      received: 'nothing',
      fix: `Run \`npm install ${entry.package}@${entry.version}\`, or point "source" at the workspace folder that holds it.`,
    };
  }
  const shownDir = path.relative(projectRoot, dir) || '.';
  const packageFile = path.join(dir, 'package.json');
  let text: string;
  try {
    text = await fs.readFile(packageFile, 'utf8');
  } catch {
    return {
      code: ErrorCodes.PACKAGE_NOT_FOUND,
      message: `No module package at ${shownDir}: ${path.join(shownDir, 'package.json')} does not exist.`,
      ...where,
      expected: `a folder with package.json at ${shownDir}`,
      received: 'nothing',
      fix: `Create the module with \`rustok module new ${entry.id}\`, correct "source", or remove the entry from registry.json.`,
    };
  }
  try {
    const packageJson = JSON.parse(text) as PackageJson;
    if (packageJson === null || typeof packageJson !== 'object' || Array.isArray(packageJson)) throw new Error('not an object');
    return { dir, shownDir, packageJson };
  } catch (error) {
    return {
      code: ErrorCodes.PACKAGE_JSON_INVALID,
      message: `${path.join(shownDir, 'package.json')} is not a JSON object: ${(error as Error).message}.`,
      module: entry.id,
      file: path.join(shownDir, 'package.json'),
      fix: 'Correct the JSON syntax of the package.json.',
    };
  }
}

async function findInstalledPackage(projectRoot: string, packageName: string): Promise<string | null> {
  let current = path.resolve(projectRoot);
  for (;;) {
    const candidate = path.join(current, 'node_modules', packageName);
    try {
      await fs.access(path.join(candidate, 'package.json'));
      return await fs.realpath(candidate);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return null;
      current = parent;
    }
  }
}
