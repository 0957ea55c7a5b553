import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders, type MercuriusCommonOptions } from 'mercurius';
import { NoSchemaIntrospectionCustomRule, type GraphQLInterfaceType } from 'graphql';
import type { Logger } from 'pino';
import { fromGlobalId, type AccessProvider, type AuditEntry, type RequestContext } from '@rustok/contracts';
import { guard, guardResolvers } from '../access/guard-resolvers';
import { KernelError } from '../errors';
import type { EventAdmin } from '../events/event-admin';
import type { AccessRules } from '../gate/access-check';
import type { ComposedGraphQL } from '../graphql/compose';
import { createErrorFormatter } from '../graphql/error-formatter';
import type { Settings } from '../settings';
import { requestScope, runInScope } from '../tenancy/scope';
import { resolveRequestContext } from './request-context';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: unknown }>;
}

export { KERNEL_PERMISSIONS } from '../access/kernel-access';

export interface ServerOptions {
  settings: Settings;
  graphql: ComposedGraphQL;
  access: AccessRules;
  /** The module service `rustok.access@1`, when a module provides it. */
  accessProvider: AccessProvider | null;
  kernelInfo: { version: string; modules: Array<{ id: string; package: string; version: string }> };
  readiness: ReadinessCheck[];
  events: EventAdmin;
  log: Logger;
}

declare module 'fastify' {
  interface FastifyRequest {
    rustokContext: RequestContext | null;
  }
}

/** fastify with `/graphql` (mercurius over the composed schema) and the health endpoints. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { settings, graphql, access, accessProvider } = options;
  const app = Fastify({
    loggerInstance: options.log.child({ component: 'http' }) as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    // SIGTERM must not wait on idle keep-alive sockets.
    forceCloseConnections: 'idle',
  });
  const audit = async (entry: AuditEntry) => {
    if (accessProvider === null) return;
    await accessProvider.audit(entry).catch((error: unknown) => options.log.error({ err: error, action: entry.action }, 'writing an audit entry failed'));
  };

  const nodeTypes = new WeakMap<object, string>();
  const moduleQuery = graphql.resolvers.Query ?? {};
  const guarded = guardResolvers({
    graphql,
    access,
    audit,
    loaders: graphql.loaders,
    resolvers: {
      ...graphql.resolvers,
      Query: {
        ...moduleQuery,
        kernel: () => options.kernelInfo,
        eventsStatus: async () => options.events.status(),
        node: async (_: unknown, args: { id: string }, context: RequestContext) => {
          const decoded = fromGlobalId(args.id);
          const fetcher = decoded ? graphql.nodeFetchers.get(decoded.typeName) : undefined;
          if (!decoded || !fetcher) return null;
          await guard(access.types.get(decoded.typeName) ?? 'platform', graphql.typeOwners.get(decoded.typeName) ?? 'kernel', context, `node(${decoded.typeName})`, { audit });
          const found = await runInScope(requestScope(context), () => fetcher(decoded.localId, context));
          if (found !== null && typeof found === 'object') nodeTypes.set(found, decoded.typeName);
          return found ?? null;
        },
      },
      EventsStatus: {
        deadLetters: (_: unknown, args: { first: number }) => options.events.deadLetters(Math.min(Math.max(args.first, 1), 500)),
      },
    },
  });
  // Set on the type itself: mercurius does not apply __resolveType to a prebuilt schema.
  (graphql.schema.getType('Node') as GraphQLInterfaceType).resolveType = (value: object & { __typename?: string }) => nodeTypes.get(value) ?? value.__typename;

  app.decorateRequest('rustokContext', null);
  // Tenant and credentials are settled before GraphQL runs: an unknown tenant or a bad token refuses
  // the request as a whole instead of failing field by field.
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    try {
      request.rustokContext = await resolveRequestContext(request, accessProvider, settings.adminToken);
    } catch (error) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code ?? (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !(error instanceof KernelError || (error as { extensions?: unknown }).extensions)) throw error;
      const unauthenticated = /^(UNAUTHENTICATED|TOKEN_)/.test(code);
      return reply.code(unauthenticated ? 401 : 400).send({ data: null, errors: [{ message: (error as Error).message, extensions: { ...(error as { extensions?: object }).extensions, code } }] });
    }
  });

  await app.register(mercurius, {
    schema: graphql.schema,
    // mercurius types resolvers as IResolvers with `any`-typed maps; ours are structurally the same.
    resolvers: guarded.resolvers as unknown as IResolvers,
    loaders: guarded.loaders as unknown as MercuriusLoaders,
    path: '/graphql',
    graphiql: !settings.production,
    queryDepth: settings.graphqlMaxDepth,
    // Storefront traffic repeats a few query texts; compiled execution is markedly cheaper per request.
    jit: settings.graphqlJit,
    validationRules: settings.graphqlIntrospection ? [] : [NoSchemaIntrospectionCustomRule],
    // A fresh object per request: mercurius adds its own members to it.
    context: (request) => ({ ...(request.rustokContext as RequestContext) }),
    errorFormatter: createErrorFormatter({ production: settings.production, log: options.log }) as unknown as MercuriusCommonOptions['errorFormatter'],
  });

  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    const checks: Record<string, { ok: boolean; detail?: unknown }> = {};
    await Promise.all(
      options.readiness.map(async (readiness) => {
        try {
          checks[readiness.name] = await readiness.check();
        } catch (error) {
          checks[readiness.name] = { ok: false, detail: (error as Error).message };
        }
      }),
    );
    const ready = Object.values(checks).every((c) => c.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
  return app;
}

