import { toGlobalId, type GraphQLExtension, type RequestContext } from '@rustok/contracts';
import type { ApiTokenRow } from '../models/api-token';
import type { CoreServices } from '../services';
import { connectionTypeDefs, pageQuery, toConnection, type PageArgs } from './connection';
import { actorGlobalId } from './actor-id';
import { localIdOf, sourceOf, tenantOf } from './request';

const typeDefs = `
"""A credential for an app or storefront with a fixed set of permissions."""
type ApiToken implements Node {
  id: ID!
  name: String!
  permissions: [String!]!
  """Global id of the user (or API token) that created it; "operator" for the operator."""
  createdBy: String!
  createdAt: DateTime!
  expiresAt: DateTime
  lastUsedAt: DateTime
  revokedAt: DateTime
}
${connectionTypeDefs('ApiToken')}
type CreateApiTokenPayload {
  """Send as \`Authorization: Bearer <token>\`. Shown only now; only its hash is kept."""
  token: String!
  apiToken: ApiToken!
}

input CreateApiTokenInput {
  name: String!
  """Only permissions you hold yourself."""
  permissions: [String!]!
  expiresAt: DateTime
}

extend type Query {
  apiTokens(first: Int = 20, after: String, includeRevoked: Boolean = false): ApiTokenConnection!
}

extend type Mutation {
  createApiToken(input: CreateApiTokenInput!): CreateApiTokenPayload!
  revokeApiToken(id: ID!): ApiToken!
}
`;

export function apiTokensGraphQL(services: CoreServices): GraphQLExtension {
  const { apiTokens } = services;
  return {
    typeDefs,
    resolvers: {
      ApiToken: {
        id: (token: ApiTokenRow) => toGlobalId('ApiToken', token.id),
        createdBy: (token: ApiTokenRow) => actorGlobalId(token.createdByKind, token.createdById) ?? token.createdByKind,
      },
      Query: {
        apiTokens: async (_: unknown, args: PageArgs & { includeRevoked?: boolean | null }, context: RequestContext) =>
          toConnection(await apiTokens.list(tenantOf(context), pageQuery(args), args.includeRevoked === true)),
      },
      Mutation: {
        createApiToken: (_: unknown, args: { input: { name: string; permissions: string[]; expiresAt?: Date | null } }, context: RequestContext) => apiTokens.create(tenantOf(context), args.input, sourceOf(context)),
        revokeApiToken: (_: unknown, args: { id: string }, context: RequestContext) => apiTokens.revoke(tenantOf(context), localIdOf(args.id, 'ApiToken', 'id'), sourceOf(context)),
      },
    },
    nodes: {
      ApiToken: (localId: string, context: RequestContext) => apiTokens.get(tenantOf(context), localId),
    },
  };
}
