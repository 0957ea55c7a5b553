import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders, type MercuriusCommonOptions } from 'mercurius';
import { NoSchemaIntrospectionCustomRule, type GraphQLInterfaceType } from 'graphql';
import type { Logger } from 'pino';
import { fromGlobalId, type RequestContext } from '@rustok/contracts';
import type { ComposedGraphQL } from '../graphql/compose';
import { createErrorFormatter } from '../graphql/error-formatter';
import type { Settings } from '../settings';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: unknown }>;
}

export interface ServerOptions {
  settings: Settings;
  graphql: ComposedGraphQL;
  kernelInfo: { version: string; modules: Array<{ id: string; package: string; version: string }> };
  readiness: ReadinessCheck[];
  log: Logger;
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
  const moduleQuery = graphql.resolvers.Query ?? {};
  const resolvers = {
    ...graphql.resolvers,
    Query: {
      ...moduleQuery,
      kernel: () => options.kernelInfo,
      node: async (_: unknown, args: { id: string }, context: RequestContext) => {
        const decoded = fromGlobalId(args.id);
        const fetcher = decoded ? graphql.nodeFetchers.get(decoded.typeName) : undefined;
        if (!decoded || !fetcher) return null;
        const found = await fetcher(decoded.localId, context);
        if (found !== null && typeof found === 'object') nodeTypes.set(found, decoded.typeName);
        return found ?? null;
      },
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
    context: (request): RequestContext => ({ requestId: String(request.id) }),
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

