import type { GraphQLExtension, RequestContext } from '@rustok/contracts';
import type { CoreServices } from '../services';
import { sourceOf, targetTenantOf } from './request';

const typeDefs = `
"""Whether an installed module is switched on for a tenant."""
type TenantModule {
  moduleId: String!
  enabled: Boolean!
  """Modules that must be on for this one to be switched on."""
  requires: [String!]!
}

extend type Query {
  """Every installed module (a short list, not a connection) with its switch for the tenant."""
  tenantModules(tenantId: ID): [TenantModule!]!
}

extend type Mutation {
  """Switches a module on or off for the request's tenant (or, for platform operators, \`tenantId\`)."""
  setTenantModule(module: String!, enabled: Boolean!, tenantId: ID): TenantModule!
}
`;

export function tenantModulesGraphQL(services: CoreServices): GraphQLExtension {
  return {
    typeDefs,
    resolvers: {
      Query: {
        tenantModules: (_: unknown, args: { tenantId?: string | null }, context: RequestContext) => services.tenantModules.list(targetTenantOf(context, args.tenantId)),
      },
      Mutation: {
        setTenantModule: (_: unknown, args: { module: string; enabled: boolean; tenantId?: string | null }, context: RequestContext) =>
          services.tenantModules.set(targetTenantOf(context, args.tenantId), args.module, args.enabled, sourceOf(context)),
      },
    },
  };
}
