import { defaultFieldResolver, isObjectType, type GraphQLResolveInfo } from 'graphql';
import type { AuditEntry, LoaderFn, Loaders, RequestContext, ResolverFn, Resolvers } from '@rustok/contracts';
import { ErrorCodes, ForbiddenError, KernelError } from '../errors';
import type { AccessRules } from '../gate/access-check';
import type { ComposedGraphQL } from '../graphql/compose';
import { requestScope, runInScope, type Scope } from '../tenancy/scope';
import { enforceRule } from './enforce';

export interface GuardOptions {
  graphql: ComposedGraphQL;
  access: AccessRules;
  /** Every resolver by type and field: the modules' merged with the kernel's. */
  resolvers: Resolvers;
  loaders: Loaders;
  /** Records denials and admin mutations; must not throw. */
  audit(entry: AuditEntry): Promise<void>;
}

/** Rules that do not make a mutation an admin action worth an audit entry of its own. */
const UNAUDITED_RULES = new Set(['public', 'authenticated']);
// The same family of names the log redaction covers: whatever an argument with such a name holds stays out.
const SECRET_KEY = /pass(word|phrase)?|token|secret|api[-_]?key|credential|authorization|cookie|session/i;

/**
 * Wraps every resolver and loader so that, before any module code runs, the
 * field's access rule holds and its module is switched on for the request's
 * tenant, and so that the module's code runs in the request's tenant scope.
 * Fields with a rule but no resolver of their own get a guarded default one.
 */
export function guardResolvers(options: GuardOptions): { resolvers: Resolvers; loaders: Loaders } {
  const { graphql, access } = options;
  const resolvers: Resolvers = {};
  const loaders: Loaders = {};
  for (const type of Object.values(graphql.schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      const rule = access.fields.get(coordinate) ?? access.types.get(type.name) ?? null;
      const owner = graphql.fieldOwners.get(coordinate) ?? 'kernel';
      const resolver = options.resolvers[type.name]?.[field];
      const loader = options.loaders[type.name]?.[field];
      const check = (context: RequestContext) => guard(rule, owner, context, coordinate, options);
      if (loader !== undefined) {
        (loaders[type.name] ??= {})[field] = guardLoader(loader, check);
      } else if (resolver !== undefined || (rule !== null && rule !== 'public')) {
        const audited = type.name === 'Mutation' && rule !== null && !UNAUDITED_RULES.has(rule);
        (resolvers[type.name] ??= {})[field] = guardResolver(resolver ?? (defaultFieldResolver as ResolverFn), check, audited ? (context, args, outcome, error) => auditMutation(options, coordinate, context, args, outcome, error) : null);
      }
    }
  }
  return { resolvers, loaders };
}

/**
 * Checks a rule and the module switch for one request; used by node(id:) for
 * the fetched type too. Allowed: returns nothing, synchronously — it runs
 * around every guarded field of every request, so the allowed path makes no
 * promise. Denied: throws at once for a switched-off module, or returns a
 * promise that rejects once the denial is in the audit log.
 */
export function guard(rule: string | null, owner: string, context: RequestContext, coordinate: string, options: Pick<GuardOptions, 'audit'>): Promise<never> | undefined {
  if (owner !== 'kernel' && context.tenant?.disabledModules.has(owner)) {
    throw new ForbiddenError(ErrorCodes.MODULE_DISABLED, `${coordinate} belongs to module "${owner}", which is switched off for tenant "${context.tenant.slug}".`, `A tenant admin can switch it on with setTenantModule(module: "${owner}", enabled: true).`, { module: owner, tenant: context.tenant.slug });
  }
  if (rule === null || rule === 'public') return undefined;
  try {
    enforceRule(rule, context, coordinate);
    return undefined;
  } catch (error) {
    return options.audit({ action: `graphql.${coordinate}`, outcome: 'denied', tenantId: context.tenant?.id ?? null, actor: context.actor, ip: context.ip, requestId: context.requestId, detail: { rule, code: (error as KernelError).code } }).then(() => {
      throw error;
    });
  }
}

/** One scope per request, shared by all its resolvers and loaders. */
const scopes = new WeakMap<RequestContext, Scope>();

function scopeOf(context: RequestContext): Scope {
  let scope = scopes.get(context);
  if (scope === undefined) scopes.set(context, (scope = requestScope(context)));
  return scope;
}

type Check = (context: RequestContext) => Promise<never> | undefined;

function guardResolver(resolver: ResolverFn, check: Check, audit: ((context: RequestContext, args: unknown, outcome: 'success' | 'failure', error?: unknown) => Promise<void>) | null): ResolverFn {
  if (audit === null) {
    return (parent: unknown, args: unknown, context: RequestContext, info: GraphQLResolveInfo) => check(context) ?? runInScope(scopeOf(context), () => resolver(parent, args, context, info));
  }
  return async (parent: unknown, args: unknown, context: RequestContext, info: GraphQLResolveInfo) => {
    await check(context);
    try {
      const result = await runInScope(scopeOf(context), () => resolver(parent, args, context, info));
      await audit(context, args, 'success');
      return result;
    } catch (error) {
      await audit(context, args, 'failure', error);
      throw error;
    }
  };
}

function guardLoader(loader: LoaderFn, check: Check): LoaderFn {
  return async (queries, context) => {
    await check(context);
    return runInScope(scopeOf(context), () => loader(queries, context));
  };
}

async function auditMutation(options: GuardOptions, coordinate: string, context: RequestContext, args: unknown, outcome: 'success' | 'failure', error?: unknown): Promise<void> {
  const code = (error as { code?: unknown; extensions?: { code?: unknown } } | undefined)?.extensions?.code ?? (error as { code?: unknown } | undefined)?.code;
  await options.audit({
    action: `graphql.${coordinate}`,
    outcome,
    tenantId: context.tenant?.id ?? null,
    actor: context.actor,
    ip: context.ip,
    requestId: context.requestId,
    detail: { arguments: withoutSecrets(args), ...(error === undefined ? {} : { code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' }) },
  });
}

/** A copy of `value` with every property whose name suggests a secret replaced. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? '[redacted]' : withoutSecrets(inner)]));
}
