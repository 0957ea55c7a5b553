import * as path from 'node:path';
import type { RegistryEntry } from '@rustok/contracts';
import { ContractViolationError, CliUsageError, ErrorCodes } from '../errors';
import { computePackageIntegrity } from './integrity';
import { loadModulePackage } from './module-package';
import { readRegistryFile, writeRegistryFile } from './registry-file';

/**
 * Recomputes a module's version and integrity into registry.json; pins a
 * workspace module found at modules/<id> when the registry does not list it
 * yet (enabled). Everything else in the entry (enabled, config) is kept.
 */
export async function pinModule(projectRoot: string, id: string, registryFile = path.join(projectRoot, 'registry.json')): Promise<RegistryEntry> {
  const read = await readRegistryFile(registryFile);
  if (!read.ok) throw new ContractViolationError(read.problems);
  const registry = read.registry;
  const index = registry.modules.findIndex((entry) => entry.id === id);
  const existing = registry.modules[index];
  const draft: RegistryEntry = existing ?? { id, package: '', version: '', source: `workspace:modules/${id}`, integrity: '', enabled: true };
  const pkg = await loadModulePackage(projectRoot, draft, index === -1 ? registry.modules.length : index);
  if ('code' in pkg) {
    throw new CliUsageError(ErrorCodes.PACKAGE_NOT_FOUND, pkg.message, existing ? pkg.fix : `registry.json has no module "${id}" and modules/${id} holds no package. Scaffold one with \`rustok module new ${id}\`.`);
  }
  const { name, version, rustok } = pkg.packageJson;
  if (typeof name !== 'string' || typeof version !== 'string') {
    throw new CliUsageError(ErrorCodes.PACKAGE_JSON_INVALID, `${path.join(pkg.shownDir, 'package.json')} needs a string "name" and "version" to be pinned.`, 'Add them to the package.json.');
  }
  const manifestId = (rustok as { id?: unknown } | undefined)?.id;
  if (manifestId !== id) {
    throw new CliUsageError(ErrorCodes.MANIFEST_ID_MISMATCH, `The package at ${pkg.shownDir} declares module id ${JSON.stringify(manifestId)}, not "${id}".`, `Pin it by its own id, or correct "rustok.id".`);
  }
  const entry: RegistryEntry = { ...draft, package: name, version, integrity: await computePackageIntegrity(pkg.dir) };
  if (index === -1) registry.modules.push(entry);
  else registry.modules[index] = entry;
  await writeRegistryFile(registryFile, registry);
  return entry;
}
