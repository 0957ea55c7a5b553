import { isObjectType } from 'graphql';
import { PUBLIC_RULES, type ContractProblem, type DeclaredPermission } from '@rustok/contracts';
import { KERNEL_FIELD_RULES, KERNEL_PERMISSIONS } from '../access/kernel-access';
import { ErrorCodes } from '../errors';
import type { ComposedGraphQL } from '../graphql/compose';
import type { BootedModule } from './gate';

/** Who may call what, as every module declared it, checked against the composed schema. */
export interface AccessRules {
  /** `Type.field` → rule. Every Query and Mutation field has one. */
  fields: ReadonlyMap<string, string>;
  /** `Type` → rule for its fields without their own rule, and for node(id:) fetches. */
  types: ReadonlyMap<string, string>;
  permissions: readonly DeclaredPermission[];
  /** Built-in role → permissions modules grant it. */
  roleGrants: Readonly<Record<string, readonly string[]>>;
}

const ROOT_TYPES = ['Query', 'Mutation'] as const;

/**
 * Deny by default: every Query and Mutation field a module adds must carry a
 * rule in its manifest's `graphql.access`, every node type a rule of its own,
 * and every rule must name a field the module owns and a permission some
 * booted module declares. Missing or wrong rules are contract problems.
 */
export function checkAccessRules(modules: readonly BootedModule[], graphql: ComposedGraphQL, problems: ContractProblem[]): AccessRules {
  const permissions: DeclaredPermission[] = [...Object.values(KERNEL_PERMISSIONS).map((name) => ({ name, module: 'kernel' }))];
  for (const { manifest } of modules) for (const name of manifest.permissions ?? []) permissions.push({ name, module: manifest.id });
  const known = new Set(permissions.map((p) => p.name));
  const fields = new Map<string, string>(Object.entries(KERNEL_FIELD_RULES));
  const types = new Map<string, string>();
  const roleGrants: Record<string, string[]> = {};

  for (const { manifest, packageFile } of modules) {
    const id = manifest.id;
    const at = (path: string) => ({ module: id, file: packageFile, path });
    const own = new Set(manifest.permissions ?? []);
    for (const [role, granted] of Object.entries(manifest.roles ?? {})) {
      for (const permission of granted) {
        if (!own.has(permission)) {
          problems.push({ code: ErrorCodes.PERMISSION_UNKNOWN, message: `Module "${id}" grants role "${role}" permission "${permission}", which it does not declare.`, ...at(`rustok.roles.${role}`), expected: `one of the module's own permissions: ${[...own].join(', ') || '(none declared)'}`, received: permission, fix: `Declare "${permission}" under rustok.permissions, or grant only permissions "${id}" declares.` });
          continue;
        }
        (roleGrants[role] ??= []).push(permission);
      }
    }
    for (const [coordinate, rule] of Object.entries(manifest.graphql?.access ?? {})) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string | undefined];
      const owner = fieldName === undefined ? graphql.typeOwners.get(typeName) : graphql.fieldOwners.get(coordinate);
      if (owner !== id) {
        problems.push({
          code: ErrorCodes.GRAPHQL_ACCESS_INVALID,
          message: owner === undefined ? `Module "${id}" sets an access rule for ${coordinate}, which is not in the schema.` : `Module "${id}" sets an access rule for ${coordinate}, which belongs to ${owner === 'kernel' ? 'the kernel' : `module "${owner}"`}.`,
          ...at(`rustok.graphql.access.${coordinate}`),
          expected: 'a field (Type.field) or type the module defines',
          received: coordinate,
          fix: 'Set rules only for fields and types your own typeDefs define; check the spelling.',
        });
        continue;
      }
      if (!PUBLIC_RULES.has(rule) && !known.has(rule)) {
        problems.push({ code: ErrorCodes.PERMISSION_UNKNOWN, message: `The access rule of ${coordinate} in "${id}" names permission "${rule}", which no booted module declares.`, ...at(`rustok.graphql.access.${coordinate}`), expected: 'public, authenticated, platform or a declared permission', received: rule, fix: `Declare "${rule}" under rustok.permissions of the module it belongs to (and require that module), or correct the name.` });
        continue;
      }
      (fieldName === undefined ? types : fields).set(coordinate, rule);
    }
  }

  for (const root of ROOT_TYPES) {
    const type = graphql.schema.getType(root);
    if (!isObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${root}.${field}`;
      if (fields.has(coordinate)) continue;
      const owner = graphql.fieldOwners.get(coordinate) ?? 'kernel';
      const module = modules.find((m) => m.manifest.id === owner);
      problems.push({
        code: ErrorCodes.GRAPHQL_ACCESS_UNDECLARED,
        message: `${coordinate} of module "${owner}" has no access rule; the kernel denies by default and will not serve a field nobody decided about.`,
        module: owner,
        file: module?.packageFile,
        path: `rustok.graphql.access.${coordinate}`,
        expected: '"public", "authenticated", "platform" or a permission name',
        received: 'no rule',
        fix: `Add "${coordinate}": "<rule>" under rustok.graphql.access in the manifest.`,
      });
    }
  }
  for (const typeName of graphql.nodeFetchers.keys()) {
    if (types.has(typeName)) continue;
    const owner = graphql.typeOwners.get(typeName) ?? 'kernel';
    const module = modules.find((m) => m.manifest.id === owner);
    problems.push({ code: ErrorCodes.GRAPHQL_ACCESS_UNDECLARED, message: `Type ${typeName} of module "${owner}" is fetchable through node(id:) but has no access rule.`, module: owner, file: module?.packageFile, path: `rustok.graphql.access.${typeName}`, expected: 'a type-level rule', received: 'no rule', fix: `Add "${typeName}": "<rule>" under rustok.graphql.access.` });
  }
  return { fields, types, permissions, roleGrants };
}
