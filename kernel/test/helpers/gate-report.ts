import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ContractProblem, Registry } from '@rustok/contracts';
import { computePackageIntegrity } from '../../src/registry/integrity';
import { writeRegistryFile } from '../../src/registry/registry-file';
import type { FixtureProject } from './fixture-project';

/** An integrity string the registry schema accepts; for hand-written entries whose files are never hashed. */
export const SCHEMA_VALID_INTEGRITY = `sha512-${'A'.repeat(86)}==`;

/** The problems carrying one code. */
export function withCode(problems: readonly ContractProblem[], code: string): ContractProblem[] {
  return problems.filter((problem) => problem.code === code);
}

/** The module ids the problems are attributed to, sorted and unique. */
export function blamed(problems: readonly ContractProblem[]): string[] {
  return [...new Set(problems.map((problem) => problem.module).filter((id): id is string => id !== undefined))].sort();
}

/** Reads the project's registry.json as the gate sees it. */
export async function readRegistry(project: Pick<FixtureProject, 'registryFile'>): Promise<Registry> {
  return JSON.parse(await fs.readFile(project.registryFile, 'utf8')) as Registry;
}

/** Position of a module in registry.json (the CLI writes entries sorted by id, not in fixture order). */
export async function registryIndex(project: Pick<FixtureProject, 'registryFile'>, id: string): Promise<number> {
  const index = (await readRegistry(project)).modules.findIndex((entry) => entry.id === id);
  if (index < 0) throw new Error(`module "${id}" is not in ${project.registryFile}`);
  return index;
}

/** Writes registry.json by hand, exactly as given (no sorting, no validation). */
export async function writeRawRegistry(project: Pick<FixtureProject, 'registryFile'>, content: unknown): Promise<void> {
  await fs.writeFile(project.registryFile, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
}

/** Re-pins every module's integrity, as `rustok module pin` would after an intended change to its files. */
export async function repin(project: FixtureProject): Promise<void> {
  const registry = await readRegistry(project);
  for (const entry of registry.modules) {
    if (entry.source.startsWith('workspace:')) entry.integrity = await computePackageIntegrity(path.resolve(project.root, entry.source.slice('workspace:'.length)));
  }
  await writeRegistryFile(project.registryFile, registry);
}
