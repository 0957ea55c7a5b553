import {
  buildASTSchema,
  extendSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  validateSchema,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { ContractProblem, Loaders, ModuleManifest, NodeFetcher, Resolvers } from '@rustok/contracts';
import { ErrorCodes } from '../errors';
import { KERNEL_TYPES } from '../gate/graph-check';
import type { ModuleRegistrations } from '../module/module-context';
import { baseTypeDefs, installKernelScalars } from './base-schema';

export interface ComposableModule {
  manifest: ModuleManifest;
  packageFile: string;
  registrations: ModuleRegistrations;
}

export interface ComposedGraphQL {
  schema: GraphQLSchema;
  /** Module resolvers merged (kernel resolvers are added by the server). */
  resolvers: Resolvers;
  loaders: Loaders;
  nodeFetchers: Map<string, NodeFetcher>;
  /** `Type.field` → id of the module that defined the field ("kernel" for the base schema). */
  fieldOwners: Map<string, string>;
  /** Type name → id of the module that defined it (kernel types are absent). */
  typeOwners: ReadonlyMap<string, string>;
}

const TYPE_DEFINITION_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);
const TYPE_EXTENSION_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_EXTENSION,
]);

/**
 * Composes the kernel's base schema with every module's extension, in
 * dependency order, checking each against the module's manifest: it may
 * define only the types it owns, extend only the fields it declared, and
 * resolve only fields that exist and are its own. Returns null (with
 * problems pushed) when the result would not be a valid schema.
 */
export function composeGraphQL(modules: readonly ComposableModule[], problems: ContractProblem[]): ComposedGraphQL | null {
  const before = problems.length;
  const documents: Array<{ module: ComposableModule; document: DocumentNode }> = [];
  const fieldOwners = new Map<string, string>();
  const typeDefiners = new Map<string, string>();

  for (const module of modules) {
    const { manifest, packageFile, registrations } = module;
    const id = manifest.id;
    const at = (path: string) => ({ module: id, file: packageFile, path });
    const owns = new Set(manifest.graphql?.owns ?? []);
    const defined = new Set<string>();
    const definitions: DefinitionNode[] = [];
    let unreadable = false;
    registrations.graphql.forEach((extension, index) => {
      try {
        definitions.push(...parse(extension.typeDefs).definitions);
      } catch (error) {
        unreadable = true;
        problems.push({ code: ErrorCodes.GRAPHQL_SYNTAX, message: `typeDefs #${index + 1} of "${id}" is not valid GraphQL SDL: ${(error as Error).message}`, ...at(`graphql.extend[${index}].typeDefs`), fix: 'Correct the SDL passed to ctx.graphql.extend.' });
      }
    });
    for (const node of definitions) {
      if (!('name' in node) || node.name === undefined || (!TYPE_DEFINITION_KINDS.has(node.kind) && !TYPE_EXTENSION_KINDS.has(node.kind))) {
        problems.push({ code: ErrorCodes.GRAPHQL_UNDECLARED_TYPE, message: `Module "${id}" passes a ${node.kind} in its typeDefs; modules may only define and extend types.`, ...at('graphql.extend'), fix: 'Remove schema and directive definitions; the kernel owns the schema roots.' });
        continue;
      }
      const type = node.name.value;
      const fields = 'fields' in node && node.fields ? node.fields.map((field) => field.name.value) : [];
      if (TYPE_DEFINITION_KINDS.has(node.kind)) {
        const otherDefiner = typeDefiners.get(type);
        if (KERNEL_TYPES.has(type) || otherDefiner !== undefined) {
          problems.push({ code: ErrorCodes.GRAPHQL_TYPE_CONFLICT, message: `Module "${id}" defines GraphQL type "${type}", already defined by ${otherDefiner ? `module "${otherDefiner}"` : 'the kernel'}.`, ...at('rustok.graphql.owns'), expected: 'a type defined once', received: `${type} defined again`, fix: `Use "extend type ${type}" with fields declared under graphql.extends, or rename the type.` });
          continue;
        }
        if (!owns.has(type)) {
          problems.push({ code: ErrorCodes.GRAPHQL_UNDECLARED_TYPE, message: `Module "${id}" defines GraphQL type "${type}" without declaring that it owns it.`, ...at('rustok.graphql.owns'), expected: `"${type}" in graphql.owns`, received: `type ${type}`, fix: `Add "${type}" to rustok.graphql.owns in the manifest.` });
          continue;
        }
        typeDefiners.set(type, id);
        defined.add(type);
        for (const field of fields) fieldOwners.set(`${type}.${field}`, id);
      } else if (TYPE_EXTENSION_KINDS.has(node.kind)) {
        if (owns.has(type)) {
          for (const field of fields) fieldOwners.set(`${type}.${field}`, id);
          continue;
        }
        const declared = new Set(manifest.graphql?.extends?.[type] ?? []);
        const undeclared = fields.filter((field) => !declared.has(field));
        if (undeclared.length > 0 || fields.length === 0) {
          problems.push({
            code: ErrorCodes.GRAPHQL_UNDECLARED_FIELD,
            message: `Module "${id}" extends "${type}" with ${undeclared.length > 0 ? `field${undeclared.length > 1 ? 's' : ''} ${undeclared.join(', ')}` : 'something other than fields'} it did not declare.`,
            ...at(`rustok.graphql.extends.${type}`),
            expected: declared.size > 0 ? `only ${[...declared].join(', ')}` : `"${type}" in graphql.extends`,
            received: fields.join(', ') || node.kind,
            fix: `List ${undeclared.join(', ') || 'the fields'} under rustok.graphql.extends.${type} in the manifest.`,
          });
          continue;
        }
        for (const field of fields) fieldOwners.set(`${type}.${field}`, id);
      }
    }
    // Types in SDL that failed to parse may well be defined there; the syntax problem says enough.
    for (const type of unreadable ? [] : owns) {
      if (!defined.has(type) && typeDefiners.get(type) === undefined && !KERNEL_TYPES.has(type)) {
        problems.push({ code: ErrorCodes.GRAPHQL_DECLARED_NOT_DEFINED, message: `Module "${id}" declares that it owns GraphQL type "${type}" but never defines it.`, ...at('rustok.graphql.owns'), expected: `type ${type} in typeDefs`, received: 'no definition', fix: `Define ${type} in ctx.graphql.extend, or remove it from graphql.owns.` });
      }
    }
    documents.push({ module, document: { kind: Kind.DOCUMENT, definitions } });
  }
  if (problems.length > before) return null;

  const withMutation = documents.some(({ document }) => document.definitions.some((d) => TYPE_EXTENSION_KINDS.has(d.kind) && 'name' in d && d.name?.value === 'Mutation'));
  const baseDocument = parse(baseTypeDefs(withMutation));
  let schema = buildASTSchema(baseDocument);
  for (const definition of baseDocument.definitions) {
    if ('fields' in definition && 'name' in definition && definition.fields) for (const field of definition.fields) fieldOwners.set(`${definition.name.value}.${field.name.value}`, 'kernel');
  }
  for (const { module, document } of documents) {
    try {
      schema = extendSchema(schema, document);
    } catch (error) {
      problems.push({ code: ErrorCodes.GRAPHQL_COMPOSE, message: `The typeDefs of "${module.manifest.id}" do not compose with the schema: ${(error as Error).message}`, module: module.manifest.id, file: module.packageFile, path: 'graphql.extend', fix: 'Refer only to kernel types, your own types and types of modules you require; check field and argument types.' });
    }
  }
  for (const error of validateSchema(schema)) {
    problems.push({ code: ErrorCodes.GRAPHQL_COMPOSE, message: `The composed schema is invalid: ${error.message}`, fix: 'Correct the type definitions named in the message.' });
  }
  if (problems.length > before) return null;

  const resolvers: Resolvers = {};
  const loaders: Loaders = {};
  const nodeFetchers = new Map<string, NodeFetcher>();
  for (const { module } of documents) {
    const id = module.manifest.id;
    const at = (path: string) => ({ module: id, file: module.packageFile, path });
    for (const extension of module.registrations.graphql) {
      for (const [kind, map, target] of [['resolver', extension.resolvers, resolvers], ['loader', extension.loaders, loaders]] as const) {
        for (const [type, fields] of Object.entries(map ?? {})) {
          for (const [field, fn] of Object.entries(fields)) {
            const graphqlType = schema.getType(type);
            const isSpecial = field === '__resolveType' || field === '__isTypeOf';
            const exists = (isObjectType(graphqlType) || isInterfaceType(graphqlType)) && (isSpecial || graphqlType.getFields()[field] !== undefined);
            if (!exists) {
              problems.push({ code: ErrorCodes.GRAPHQL_RESOLVER_UNKNOWN_FIELD, message: `Module "${id}" has a ${kind} for ${type}.${field}, which does not exist in the schema.`, ...at(`graphql.extend.${kind}s.${type}.${field}`), expected: `a field defined in typeDefs`, received: `${type}.${field}`, fix: `Define ${field} on ${type} in the module's typeDefs, or remove the ${kind} (check the spelling).` });
              continue;
            }
            const owner = isSpecial ? typeDefiners.get(type) : fieldOwners.get(`${type}.${field}`);
            if (owner !== id) {
              problems.push({ code: ErrorCodes.GRAPHQL_UNDECLARED_FIELD, message: `Module "${id}" has a ${kind} for ${type}.${field}, which belongs to ${owner === 'kernel' || owner === undefined ? 'the kernel' : `module "${owner}"`}.`, ...at(`graphql.extend.${kind}s.${type}.${field}`), expected: 'resolvers only for fields the module defines', received: `${type}.${field}`, fix: 'Resolve only fields your own typeDefs define; extend the type with a new field instead.' });
              continue;
            }
            if (isSpecial) {
              // mercurius does not apply __resolveType/__isTypeOf to a prebuilt schema; graphql-js reads them from the type.
              if (field === '__resolveType' && isInterfaceType(graphqlType)) graphqlType.resolveType = fn as NonNullable<typeof graphqlType.resolveType>;
              else if (field === '__isTypeOf' && isObjectType(graphqlType)) graphqlType.isTypeOf = fn as NonNullable<typeof graphqlType.isTypeOf>;
              continue;
            }
            ((target as Record<string, Record<string, unknown>>)[type] ??= {})[field] = fn;
          }
        }
      }
      for (const [type, fetcher] of Object.entries(extension.nodes ?? {})) {
        const graphqlType = schema.getType(type);
        if (typeDefiners.get(type) !== id || !isObjectType(graphqlType) || !graphqlType.getInterfaces().some((i) => i.name === 'Node')) {
          problems.push({ code: ErrorCodes.GRAPHQL_UNDECLARED_TYPE, message: `Module "${id}" registers a node fetcher for "${type}", which is not an object type it owns implementing Node.`, ...at(`graphql.extend.nodes.${type}`), expected: `type ${type} implements Node, owned by "${id}"`, received: type, fix: `Declare "type ${type} implements Node" in the module's typeDefs, or remove the fetcher.` });
          continue;
        }
        nodeFetchers.set(type, fetcher);
      }
    }
  }
  if (problems.length > before) return null;
  installKernelScalars(schema);
  return { schema, resolvers, loaders, nodeFetchers, fieldOwners, typeOwners: typeDefiners };
}
