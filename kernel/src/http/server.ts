import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders, type MercuriusCommonOptions } from 'mercurius';
import { NoSchemaIntrospectionCustomRule, type GraphQLInterfaceType } from 'graphql';
import type { Logger } from 'pino';
import { timingSafeEqual } from 'node:crypto';
import { fromGlobalId, type RequestContext } from '@rustok/contracts';
import { ErrorCodes, ForbiddenError } from '../errors';
import type { EventAdmin } from '../events/event-admin';
import type { ComposedGraphQL } from '../graphql/compose';
import { createErrorFormatter } from '../graphql/error-formatter';
import type { Settings } from '../settings';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: unknown }>;
}

/** Permissions the kernel's own fields require. */
export const KERNEL_PERMISSIONS = Object.freeze({ eventsRead: 'rustok.events.read' });

export interface ServerOptions {
  settings: Settings;
  graphql: ComposedGraphQL;
  kernelInfo: { version: string; modules: Array<{ id: string; package: string; version: string }> };
  readiness: ReadinessCheck[];
  events: EventAdmin;
  log: Logger;
}

interface KernelRequestContext extends RequestContext {
  /** Kernel permissions granted to this request (today: all of them to the operator's admin token). */
  kernelPermissions: ReadonlySet<string>;
}

/** fastify with `/graphql` (mercurius over the composed schema) and the health endpoints. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { settings, graphql } = options;
  const app = Fastify({
    loggerInstance: options.log.child({ component: 'http' }) as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    // SIGTERM must not wait on idle keep-alive sockets.
    forceCloseConnections: 'idle',
  });

  const nodeTypes = new WeakMap<object, string>();
  const requirePermission = (context: KernelRequestContext, permission: string) => {
    if (!context.kernelPermissions.has(permission)) {
      throw new ForbiddenError(ErrorCodes.FORBIDDEN, `This field requires permission ${permission}.`, 'Send `Authorization: Bearer <RUSTOK_ADMIN_TOKEN>` as an operator.', { permission });
    }
  };
  const moduleQuery = graphql.resolvers.Query ?? {};
  const resolvers = {
    ...graphql.resolvers,
    Query: {
      ...moduleQuery,
      kernel: () => options.kernelInfo,
      eventsStatus: async (_: unknown, __: unknown, context: KernelRequestContext) => {
        requirePermission(context, KERNEL_PERMISSIONS.eventsRead);
        return options.events.status();
      },
      node: async (_: unknown, args: { id: string }, context: RequestContext) => {
        const decoded = fromGlobalId(args.id);
        const fetcher = decoded ? graphql.nodeFetchers.get(decoded.typeName) : undefined;
        if (!decoded || !fetcher) return null;
        const found = await fetcher(decoded.localId, context);
        if (found !== null && typeof found === 'object') nodeTypes.set(found, decoded.typeName);
        return found ?? null;
      },
    },
    EventsStatus: {
      deadLetters: (_: unknown, args: { first: number }) => options.events.deadLetters(Math.min(Math.max(args.first, 1), 500)),
    },
  };
  // Set on the type itself: mercurius does not apply __resolveType to a prebuilt schema.
  (graphql.schema.getType('Node') as GraphQLInterfaceType).resolveType = (value: object & { __typename?: string }) => nodeTypes.get(value) ?? value.__typename;

  await app.register(mercurius, {
    schema: graphql.schema,
    // mercurius types resolvers as IResolvers with `any`-typed maps; ours are structurally the same.
    resolvers: resolvers as unknown as IResolvers,
    loaders: graphql.loaders as unknown as MercuriusLoaders,
    path: '/graphql',
    graphiql: !settings.production,
    queryDepth: settings.graphqlMaxDepth,
    validationRules: settings.graphqlIntrospection ? [] : [NoSchemaIntrospectionCustomRule],
    context: (request): KernelRequestContext => ({ requestId: String(request.id), kernelPermissions: grantedKernelPermissions(request.headers.authorization, settings.adminToken) }),
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


const ALL_KERNEL_PERMISSIONS: ReadonlySet<string> = new Set(Object.values(KERNEL_PERMISSIONS));
const NO_PERMISSIONS: ReadonlySet<string> = new Set();

function grantedKernelPermissions(authorization: string | undefined, adminToken: string | null): ReadonlySet<string> {
  if (adminToken === null || authorization === undefined || !authorization.startsWith('Bearer ')) return NO_PERMISSIONS;
  const offered = Buffer.from(authorization.slice('Bearer '.length));
  const expected = Buffer.from(adminToken);
  return offered.length === expected.length && timingSafeEqual(offered, expected) ? ALL_KERNEL_PERMISSIONS : NO_PERMISSIONS;
}
