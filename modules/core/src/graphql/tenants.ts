import { toGlobalId, type GraphQLExtension, type RequestContext } from '@rustok/contracts';
import type { TenantRow } from '../models/tenant';
import type { CoreServices } from '../services';
import type { TenantEdit } from '../services/tenants';
import { connectionTypeDefs, pageQuery, toConnection, type PageArgs } from './connection';
import { sourceOf, targetTenantOf } from './request';

const typeDefs = `
"""A store or site."""
type Tenant implements Node {
  id: ID!
  slug: String!
  name: String!
  """Host names that resolve to this tenant."""
  domains: [String!]!
  defaultLocale: String!
  locales: [String!]!
  """Free-form settings; needs core.tenant.read."""
  settings: JSON
  active: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
}
${connectionTypeDefs('Tenant')}
input TenantOwnerInput {
  email: String!
  password: String!
  displayName: String
}

input CreateTenantInput {
  slug: String!
  name: String!
  domains: [String!]
  """Defaults to the first of locales, or "en"."""
  defaultLocale: String
  locales: [String!]
  settings: JSON
  """The first owner, created with the tenant (with its built-in roles)."""
  owner: TenantOwnerInput
}

input UpdateTenantInput {
  name: String
  domains: [String!]
  defaultLocale: String
  locales: [String!]
  settings: JSON
  """Platform operators only: a deactivated tenant's requests are refused (TENANT_INACTIVE)."""
  active: Boolean
}

extend type Query {
  """The tenant the request is for."""
  tenant: Tenant
  """Every tenant for platform operators; your own tenant for everyone else."""
  tenants(first: Int = 20, after: String): TenantConnection!
}

extend type Mutation {
  createTenant(input: CreateTenantInput!): Tenant!
  """Updates the request's tenant, or (platform operators) the tenant \`id\` names."""
  updateTenant(id: ID, input: UpdateTenantInput!): Tenant!
}
`;

interface CreateTenantArgs {
  input: { slug: string; name: string; domains?: string[] | null; defaultLocale?: string | null; locales?: string[] | null; settings?: unknown; owner?: { email: string; password: string; displayName?: string | null } | null };
}

export function tenantsGraphQL(services: CoreServices): GraphQLExtension {
  const { tenants } = services;
  return {
    typeDefs,
    resolvers: {
      Tenant: {
        id: (tenant: TenantRow) => toGlobalId('Tenant', tenant.id),
      },
      Query: {
        tenant: (_: unknown, __: unknown, context: RequestContext) => (context.tenant === null ? null : tenants.get(context.tenant.id)),
        tenants: async (_: unknown, args: PageArgs, context: RequestContext) => {
          const onlyOwn = context.actor?.platform === true ? null : (context.actor?.tenantId ?? context.tenant?.id ?? null);
          return toConnection(await tenants.list(pageQuery(args), onlyOwn));
        },
      },
      Mutation: {
        createTenant: async (_: unknown, args: CreateTenantArgs, context: RequestContext) => (await tenants.create(args.input, sourceOf(context))).tenant,
        updateTenant: (_: unknown, args: { id?: string | null; input: TenantEdit }, context: RequestContext) => tenants.update(targetTenantOf(context, args.id, 'id'), args.input, sourceOf(context)),
      },
    },
    nodes: {
      // Tenant is public (storefronts read name and locales); another tenant by id only for platform actors.
      Tenant: async (localId: string, context: RequestContext) => (localId === context.tenant?.id || context.actor?.platform === true ? tenants.get(localId) : null),
    },
  };
}
