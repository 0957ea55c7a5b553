import type { GraphQLExtension, RequestContext } from '@rustok/contracts';
import { BlogErrors, blogError } from '../errors';
import type { CommentStatus } from '../models/comment';
import type { TranslationChoice } from '../repositories/entry-columns';
import type { BlogServices } from '../services';
import { callerOf, localePreference, type Caller } from '../services/caller';
import type { AddCommentInput } from '../services/comments';
import { byGroup, choiceKey, groupBy, unique } from './batch';
import { afterOf, connectionTypeDefs, Cursors, firstOf, toConnection } from './connection';
import { localIdOf, optionalLocalIdOf } from './ids';
import { authorView, CommentView, EntryView } from './views';

const typeDefs = `
enum BlogCommentStatus {
  PENDING
  APPROVED
  SPAM
  DELETED
}

"""A comment on a post, by a signed-in user or a guest; replies go one level deep."""
type BlogComment {
  id: ID!
  status: BlogCommentStatus!
  """The user's display name when they wrote it, or the guest's name."""
  authorName: String!
  """The user who wrote it; null for guests."""
  author: BlogAuthor
  """As written (plain text with Markdown)."""
  body: String!
  """Sanitized HTML; links carry rel="nofollow ugc"."""
  bodyHtml: String!
  createdAt: DateTime!
  """The comment this one replies to."""
  parentId: ID
  post: BlogPost
  """Oldest first; the storefront sees approved ones only."""
  replies: [BlogComment!]!
  """Moderators only (blog.comment.moderate)."""
  guestEmail: String
  ip: String
  userAgent: String
  moderatedAt: DateTime
}
${connectionTypeDefs('BlogComment')}
input BlogAddCommentInput {
  postId: ID!
  """A top-level approved comment of the same post."""
  parentId: ID
  body: String!
  """Required from guests; signed-in users comment under their display name."""
  guestName: String
  """Required from guests; shown to moderators only."""
  guestEmail: String
}

extend type Query {
  """Approved top-level comments of a published post, oldest first."""
  blogComments(post: ID!, first: Int = 20, after: String): BlogCommentConnection!
  """Comments in one status (pending by default), newest first. Requires blog.comment.moderate."""
  blogModerationQueue(status: BlogCommentStatus = PENDING, post: ID, first: Int = 20, after: String): BlogCommentConnection!
}

extend type Mutation {
  """Rate-limited per IP; refused on closed posts. Guests' comments wait for moderation unless configured otherwise."""
  blogAddComment(input: BlogAddCommentInput!): BlogComment!
  blogModerateComment(id: ID!, status: BlogCommentStatus!): BlogComment!
}
`;

const PUBLIC_STATUSES: readonly CommentStatus[] = ['approved'];
const ALL_STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'deleted'];

type CommentQueries = Array<{ obj: CommentView }>;

export function commentsGraphQL(services: BlogServices): GraphQLExtension {
  const { reader, comments } = services;
  const choiceOf = (caller: Caller): TranslationChoice => ({ ...localePreference(caller, null), onlyPreferred: false });
  return {
    typeDefs,
    resolvers: {
      Query: {
        blogComments: async (_: unknown, args: { post: string; first?: number | null; after?: string | null }, context: RequestContext) => {
          const caller = callerOf(context);
          const postId = localIdOf(args.post, 'BlogPost', 'post');
          const limit = firstOf(args.first);
          const after = afterOf(args.after, Cursors.id);
          const choice = choiceOf(caller);
          // Both reads share one transaction (queued in the same turn).
          const [post, rows] = await Promise.all([reader.entry(caller, 'post', postId, choice, true), reader.topLevelComments(caller, postId, PUBLIC_STATUSES, limit, after?.id ?? null)]);
          if (post === null) throw blogError(BlogErrors.POST_NOT_FOUND, 'No such published post.', { field: 'post' });
          return toConnection(rows, limit, after !== null, (row) => new CommentView(row, choice, 'public'), (row) => ({ i: row.id }));
        },
        blogModerationQueue: async (_: unknown, args: { status?: string | null; post?: string | null; first?: number | null; after?: string | null }, context: RequestContext) => {
          const caller = callerOf(context);
          const limit = firstOf(args.first);
          const after = afterOf(args.after, Cursors.id);
          const status = (args.status ?? 'PENDING').toLowerCase() as CommentStatus;
          const rows = await reader.moderationQueue(caller, status, optionalLocalIdOf(args.post, 'BlogPost', 'post') ?? null, limit, after?.id ?? null);
          const choice = choiceOf(caller);
          return toConnection(rows, limit, after !== null, (row) => new CommentView(row, choice, 'admin'), (row) => ({ i: row.id }));
        },
      },
      Mutation: {
        blogAddComment: async (_: unknown, args: { input: AddCommentInput }, context: RequestContext) => {
          const caller = callerOf(context);
          const { input } = args;
          const created = await comments.add(caller, { ...input, postId: localIdOf(input.postId, 'BlogPost', 'input.postId'), parentId: optionalLocalIdOf(input.parentId, 'BlogComment', 'input.parentId') ?? null });
          return new CommentView(created, choiceOf(caller), 'public');
        },
        blogModerateComment: async (_: unknown, args: { id: string; status: string }, context: RequestContext) => {
          const caller = callerOf(context);
          const updated = await comments.moderate(caller, localIdOf(args.id, 'BlogComment', 'id'), args.status.toLowerCase() as CommentStatus);
          return new CommentView(updated, choiceOf(caller), 'admin');
        },
      },
    },
    loaders: {
      BlogComment: {
        replies: (queries: CommentQueries, context: RequestContext) =>
          byGroup(queries, (q) => q.obj.audience, async (group) => {
            const { audience, choice } = (group[0] as CommentQueries[number]).obj;
            const rows = await reader.replies(callerOf(context), unique(group.map((q) => q.obj.row.id)), audience === 'public' ? PUBLIC_STATUSES : ALL_STATUSES);
            const byParent = groupBy(rows, (row) => row.parentId as string);
            return group.map((q) => (byParent.get(q.obj.row.id) ?? []).map((row) => new CommentView(row, choice, audience)));
          }),
        post: (queries: CommentQueries, context: RequestContext) =>
          byGroup(queries, (q) => `${choiceKey(q.obj.choice)}|${q.obj.audience}`, async (group) => {
            const { audience, choice } = (group[0] as CommentQueries[number]).obj;
            const rows = await reader.entries(callerOf(context), 'post', unique(group.map((q) => q.obj.row.postId)), choice, audience === 'public');
            const byId = new Map(rows.map((row) => [row.id, new EntryView(row, choice, audience)]));
            return group.map((q) => byId.get(q.obj.row.postId) ?? null);
          }),
        author: async (queries: CommentQueries, context: RequestContext) => {
          const ids = unique(queries.map((q) => q.obj.row.authorId).filter((id): id is string => id !== null));
          const users = ids.length === 0 ? new Map() : await reader.authorsByIds(callerOf(context), ids);
          return queries.map((q) => {
            const user = q.obj.row.authorId === null ? undefined : users.get(q.obj.row.authorId);
            return user === undefined ? null : authorView(user);
          });
        },
      },
    },
  };
}
