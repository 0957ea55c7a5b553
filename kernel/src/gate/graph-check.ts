import * as path from 'node:path';
import semver from 'semver';
import type { ContractProblem, RegistryEntry } from '@rustok/contracts';
import { ErrorCodes } from '../errors';
import type { ModulePackage } from '../registry/module-package';
import type { CheckedManifest } from './manifest-check';

/** Types the kernel's base schema defines; modules may extend the roots but never define these. */
export const KERNEL_TYPES = new Set(['Query', 'Mutation', 'Subscription', 'Node', 'PageInfo', 'DateTime', 'JSON', 'KernelInfo', 'KernelModule', 'EventsHandlerBacklog', 'EventsDeadLetter', 'EventsStatus']);
/** Kernel types modules may extend with their own fields. */
export const EXTENDABLE_KERNEL_TYPES = new Set(['Query', 'Mutation']);

export interface GraphModule {
  entry: RegistryEntry;
  index: number;
  pkg: ModulePackage;
  checked: CheckedManifest;
}

export interface ModuleGraph {
  /** Modules whose contracts hold, providers before dependants. */
  order: string[];
  /** Module id → ids of the modules it depends on (required modules and service providers). */
  dependencies: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Checks the module graph: every require met by an enabled module in range,
 * no cycle, services and consumed events provided exactly once, GraphQL types
 * owned once, and no module depending on another's package.
 */
export function checkModuleGraph(
  registryEntries: readonly RegistryEntry[],
  modules: ReadonlyMap<string, GraphModule>,
  brokenIds: ReadonlySet<string>,
  problems: ContractProblem[],
): ModuleGraph {
  const entriesById = new Map(registryEntries.map((entry, index) => [entry.id, { entry, index }]));
  const packageOwners = new Map(registryEntries.map((entry) => [entry.package, entry.id]));
  const serviceProviders = new Map<string, string[]>();
  const eventEmitters = new Map<string, string>();
  const typeOwners = new Map<string, string[]>();
  for (const [id, module] of modules) {
    const { manifest } = module.checked;
    for (const service of manifest.provides?.services ?? []) serviceProviders.set(service, [...(serviceProviders.get(service) ?? []), id]);
    for (const event of Object.keys(manifest.events?.emits ?? {})) eventEmitters.set(event, id);
    for (const type of manifest.graphql?.owns ?? []) typeOwners.set(type, [...(typeOwners.get(type) ?? []), id]);
  }
  const edges = new Map<string, Set<string>>();

  for (const [id, module] of modules) {
    const { manifest } = module.checked;
    const packageFile = path.join(module.pkg.shownDir, 'package.json');
    const at = (field: string) => ({ module: id, file: packageFile, path: field });
    const dependsOn = new Set<string>();
    edges.set(id, dependsOn);

    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
      for (const dependency of Object.keys(module.pkg.packageJson[field] ?? {})) {
        const owner = packageOwners.get(dependency);
        if (owner !== undefined && owner !== id) {
          problems.push({
            code: ErrorCodes.MODULE_IMPORTS_MODULE,
            message: `Module "${id}" depends on the package of module "${owner}" (${dependency}); modules may share only @rustok/contracts.`,
            ...at(`${field}["${dependency}"]`),
            expected: 'no dependency on another module package',
            received: dependency,
            fix: `Remove the dependency; use a service "${owner}" provides (requires.services) or an event it emits instead.`,
          });
        }
      }
    }

    for (const [requiredId, range] of Object.entries(manifest.requires?.modules ?? {})) {
      const where = at(`rustok.requires.modules["${requiredId}"]`);
      const required = entriesById.get(requiredId);
      if (required === undefined) {
        problems.push({
          code: ErrorCodes.REQUIRED_MODULE_MISSING,
          message: `Module "${id}" requires module "${requiredId}" (${range}), which registry.json does not list.`,
          ...where,
          expected: `module "${requiredId}" ${range} pinned and enabled`,
          received: 'not in registry.json',
          fix: `Install "${requiredId}" and pin it with \`rustok module pin ${requiredId}\`, or disable "${id}".`,
        });
        continue;
      }
      if (!required.entry.enabled) {
        problems.push({
          code: ErrorCodes.REQUIRED_MODULE_DISABLED,
          message: `Module "${id}" requires module "${requiredId}", which is disabled in registry.json.`,
          ...where,
          expected: `"enabled": true at modules[${required.index}]`,
          received: '"enabled": false',
          fix: `Enable "${requiredId}" in registry.json, or disable "${id}" too.`,
        });
        continue;
      }
      dependsOn.add(requiredId);
      if (semver.validRange(range) === null || !semver.satisfies(required.entry.version, range, { includePrerelease: true })) {
        problems.push({
          code: ErrorCodes.REQUIRED_MODULE_VERSION,
          message: `Module "${id}" requires "${requiredId}" ${range}, but version ${required.entry.version} is pinned.`,
          ...where,
          expected: `${requiredId}@${range}`,
          received: `${requiredId}@${required.entry.version}`,
          fix: `Pin a version of "${requiredId}" in ${range}, or upgrade "${id}" to one that supports ${required.entry.version}.`,
        });
      }
    }

    (manifest.requires?.services ?? []).forEach((service, i) => {
      const providers = serviceProviders.get(service) ?? [];
      if (providers.length === 0) {
        if (brokenProvides(service)) return;
        problems.push({
          code: ErrorCodes.SERVICE_NOT_PROVIDED,
          message: `Module "${id}" requires service "${service}", which no enabled module provides.`,
          ...at(`rustok.requires.services[${i}]`),
          expected: `an enabled module with "${service}" in provides.services`,
          received: 'no provider',
          fix: `Enable a module that provides ${service}, or remove it from "${id}"'s requires.services.`,
        });
      }
      for (const provider of providers) if (provider !== id) dependsOn.add(provider);
    });

    (manifest.events?.consumes ?? []).forEach((event, i) => {
      if (eventEmitters.has(event)) return;
      const emitterId = event.split('.')[0] ?? '';
      if (brokenIds.has(emitterId)) return;
      problems.push({
        code: ErrorCodes.EVENT_NO_EMITTER,
        message: `Module "${id}" consumes event "${event}", which no enabled module emits.`,
        ...at(`rustok.events.consumes[${i}]`),
        expected: `an enabled module declaring "${event}" in events.emits`,
        received: eventEmitters.size > 0 ? `emitted events: ${[...eventEmitters.keys()].filter((e) => e.startsWith(`${emitterId}.`)).join(', ') || 'none of that module'}` : 'no emitted events',
        fix: `Enable the module that emits ${event} (check the @version), or remove it from consumes.`,
      });
    });

    for (const [type, fields] of Object.entries(manifest.graphql?.extends ?? {})) {
      const owners = typeOwners.get(type) ?? [];
      if (EXTENDABLE_KERNEL_TYPES.has(type) || owners.includes(id)) continue;
      const requiredOwner = owners.find((owner) => manifest.requires?.modules?.[owner] !== undefined);
      if (requiredOwner !== undefined) continue;
      problems.push({
        code: ErrorCodes.GRAPHQL_EXTENDS_UNREQUIRED,
        message:
          owners.length === 0
            ? `Module "${id}" extends GraphQL type "${type}", which neither the kernel nor any enabled module owns.`
            : `Module "${id}" extends GraphQL type "${type}" of module "${owners[0]}" without requiring that module.`,
        ...at(`rustok.graphql.extends.${type}`),
        expected: owners.length === 0 ? 'an extendable type (Query, Mutation, or a type owned by a required module)' : `"${owners[0]}" in requires.modules`,
        received: `extends ${type} { ${fields.join(', ')} }`,
        fix: owners.length === 0 ? `Remove the extension or enable the module that owns ${type}.` : `Add "${owners[0]}" to requires.modules.`,
      });
    }
  }

  for (const [service, providers] of serviceProviders) {
    if (providers.length < 2) continue;
    problems.push({
      code: ErrorCodes.SERVICE_PROVIDED_TWICE,
      message: `Service "${service}" is provided by ${providers.map((p) => `"${p}"`).join(' and ')}; a service has exactly one provider.`,
      module: providers[1],
      path: 'rustok.provides.services',
      expected: 'one provider',
      received: providers.join(', '),
      fix: `Disable all but one of ${providers.join(', ')} in registry.json.`,
    });
  }
  for (const [type, owners] of typeOwners) {
    const all = KERNEL_TYPES.has(type) ? ['kernel', ...owners] : owners;
    if (all.length < 2) continue;
    problems.push({
      code: ErrorCodes.GRAPHQL_TYPE_CONFLICT,
      message: `GraphQL type "${type}" is claimed by ${all.map((o) => `"${o}"`).join(' and ')}; a type has exactly one owner.`,
      module: owners[owners.length - 1],
      path: 'rustok.graphql.owns',
      expected: 'one owner',
      received: all.join(', '),
      fix: `Rename the type in one module (prefix it with the module name) or extend the other module's type instead.`,
    });
  }

  for (const cycle of findCycles(edges)) {
    problems.push({
      code: ErrorCodes.DEPENDENCY_CYCLE,
      message: `Modules depend on each other in a cycle: ${cycle.join(' → ')}.`,
      module: cycle[0],
      path: 'rustok.requires',
      expected: 'an acyclic module graph',
      received: cycle.join(' → '),
      fix: 'Break the cycle: move the shared part into one module and let the other consume its events or services.',
    });
  }

  const unhealthy = new Set<string>([...brokenIds, ...problems.map((p) => p.module).filter((m): m is string => m !== undefined)]);
  return { order: topologicalOrder(edges).filter((id) => !dependsOnAny(id, unhealthy, edges)), dependencies: edges };

  function brokenProvides(service: string): boolean {
    return [...brokenIds].some((broken) => service.startsWith(`${broken}.`));
  }
}

function dependsOnAny(id: string, targets: ReadonlySet<string>, edges: ReadonlyMap<string, ReadonlySet<string>>, seen = new Set<string>()): boolean {
  if (targets.has(id)) return true;
  if (seen.has(id)) return false;
  seen.add(id);
  return [...(edges.get(id) ?? [])].some((next) => dependsOnAny(next, targets, edges, seen));
}

/**
 * One cycle per strongly connected component (Tarjan, linear time), each
 * starting from its smallest id: `a → b → a`.
 */
function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const strongConnect = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const next of edges.get(id) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        strongConnect(next);
        low.set(id, Math.min(low.get(id) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id) as number, index.get(next) as number));
    }
    if (low.get(id) !== index.get(id)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== id);
    if (component.length > 1 || edges.get(id)?.has(id)) cycles.push(cyclePath(component, edges));
  };
  for (const id of [...edges.keys()].sort()) if (!index.has(id)) strongConnect(id);
  return cycles;
}

/** A shortest walk from the component's smallest id back to itself. */
function cyclePath(component: string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const next of [...(edges.get(id) ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const walk = [id];
        while (walk[0] !== start) walk.unshift(previous.get(walk[0] as string) as string);
        return [...walk, start];
      }
      if (!previous.has(next)) {
        previous.set(next, id);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Providers before dependants; ids in a cycle are left out (the cycle is reported). */
function topologicalOrder(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const active = new Set<string>();
  const onCycle = new Set<string>();
  const visit = (id: string): boolean => {
    if (done.has(id)) return !onCycle.has(id);
    if (active.has(id)) return false;
    active.add(id);
    let ok = true;
    for (const next of [...(edges.get(id) ?? [])].sort()) if (edges.has(next) && !visit(next)) ok = false;
    active.delete(id);
    done.add(id);
    if (ok) order.push(id);
    else onCycle.add(id);
    return ok;
  };
  for (const id of [...edges.keys()].sort()) visit(id);
  return order;
}
