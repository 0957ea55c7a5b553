import type { GraphQLExtension, RequestContext } from '@rustok/contracts';
import type { GraphQLResolveInfo } from 'graphql';
import { checkText } from '../content/text';
import type { BlogServices } from '../services';
import { callerOf, localePreference } from '../services/caller';
import type { EntryInput } from '../services/entry-input';
import { choiceKey, groupBy, prefetchedOr, unique } from './batch';
import { connectionTypeDefs } from './connection';
import { adminEntry, entryFields, entryLoaders, entryNode, listEntries, type ListArgs } from './entries';
import { localIdOf, localIdsOf, optionalLocalIdOf } from './ids';
import { entrySelection } from './lookahead';
import { CategoryView, EntryView, TagView } from './views';

const typeDefs = `
"""A blog post."""
type BlogPost implements Node {
${entryFields}
  commentsClosed: Boolean!
  """In the order the post lists them."""
  categories: [BlogCategory!]!
  tags: [BlogTag!]!
  """Approved comments, replies included."""
  commentCount: Int!
  """Newest first. Requires blog.post.read."""
  revisions(first: Int = 20, after: String): BlogRevisionConnection
}
${connectionTypeDefs('BlogPost')}
input BlogPostFilter {
  """Slug of a category (in the asked locale or the default); posts of its subcategories are included."""
  category: String
  """Slug of a tag."""
  tag: String
  """Global id of the author (a User)."""
  author: ID
  """Full-text search in the asked locale (websearch syntax: "a phrase", -without, or); results are ranked, with highlights."""
  search: String
}

input BlogAdminPostFilter {
  status: BlogEntryStatus
  category: String
  tag: String
  author: ID
  search: String
}

input BlogPostInput {
  translations: [BlogTranslationInput!]
  """Locales to delete; at least one translation must remain."""
  removeLocales: [String!]
  """Replaces the post's categories, in this order."""
  categoryIds: [ID!]
  """Replaces the post's tags, in this order."""
  tagIds: [ID!]
  featuredMediaUrl: String
  commentsClosed: Boolean
  """The author (a User id); only holders of blog.post.manage choose it. Defaults to the signed-in user."""
  authorId: ID
}

extend type Query {
  """Published posts, newest first; with filter.search, ranked matches."""
  blogPosts(first: Int = 20, after: String, filter: BlogPostFilter, locale: String): BlogPostConnection!
  """A published post by the slug of any of its translations."""
  blogPost(slug: String!, locale: String): BlogPost
  """Posts in any status, newest first. Requires blog.post.read."""
  blogAdminPosts(first: Int = 20, after: String, filter: BlogAdminPostFilter, locale: String): BlogPostConnection!
}

extend type Mutation {
  blogCreatePost(input: BlogPostInput!): BlogPost!
  """Authors change their own posts; blog.post.manage changes any. expectedVersion refuses the save if someone saved meanwhile."""
  blogUpdatePost(id: ID!, input: BlogPostInput!, expectedVersion: Int): BlogPost!
  blogDeletePost(id: ID!): ID!
  blogPublishPost(id: ID!): BlogPost!
  """Publishes at publishAt (durably: also after a restart); a time in the past is refused."""
  blogSchedulePost(id: ID!, publishAt: DateTime!): BlogPost!
  """Back to draft; cancels a schedule."""
  blogUnpublishPost(id: ID!): BlogPost!
  blogArchivePost(id: ID!): BlogPost!
  """Saves the content of an earlier revision again, as a new revision."""
  blogRestorePostRevision(revision: ID!): BlogPost!
}
`;

interface PostInputArgs {
  translations?: EntryInput['translations'];
  removeLocales?: string[] | null;
  categoryIds?: string[] | null;
  tagIds?: string[] | null;
  featuredMediaUrl?: string | null;
  commentsClosed?: boolean | null;
  authorId?: string | null;
}

function postInput(input: PostInputArgs): EntryInput {
  const decoded: EntryInput = { ...input, categoryIds: localIdsOf(input.categoryIds, 'BlogCategory', 'input.categoryIds'), tagIds: localIdsOf(input.tagIds, 'BlogTag', 'input.tagIds') };
  if (input.authorId !== undefined) decoded.authorId = optionalLocalIdOf(input.authorId, 'User', 'input.authorId');
  if (input.categoryIds === undefined) delete decoded.categoryIds;
  if (input.tagIds === undefined) delete decoded.tagIds;
  return decoded;
}

type PostQueries = Array<{ obj: EntryView }>;

export function postsGraphQL(services: BlogServices): GraphQLExtension {
  const { editor, workflow, reader } = services;
  const id = (value: string, field = 'id') => localIdOf(value, 'BlogPost', field);
  return {
    typeDefs,
    resolvers: {
      Query: {
        blogPosts: (_: unknown, args: ListArgs, context: RequestContext, info: GraphQLResolveInfo) => listEntries(services, 'post', 'public', args, context, entrySelection(info, ['edges', 'node'])),
        blogAdminPosts: (_: unknown, args: ListArgs, context: RequestContext, info: GraphQLResolveInfo) => listEntries(services, 'post', 'admin', args, context, entrySelection(info, ['edges', 'node'])),
        blogPost: async (_: unknown, args: { slug: string; locale?: string | null }, context: RequestContext, info: GraphQLResolveInfo) => {
          const caller = callerOf(context);
          const choice = { ...localePreference(caller, args.locale), onlyPreferred: true };
          const row = await reader.entryBySlug(caller, 'post', checkText(args.slug, 'slug'), choice, entrySelection(info, []).relations);
          return row === null ? null : new EntryView(row, choice, 'public');
        },
      },
      Mutation: {
        blogCreatePost: async (_: unknown, args: { input: PostInputArgs }, context: RequestContext) => {
          const caller = callerOf(context);
          return adminEntry(services, caller, 'post', await editor.create(caller, 'post', postInput(args.input)));
        },
        blogUpdatePost: async (_: unknown, args: { id: string; input: PostInputArgs; expectedVersion?: number | null }, context: RequestContext) => {
          const caller = callerOf(context);
          return adminEntry(services, caller, 'post', await editor.update(caller, 'post', id(args.id), postInput(args.input), args.expectedVersion ?? null));
        },
        blogDeletePost: async (_: unknown, args: { id: string }, context: RequestContext) => {
          await editor.delete(callerOf(context), 'post', id(args.id));
          return args.id;
        },
        blogPublishPost: async (_: unknown, args: { id: string }, context: RequestContext) => {
          const caller = callerOf(context);
          await workflow.publish(caller, 'post', id(args.id));
          return adminEntry(services, caller, 'post', id(args.id));
        },
        blogSchedulePost: async (_: unknown, args: { id: string; publishAt: Date }, context: RequestContext) => {
          const caller = callerOf(context);
          await workflow.schedule(caller, 'post', id(args.id), args.publishAt);
          return adminEntry(services, caller, 'post', id(args.id));
        },
        blogUnpublishPost: async (_: unknown, args: { id: string }, context: RequestContext) => {
          const caller = callerOf(context);
          await workflow.unpublish(caller, 'post', id(args.id));
          return adminEntry(services, caller, 'post', id(args.id));
        },
        blogArchivePost: async (_: unknown, args: { id: string }, context: RequestContext) => {
          const caller = callerOf(context);
          await workflow.archive(caller, 'post', id(args.id));
          return adminEntry(services, caller, 'post', id(args.id));
        },
        blogRestorePostRevision: async (_: unknown, args: { revision: string }, context: RequestContext) => {
          const caller = callerOf(context);
          return adminEntry(services, caller, 'post', await editor.restore(caller, 'post', localIdOf(args.revision, 'BlogRevision', 'revision')));
        },
      },
    },
    loaders: {
      BlogPost: {
        ...entryLoaders(services),
        categories: (queries: PostQueries, context: RequestContext) =>
          prefetchedOr(queries, (q) => q.obj.row.categories, (q) => choiceKey(q.obj.choice), async (group) => {
            const choice = (group[0] as PostQueries[number]).obj.choice;
            const rows = await reader.categoriesOfEntries(callerOf(context), unique(group.map((q) => q.obj.row.id)), choice);
            const byEntry = groupBy(rows, (row) => row.entryId);
            return group.map((q) => byEntry.get(q.obj.row.id) ?? []);
          }).then((lists) => lists.map((list, i) => list.map((row) => new CategoryView(row, (queries[i] as PostQueries[number]).obj.choice)))),
        tags: (queries: PostQueries, context: RequestContext) =>
          prefetchedOr(queries, (q) => q.obj.row.tags, (q) => choiceKey(q.obj.choice), async (group) => {
            const choice = (group[0] as PostQueries[number]).obj.choice;
            const rows = await reader.tagsOfEntries(callerOf(context), unique(group.map((q) => q.obj.row.id)), choice);
            const byEntry = groupBy(rows, (row) => row.entryId);
            return group.map((q) => byEntry.get(q.obj.row.id) ?? []);
          }).then((lists) => lists.map((list, i) => list.map((row) => new TagView(row, (queries[i] as PostQueries[number]).obj.choice)))),
        commentCount: (queries: PostQueries, context: RequestContext) =>
          prefetchedOr(queries, (q) => q.obj.row.commentCount, () => '', async (group) => {
            const counts = await reader.approvedCommentCounts(callerOf(context), unique(group.map((q) => q.obj.row.id)));
            return group.map((q) => counts.get(q.obj.row.id) ?? 0);
          }),
      },
    },
    nodes: { BlogPost: entryNode(services, 'post') },
  };
}
