import { toGlobalId, type GraphQLExtension, type RequestContext } from '@rustok/contracts';
import type { UserRow, UserStatus } from '../models/user';
import type { CoreServices } from '../services';
import { connectionTypeDefs, pageQuery, toConnection, type PageArgs } from './connection';
import { can, localIdOf, sourceOf, tenantOf, userActorOf } from './request';

const typeDefs = `
enum UserStatus {
  ACTIVE
  DISABLED
}

"""A person who signs in to one tenant."""
type User implements Node {
  id: ID!
  email: String!
  displayName: String
  profile: JSON!
  status: UserStatus!
  emailVerifiedAt: DateTime
  """Platform owners pass every access rule on every tenant's fields."""
  isPlatformOwner: Boolean!
  roles: [Role!]!
  """Union of the roles' permissions, as granted (\`*\`, \`x.y.manage\`, exact names)."""
  permissions: [String!]!
  createdAt: DateTime!
  updatedAt: DateTime!
}
${connectionTypeDefs('User')}
input UsersFilter {
  status: UserStatus
  """Part of the email or display name."""
  search: String
}

input CreateUserInput {
  email: String!
  password: String!
  displayName: String
  profile: JSON
  """Ids of roles to give the user; you may give only roles whose permissions you hold."""
  roleIds: [ID!]
}

input UpdateUserInput {
  """A new email is unverified again."""
  email: String
  displayName: String
  profile: JSON
}

input UpdateMeInput {
  displayName: String
  profile: JSON
}

extend type Query {
  """The signed-in user; null for anonymous requests and API tokens."""
  me: User
  users(first: Int = 20, after: String, filter: UsersFilter): UserConnection!
  """Any user of the tenant with core.user.read; otherwise only yourself."""
  user(id: ID!): User
}

extend type Mutation {
  createUser(input: CreateUserInput!): User!
  updateUser(id: ID!, input: UpdateUserInput!): User!
  updateMe(input: UpdateMeInput!): User!
  """Refuses the user's logins and revokes their sessions."""
  disableUser(id: ID!): User!
  enableUser(id: ID!): User!
  assignRole(userId: ID!, roleId: ID!): User!
  revokeRole(userId: ID!, roleId: ID!): User!
}
`;

interface CreateUserArgs {
  input: { email: string; password: string; displayName?: string | null; profile?: unknown; roleIds?: string[] | null };
}

/** Yourself, or anyone with core.user.read; null otherwise (as if it did not exist). */
async function readableUser(services: CoreServices, context: RequestContext, id: string): Promise<UserRow | null> {
  if (context.tenant === null || context.actor === null) return null;
  if (context.actor.id !== id && !can(context, 'core.user.read')) return null;
  return services.users.get(context.tenant.id, id);
}

export function usersGraphQL(services: CoreServices): GraphQLExtension {
  const { users } = services;
  return {
    typeDefs,
    resolvers: {
      User: {
        id: (user: UserRow) => toGlobalId('User', user.id),
        status: (user: UserRow) => user.status.toUpperCase(),
      },
      Query: {
        me: (_: unknown, __: unknown, context: RequestContext) => (context.actor?.kind === 'user' && context.tenant !== null ? users.get(context.tenant.id, context.actor.id) : null),
        users: async (_: unknown, args: PageArgs & { filter?: { status?: string | null; search?: string | null } | null }, context: RequestContext) => {
          const filter = { status: args.filter?.status?.toLowerCase() as UserStatus | undefined, search: args.filter?.search ?? undefined };
          return toConnection(await users.list(tenantOf(context), pageQuery(args), filter));
        },
        user: (_: unknown, args: { id: string }, context: RequestContext) => readableUser(services, context, localIdOf(args.id, 'User', 'id')),
      },
      Mutation: {
        createUser: (_: unknown, { input }: CreateUserArgs, context: RequestContext) =>
          users.create(tenantOf(context), { ...input, roleIds: (input.roleIds ?? []).map((id) => localIdOf(id, 'Role', 'roleIds')) }, sourceOf(context)),
        updateUser: (_: unknown, args: { id: string; input: { email?: string | null; displayName?: string | null; profile?: unknown } }, context: RequestContext) =>
          users.update(tenantOf(context), localIdOf(args.id, 'User', 'id'), args.input, sourceOf(context)),
        updateMe: (_: unknown, args: { input: { displayName?: string | null; profile?: unknown } }, context: RequestContext) =>
          users.updateSelf(tenantOf(context), userActorOf(context).id, args.input, sourceOf(context)),
        disableUser: (_: unknown, args: { id: string }, context: RequestContext) => users.setStatus(tenantOf(context), localIdOf(args.id, 'User', 'id'), 'disabled', sourceOf(context)),
        enableUser: (_: unknown, args: { id: string }, context: RequestContext) => users.setStatus(tenantOf(context), localIdOf(args.id, 'User', 'id'), 'active', sourceOf(context)),
        assignRole: (_: unknown, args: { userId: string; roleId: string }, context: RequestContext) =>
          users.assignRole(tenantOf(context), localIdOf(args.userId, 'User', 'userId'), localIdOf(args.roleId, 'Role', 'roleId'), sourceOf(context)),
        revokeRole: (_: unknown, args: { userId: string; roleId: string }, context: RequestContext) =>
          users.revokeRole(tenantOf(context), localIdOf(args.userId, 'User', 'userId'), localIdOf(args.roleId, 'Role', 'roleId'), sourceOf(context)),
      },
    },
    loaders: {
      User: {
        // One query per request for every user whose roles (or permissions) were asked for.
        roles: async (queries: Array<{ obj: UserRow }>, context: RequestContext) => {
          const byUser = await services.rbac.rolesOfUsers(tenantOf(context), queries.map((q) => q.obj.id));
          return queries.map((q) => byUser.get(q.obj.id) ?? []);
        },
        permissions: async (queries: Array<{ obj: UserRow }>, context: RequestContext) => {
          const byUser = await services.rbac.rolesOfUsers(tenantOf(context), queries.map((q) => q.obj.id));
          return queries.map((q) => [...new Set((byUser.get(q.obj.id) ?? []).flatMap((role) => services.rbac.effectivePermissions(role)))].sort());
        },
      },
    },
    nodes: {
      User: (localId: string, context: RequestContext) => readableUser(services, context, localId),
    },
  };
}
