import { toGlobalId, type GraphQLExtension, type RequestContext } from '@rustok/contracts';
import type { RoleRow } from '../models/role';
import type { CoreServices } from '../services';
import { connectionTypeDefs, pageQuery, toConnection, type PageArgs } from './connection';
import { can, localIdOf, sourceOf, tenantOf } from './request';

const typeDefs = `
"""A named set of permissions in one tenant."""
type Role implements Node {
  id: ID!
  name: String!
  description: String
  """Built-in roles (owner, admin, editor, customer) take their grants from the installed modules."""
  builtIn: Boolean!
  """What the role grants now."""
  permissions: [String!]!
  createdAt: DateTime!
  updatedAt: DateTime!
}
${connectionTypeDefs('Role')}
"""A permission some installed module declares."""
type Permission {
  name: String!
  module: String!
}

input CreateRoleInput {
  name: String!
  description: String
  permissions: [String!]!
}

input UpdateRoleInput {
  name: String
  description: String
  permissions: [String!]
}

extend type Query {
  roles(first: Int = 20, after: String): RoleConnection!
  """Every permission the installed modules declare, for building roles and API tokens."""
  permissions: [Permission!]!
}

extend type Mutation {
  """Only permissions you hold yourself can go into a role."""
  createRole(input: CreateRoleInput!): Role!
  updateRole(id: ID!, input: UpdateRoleInput!): Role!
  deleteRole(id: ID!): Boolean!
}
`;

export function rolesGraphQL(services: CoreServices): GraphQLExtension {
  const { rbac } = services;
  return {
    typeDefs,
    resolvers: {
      Role: {
        id: (role: RoleRow) => toGlobalId('Role', role.id),
        permissions: (role: RoleRow) => rbac.effectivePermissions(role),
      },
      Query: {
        roles: async (_: unknown, args: PageArgs, context: RequestContext) => toConnection(await rbac.list(tenantOf(context), pageQuery(args))),
        permissions: () => services.platform.permissions,
      },
      Mutation: {
        createRole: (_: unknown, args: { input: { name: string; description?: string | null; permissions: string[] } }, context: RequestContext) => rbac.create(tenantOf(context), args.input, sourceOf(context)),
        updateRole: (_: unknown, args: { id: string; input: { name?: string | null; description?: string | null; permissions?: string[] | null } }, context: RequestContext) =>
          rbac.update(tenantOf(context), localIdOf(args.id, 'Role', 'id'), args.input, sourceOf(context)),
        deleteRole: async (_: unknown, args: { id: string }, context: RequestContext) => {
          await rbac.delete(tenantOf(context), localIdOf(args.id, 'Role', 'id'), sourceOf(context));
          return true;
        },
      },
    },
    nodes: {
      // The type rule is public (roles appear under \`me\`); fetching one by id needs core.role.read.
      Role: async (localId: string, context: RequestContext) => (context.tenant !== null && can(context, 'core.role.read') ? rbac.get(context.tenant.id, localId) : null),
    },
  };
}
