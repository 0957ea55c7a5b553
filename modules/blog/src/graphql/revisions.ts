import type { GraphQLExtension, RequestContext } from '@rustok/contracts';
import type { BlogServices } from '../services';
import { callerOf } from '../services/caller';
import { connectionTypeDefs } from './connection';
import { localIdOf } from './ids';
import { revisionView } from './views';

const typeDefs = `
"""One save of a post or page."""
type BlogRevision {
  id: ID!
  """1 for the first save, then one more per save."""
  number: Int!
  """user, api-token or operator."""
  actorKind: String
  """Global id of the User or ApiToken who saved it."""
  actorId: ID
  """Paths of the fields the save changed (translations.en.title, categoryIds, …)."""
  changed: [String!]!
  """The revision this save restored, if it was a restore."""
  restoredFrom: Int
  createdAt: DateTime!
}
${connectionTypeDefs('BlogRevision')}
enum BlogDiffOp {
  EQUAL
  INSERT
  DELETE
}

type BlogDiffLine {
  op: BlogDiffOp!
  text: String!
}

"""A field that differs between two revisions."""
type BlogFieldChange {
  path: String!
  before: JSON
  after: JSON
  """Bodies only: a line diff from before to after."""
  lines: [BlogDiffLine!]
}

type BlogRevisionDiff {
  from: BlogRevision!
  to: BlogRevision!
  changes: [BlogFieldChange!]!
}

extend type Query {
  """What changed from one revision to another of the same post or page. Requires blog.post.read or blog.page.read."""
  blogRevisionDiff(from: ID!, to: ID!): BlogRevisionDiff!
}
`;

export function revisionsGraphQL(services: BlogServices): GraphQLExtension {
  return {
    typeDefs,
    resolvers: {
      Query: {
        blogRevisionDiff: async (_: unknown, args: { from: string; to: string }, context: RequestContext) => {
          const diff = await services.revisions.diff(callerOf(context), localIdOf(args.from, 'BlogRevision', 'from'), localIdOf(args.to, 'BlogRevision', 'to'));
          return {
            from: revisionView(diff.from),
            to: revisionView(diff.to),
            changes: diff.changes.map((change) => ({ ...change, lines: change.lines?.map((line) => ({ op: line.op.toUpperCase(), text: line.text })) ?? null })),
          };
        },
      },
    },
  };
}
