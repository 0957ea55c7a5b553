import { fromGlobalId, toGlobalId, type GraphQLExtension, type RequestContext } from '@rustok/contracts';
import type { AuditOutcome, AuditRow } from '../models/audit-entry';
import type { AuditFilter } from '../repositories/audit';
import type { CoreServices } from '../services';
import { actorGlobalId } from './actor-id';
import { connectionTypeDefs, pageQuery, toConnection, type PageArgs } from './connection';
import { tenantOf } from './request';

const typeDefs = `
enum AuditOutcome {
  SUCCESS
  FAILURE
  DENIED
}

"""Something that happened: who, what, to what, from where. Never holds secrets."""
type AuditEntry {
  id: ID!
  """E.g. core.session.login, core.role.assigned, graphql.Mutation.createUser."""
  action: String!
  outcome: AuditOutcome!
  """user, api-token or operator; null when nobody was signed in."""
  actorKind: String
  """Global id of the User or ApiToken (or "operator")."""
  actorId: String
  target: String
  ip: String
  requestId: String
  detail: JSON!
  createdAt: DateTime!
}
${connectionTypeDefs('AuditEntry')}
input AuditLogFilter {
  action: String
  """A User or ApiToken global id, or "operator"."""
  actorId: String
  outcome: AuditOutcome
}

extend type Query {
  """The tenant's audit log, newest first."""
  auditLog(first: Int = 20, after: String, filter: AuditLogFilter): AuditEntryConnection!
  """Entries that belong to no tenant (operator actions, requests naming no tenant), newest first."""
  platformAuditLog(first: Int = 20, after: String, filter: AuditLogFilter): AuditEntryConnection!
}
`;

interface AuditArgs extends PageArgs {
  filter?: { action?: string | null; actorId?: string | null; outcome?: string | null } | null;
}

function toFilter(filter: AuditArgs['filter']): AuditFilter {
  const actorId = filter?.actorId == null ? undefined : (fromGlobalId(filter.actorId)?.localId ?? filter.actorId);
  return { action: filter?.action ?? undefined, actorId, outcome: filter?.outcome?.toLowerCase() as AuditOutcome | undefined };
}

export function auditGraphQL(services: CoreServices): GraphQLExtension {
  return {
    typeDefs,
    resolvers: {
      AuditEntry: {
        id: (entry: AuditRow) => toGlobalId('AuditEntry', entry.id),
        outcome: (entry: AuditRow) => entry.outcome.toUpperCase(),
        actorId: (entry: AuditRow) => actorGlobalId(entry.actorKind, entry.actorId),
      },
      Query: {
        auditLog: async (_: unknown, args: AuditArgs, context: RequestContext) => toConnection(await services.audit.list(tenantOf(context), pageQuery(args), toFilter(args.filter))),
        platformAuditLog: async (_: unknown, args: AuditArgs) => toConnection(await services.audit.listPlatform(pageQuery(args), toFilter(args.filter))),
      },
    },
  };
}
