import * as path from 'node:path';
import { MODULE_DEFINITION, type ModuleCommand, type ContractProblem, type DefinedModule, type ModuleManifest, type RegistryEntry } from '@rustok/contracts';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import { ContractViolationError, ErrorCodes, KernelError } from '../errors';
import type { EventBus } from '../events/event-bus';
import { composeGraphQL, type ComposedGraphQL } from '../graphql/compose';
import { describeAjvErrors, SchemaCompiler } from '../json-schema';
import { buildModuleContext, type ModuleRegistrations } from '../module/module-context';
import { computePackageIntegrity } from '../registry/integrity';
import { loadModulePackage } from '../registry/module-package';
import { readRegistryFile } from '../registry/registry-file';
import { KERNEL_VERSION } from '../version';
import { checkManifest } from './manifest-check';
import { checkModuleGraph, type GraphModule } from './graph-check';
import { checkAccessRules, type AccessRules } from './access-check';

export interface GateOptions {
  projectRoot: string;
  /** Defaults to `<projectRoot>/registry.json`. */
  registryFile?: string;
  /** Models are defined on it; the gate never connects to the database. */
  sequelize: Sequelize;
  bus: EventBus;
  log: Logger;
  /** Overrides the running kernel's version (for tests of the kernel range check). */
  kernelVersion?: string;
}

export interface BootedModule {
  entry: RegistryEntry;
  manifest: ModuleManifest;
  packageFile: string;
  registrations: ModuleRegistrations;
}

export interface GateResult {
  /** Booted modules, providers before dependants. */
  modules: BootedModule[];
  graphql: ComposedGraphQL;
  access: AccessRules;
  /** Every module command by name. */
  commands: ReadonlyMap<string, { module: string; command: ModuleCommand }>;
  /** Every provided service by name (the kernel consumes `rustok.access@1`). */
  services: ReadonlyMap<string, unknown>;
}

/**
 * The contract gate: registry → packages → integrity → manifests → module
 * graph → config → register() → registrations versus declarations → GraphQL
 * composition. Every problem is collected; if there is any, it throws one
 * ContractViolationError listing them all. It touches no database and opens
 * no port, so a refused boot has no side effects.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const registryFile = options.registryFile ?? path.join(options.projectRoot, 'registry.json');
  const kernelVersion = options.kernelVersion ?? KERNEL_VERSION;
  const problems: ContractProblem[] = [];
  const read = await readRegistryFile(registryFile);
  if (!read.ok) throw new ContractViolationError(read.problems);
  const entries = read.registry.modules;

  const graphModules = new Map<string, GraphModule>();
  const broken = new Set<string>();
  const schemas = new SchemaCompiler();
  await Promise.all(
    entries.map(async (entry, index) => {
      if (!entry.enabled) return;
      const pkg = await loadModulePackage(options.projectRoot, entry, index);
      if ('code' in pkg) {
        problems.push(pkg);
        broken.add(entry.id);
        return;
      }
      const [checked, integrity] = await Promise.all([checkManifest(pkg, entry, index, kernelVersion, schemas, problems), computePackageIntegrity(pkg.dir)]);
      if (integrity !== entry.integrity) {
        problems.push({
          code: ErrorCodes.INTEGRITY_MISMATCH,
          message: `The files of ${entry.package} (${pkg.shownDir}) do not match the integrity pinned in registry.json: they changed since the module was pinned.`,
          module: entry.id,
          file: 'registry.json',
          path: `$.modules[${index}].integrity`,
          expected: entry.integrity,
          received: integrity,
          fix: `If you changed the module on purpose, run \`rustok module pin ${entry.id}\`; otherwise reinstall ${entry.package}@${entry.version}.`,
        });
      }
      if (checked === null) broken.add(entry.id);
      else graphModules.set(entry.id, { entry, index, pkg, checked });
    }),
  );

  // Packages finish loading in any order; the report must not depend on it (check --json is a contract).
  const inRegistryOrder = new Map([...graphModules].sort(([, a], [, b]) => a.index - b.index));
  const graph = checkModuleGraph(entries, inRegistryOrder, broken, problems);
  const failed = new Set<string>();
  const configs = new Map<string, Record<string, unknown>>();
  for (const id of graph.order) {
    const { entry, index, checked } = graphModules.get(id) as GraphModule;
    const config = structuredClone(entry.config ?? {});
    if (checked.configValidator === null && Object.keys(config).length > 0) {
      problems.push({ code: ErrorCodes.CONFIG_INVALID, message: `"${id}" takes no config, but registry.json gives it some.`, module: id, file: 'registry.json', path: `$.modules[${index}].config`, expected: 'no config (the manifest declares no config schema)', received: JSON.stringify(config), fix: 'Remove "config" from the entry, or check that it belongs to this module.' });
      failed.add(id);
      continue;
    }
    if (checked.configValidator !== null && !checked.configValidator(config)) {
      for (const violation of describeAjvErrors(checked.configValidator.errors, config, `$.modules[${index}].config`)) {
        problems.push({ code: ErrorCodes.CONFIG_INVALID, message: `Config of "${id}" does not match the module's config schema: ${violation.message}.`, module: id, file: 'registry.json', path: violation.path, expected: violation.expected, received: violation.received, fix: `Correct the value in registry.json; the module's config schema is "rustok.config" in its package.json.` });
      }
      failed.add(id);
      continue;
    }
    configs.set(id, config);
  }

  const booted: BootedModule[] = [];
  const services = new Map<string, unknown>();
  const ready = graph.order.filter((id) => configs.has(id));
  for (const id of ready) {
    const { checked } = inRegistryOrder.get(id) as GraphModule;
    for (const [event, validate] of checked.eventValidators) options.bus.declareEvent(event, id, validate);
  }
  for (const id of ready) {
    const { entry, pkg, checked } = inRegistryOrder.get(id) as GraphModule;
    if ([...(graph.dependencies.get(id) ?? [])].some((dependency) => failed.has(dependency))) {
      failed.add(id);
      continue;
    }
    const packageFile = path.join(pkg.shownDir, 'package.json');
    const before = problems.length;
    const definition = loadEntry(pkg.dir, pkg.shownDir, checked.manifest, problems);
    if (definition !== null) {
      const built = buildModuleContext({ manifest: checked.manifest, config: configs.get(id) as Record<string, unknown>, packageFile, rootLog: options.log, sequelize: options.sequelize, bus: options.bus, services, problems });
      let completed = false;
      try {
        await definition.register(built.ctx);
        completed = true;
      } catch (error) {
        problems.push({
          code: error instanceof KernelError ? error.code : ErrorCodes.REGISTER_FAILED,
          message: `register() of "${id}" threw: ${(error as Error)?.message ?? String(error)}`,
          module: id,
          file: path.join(pkg.shownDir, checked.manifest.entry ?? 'src/index.ts'),
          fix: error instanceof KernelError ? error.fix : 'Fix the error in the module; register() must only declare, never fail.',
        });
      } finally {
        built.close();
      }
      // A register() that threw is reported as such; what it did not get to provide follows from it.
      for (const service of completed ? (checked.manifest.provides?.services ?? []) : []) {
        if (!built.registrations.providedServices.has(service)) {
          problems.push({ code: ErrorCodes.SERVICE_DECLARED_NOT_PROVIDED, message: `Module "${id}" declares service "${service}" but never provides it.`, module: id, file: packageFile, path: 'rustok.provides.services', expected: `ctx.services.provide("${service}", …) in register()`, received: 'no provide call', fix: `Provide ${service} in register(), or remove it from provides.services.` });
        }
      }
      booted.push({ entry, manifest: checked.manifest, packageFile, registrations: built.registrations });
    }
    if (problems.length > before) failed.add(id);
  }

  const healthy = booted.filter((m) => !failed.has(m.manifest.id));
  const commands = collectCommands(healthy, problems);
  const composed = composeGraphQL(healthy, problems);
  const access = composed === null ? null : checkAccessRules(healthy, composed, problems);
  if (problems.length > 0 || composed === null || access === null) throw new ContractViolationError(problems);
  return { modules: booted, graphql: composed, access, commands, services };
}

/** The kernel's own CLI commands; a module command may not shadow them. */
export const KERNEL_COMMANDS = new Set(['start', 'dev', 'check', 'migrate', 'module', 'registry', 'events', 'webhooks', 'help', 'commands']);

function collectCommands(modules: readonly BootedModule[], problems: ContractProblem[]): Map<string, { module: string; command: ModuleCommand }> {
  const commands = new Map<string, { module: string; command: ModuleCommand }>();
  for (const { manifest, packageFile, registrations } of modules) {
    for (const [name, command] of registrations.commands) {
      const taken = KERNEL_COMMANDS.has(name.split(' ')[0] as string) ? 'the kernel' : commands.has(name) ? `module "${commands.get(name)?.module}"` : null;
      if (taken !== null) {
        problems.push({ code: ErrorCodes.COMMAND_CONFLICT, message: `Module "${manifest.id}" adds command "${name}", which ${taken} already has.`, module: manifest.id, file: packageFile, path: 'rustok.commands', expected: 'a command name no one else uses', received: name, fix: `Prefix the command with the module id, e.g. "${manifest.id} ${name.split(' ').pop()}".` });
        continue;
      }
      commands.set(name, { module: manifest.id, command });
    }
  }
  return commands;
}

function loadEntry(dir: string, shownDir: string, manifest: ModuleManifest, problems: ContractProblem[]): DefinedModule | null {
  const entryFile = path.resolve(dir, manifest.entry ?? 'src/index.ts');
  const shown = path.join(shownDir, manifest.entry ?? 'src/index.ts');
  const where = { module: manifest.id, file: shown };
  let exported: unknown;
  // The files were just verified against their integrity pin; code cached by an earlier load in this
  // process could differ from them, so the module's own files are always loaded afresh.
  const ownFiles = dir + path.sep;
  for (const cached of Object.keys(require.cache)) {
    if (cached.startsWith(ownFiles) && !cached.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[cached];
  }
  try {
    // Module entries are loaded on demand from the registry; a static import cannot name them.
    exported = require(entryFile);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(entryFile);
    problems.push(
      missing
        ? { code: ErrorCodes.ENTRY_NOT_FOUND, message: `The entry of "${manifest.id}" does not exist: ${shown}.`, ...where, path: 'rustok.entry', expected: 'an existing file', received: 'nothing', fix: 'Create the entry file, or set "rustok.entry" to the file that exports defineModule(...).' }
        : { code: ErrorCodes.ENTRY_LOAD_FAILED, message: `Loading the entry of "${manifest.id}" failed: ${(error as Error).message}`, ...where, fix: 'Fix the error in the module source; it must load without side effects.' },
    );
    return null;
  }
  const candidates = [exported, (exported as Record<string, unknown> | null)?.default, (exported as Record<string, unknown> | null)?.module];
  const definition = candidates.find((candidate): candidate is DefinedModule => candidate !== null && typeof candidate === 'object' && (candidate as Record<symbol, unknown>)[MODULE_DEFINITION] === true);
  if (definition === undefined) {
    problems.push({ code: ErrorCodes.ENTRY_NOT_A_MODULE, message: `The entry of "${manifest.id}" does not export a module definition.`, ...where, expected: 'export default defineModule({ register(ctx) { … } })', received: `exports: ${Object.keys((exported as object | null) ?? {}).join(', ') || 'nothing'}`, fix: 'Export the result of defineModule from @rustok/contracts as the default export.' });
    return null;
  }
  return definition;
}
