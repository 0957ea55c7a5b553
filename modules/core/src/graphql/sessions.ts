import { toGlobalId, type GraphQLExtension, type RequestContext } from '@rustok/contracts';
import type { SessionRow } from '../models/session';
import type { CoreServices } from '../services';
import { connectionTypeDefs, pageQuery, toConnection, type PageArgs } from './connection';
import { localIdOf, sourceOf, tenantOf, userActorOf } from './request';

const typeDefs = `
"""One of the signed-in user's live logins."""
type Session {
  id: ID!
  """True for the session this request is authenticated with."""
  current: Boolean!
  ip: String
  userAgent: String
  createdAt: DateTime!
  lastSeenAt: DateTime!
  expiresAt: DateTime!
}
${connectionTypeDefs('Session')}
extend type Query {
  """The signed-in user's live sessions, newest first."""
  sessions(first: Int = 20, after: String): SessionConnection!
}

extend type Mutation {
  """Ends one of the signed-in user's sessions."""
  revokeSession(id: ID!): Boolean!
}
`;

export function sessionsGraphQL(services: CoreServices): GraphQLExtension {
  return {
    typeDefs,
    resolvers: {
      Session: {
        id: (session: SessionRow) => toGlobalId('Session', session.id),
        current: (session: SessionRow, _: unknown, context: RequestContext) => context.actor?.credentialId === session.id,
      },
      Query: {
        sessions: async (_: unknown, args: PageArgs, context: RequestContext) => toConnection(await services.sessions.list(tenantOf(context), userActorOf(context), pageQuery(args))),
      },
      Mutation: {
        revokeSession: (_: unknown, args: { id: string }, context: RequestContext) =>
          services.sessions.revoke(tenantOf(context), userActorOf(context), localIdOf(args.id, 'Session', 'id'), sourceOf(context)),
      },
    },
  };
}
