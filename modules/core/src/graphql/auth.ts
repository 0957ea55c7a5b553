import type { GraphQLExtension, RequestContext } from '@rustok/contracts';
import type { CoreServices } from '../services';
import { actorOf, sourceOf, tenantOf, userActorOf } from './request';

const typeDefs = `
type LoginPayload {
  """Send as \`Authorization: Bearer <token>\`. Shown once; only its hash is kept."""
  token: String!
  expiresAt: DateTime!
  user: User!
}

extend type Mutation {
  """
  Opens a session. The 11th consecutive failure for an email from one address within the window is refused
  (RATE_LIMITED), even with the right password. Nullable so that a failed alias does not cancel the aliases after it:
  each one runs, and counts.
  """
  login(email: String!, password: String!): LoginPayload
  """Ends the current session."""
  logout: Boolean!
  """Ends every session of the signed-in user, this one included; returns how many."""
  logoutEverywhere: Int!
  """Ends every other session of the user; returns how many."""
  changePassword(currentPassword: String!, newPassword: String!): Int!
  """Always true, whether or not the email belongs to a user; the token goes out in core.user.password-reset-requested@1."""
  requestPasswordReset(email: String!): Boolean!
  """Sets a new password with a reset token and ends every session."""
  resetPassword(token: String!, newPassword: String!): Boolean!
  """Sends the signed-in user a verification token (core.user.email-verification-requested@1); true also when already verified."""
  requestEmailVerification: Boolean!
  verifyEmail(token: String!): Boolean!
}
`;

export function authGraphQL(services: CoreServices): GraphQLExtension {
  return {
    typeDefs,
    resolvers: {
      Mutation: {
        login: (_: unknown, args: { email: string; password: string }, context: RequestContext) =>
          services.sessions.login(tenantOf(context), args.email, args.password, { ip: context.ip, userAgent: context.userAgent, requestId: context.requestId }),
        logout: (_: unknown, __: unknown, context: RequestContext) => services.sessions.logout(tenantOf(context), userActorOf(context), sourceOf(context)),
        logoutEverywhere: (_: unknown, __: unknown, context: RequestContext) => services.sessions.logoutEverywhere(tenantOf(context), userActorOf(context), sourceOf(context)),
        changePassword: (_: unknown, args: { currentPassword: string; newPassword: string }, context: RequestContext) =>
          services.passwordChange.change(tenantOf(context), actorOf(context), args.currentPassword, args.newPassword, sourceOf(context)),
        requestPasswordReset: async (_: unknown, args: { email: string }, context: RequestContext) => {
          await services.passwordReset.request(tenantOf(context), args.email, sourceOf(context));
          return true;
        },
        resetPassword: async (_: unknown, args: { token: string; newPassword: string }, context: RequestContext) => {
          await services.passwordReset.reset(tenantOf(context), args.token, args.newPassword, sourceOf(context));
          return true;
        },
        requestEmailVerification: async (_: unknown, __: unknown, context: RequestContext) => {
          await services.emailVerification.request(tenantOf(context), actorOf(context), sourceOf(context));
          return true;
        },
        verifyEmail: async (_: unknown, args: { token: string }, context: RequestContext) => {
          await services.emailVerification.verify(tenantOf(context), args.token, sourceOf(context));
          return true;
        },
      },
    },
  };
}
