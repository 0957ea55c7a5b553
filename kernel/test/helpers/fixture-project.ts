import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ContractProblem, RegistryEntry } from '@rustok/contracts';
import { ContractViolationError } from '../../src/errors';
import { EventBus } from '../../src/events/event-bus';
import { Database } from '../../src/db/database';
import { runGate, type GateResult } from '../../src/gate/gate';
import { createLogger } from '../../src/log';
import { computePackageIntegrity } from '../../src/registry/integrity';
import { writeRegistryFile } from '../../src/registry/registry-file';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURE_MODULES = path.join(__dirname, '..', 'fixtures', 'modules');

export interface TeardownHost {
  teardown(fn: () => unknown): void;
}

/** A module taken from test/fixtures/modules/<fixture>, with registry overrides. */
export interface FixtureUse {
  fixture: string;
  /** Registry id; defaults to the manifest's id (or the fixture name if it has none). */
  id?: string;
  enabled?: boolean;
  config?: Record<string, unknown>;
  /** Overrides the pinned version (the package's own version otherwise). */
  version?: string;
}

export interface FixtureProject {
  root: string;
  registryFile: string;
  entries: RegistryEntry[];
}

/**
 * A throw-away project: each fixture module copied to modules/<fixture>,
 * pinned (real integrity) in registry.json, node_modules linked to the repo's.
 */
export async function fixtureProject(t: TeardownHost, uses: ReadonlyArray<string | FixtureUse>): Promise<FixtureProject> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-project-'));
  t.teardown(() => fs.rm(root, { recursive: true, force: true }));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const entries: RegistryEntry[] = [];
  for (const use of uses) {
    const { fixture, ...overrides } = typeof use === 'string' ? { fixture: use } : use;
    const target = path.join(root, 'modules', fixture);
    await fs.cp(path.join(FIXTURE_MODULES, fixture), target, { recursive: true });
    let pkg: { name?: string; version?: string; rustok?: { id?: string } } = {};
    try {
      pkg = JSON.parse(await fs.readFile(path.join(target, 'package.json'), 'utf8'));
    } catch {
      // Fixtures with a broken package.json are pinned with defaults; the gate reports the breakage.
    }
    entries.push({
      id: overrides.id ?? pkg.rustok?.id ?? fixture,
      package: pkg.name ?? `fixture-${fixture}`,
      version: overrides.version ?? pkg.version ?? '0.0.0',
      source: `workspace:modules/${fixture}`,
      integrity: await computePackageIntegrity(target),
      enabled: overrides.enabled ?? true,
      ...(overrides.config !== undefined ? { config: overrides.config } : {}),
    });
  }
  const registryFile = path.join(root, 'registry.json');
  await writeRegistryFile(registryFile, { modules: entries });
  return { root, registryFile, entries };
}

/** Runs the gate on a project; returns its result or the problems it refused with. */
export async function gate(root: string, options: { kernelVersion?: string } = {}): Promise<{ result: GateResult | null; problems: ContractProblem[] }> {
  const log = createLogger({ level: 'silent' });
  try {
    const result = await runGate({ projectRoot: root, sequelize: new Database(log).sequelize, bus: new EventBus(new Database(log).sequelize, log), log, kernelVersion: options.kernelVersion });
    return { result, problems: [] };
  } catch (error) {
    if (error instanceof ContractViolationError) return { result: null, problems: [...error.problems] };
    throw error;
  }
}

/** The problem codes, sorted, for assertions that read like the report. */
export function codes(problems: readonly ContractProblem[]): string[] {
  return problems.map((p) => p.code).sort();
}
