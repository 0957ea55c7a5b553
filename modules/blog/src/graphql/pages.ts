import type { GraphQLExtension, RequestContext } from '@rustok/contracts';
import type { GraphQLResolveInfo } from 'graphql';
import { checkText } from '../content/text';
import { BlogErrors, blogError } from '../errors';
import type { TranslationChoice } from '../repositories/entry-columns';
import type { BlogServices } from '../services';
import { callerOf, localePreference } from '../services/caller';
import type { EntryInput } from '../services/entry-input';
import { byGroup, choiceKey, groupBy, unique } from './batch';
import { connectionTypeDefs } from './connection';
import { adminEntry, entryFields, entryLoaders, entryNode, listEntries, type ListArgs } from './entries';
import { localIdOf, optionalLocalIdOf } from './ids';
import { entrySelection } from './lookahead';
import { EntryView } from './views';

const typeDefs = `
"""A page: site content outside the post stream, nested in a menu tree."""
type BlogPage implements Node {
${entryFields}
  """Order among its siblings."""
  menuPosition: Int!
  """Slugs from the top level down to this page, joined by "/": what blogPage(path:) takes."""
  path: String!
  parent: BlogPage
  """In menu order; the storefront sees published ones only."""
  children: [BlogPage!]!
  """Newest first. Requires blog.page.read."""
  revisions(first: Int = 20, after: String): BlogRevisionConnection
}
${connectionTypeDefs('BlogPage')}
input BlogAdminPageFilter {
  status: BlogEntryStatus
  author: ID
  search: String
}

input BlogPageInput {
  translations: [BlogTranslationInput!]
  removeLocales: [String!]
  featuredMediaUrl: String
  """Another page; null makes it top-level."""
  parentId: ID
  menuPosition: Int
  """Only holders of blog.page.manage choose the author."""
  authorId: ID
}

extend type Query {
  """Published pages under parent (top-level ones without it), in menu order."""
  blogPages(parent: ID, locale: String): [BlogPage!]!
  """A published page by its path, e.g. "about/team"."""
  blogPage(path: String!, locale: String): BlogPage
  """Pages in any status, newest first. Requires blog.page.read."""
  blogAdminPages(first: Int = 20, after: String, filter: BlogAdminPageFilter, locale: String): BlogPageConnection!
}

extend type Mutation {
  blogCreatePage(input: BlogPageInput!): BlogPage!
  blogUpdatePage(id: ID!, input: BlogPageInput!, expectedVersion: Int): BlogPage!
  """Refused while the page has child pages."""
  blogDeletePage(id: ID!): ID!
  blogPublishPage(id: ID!): BlogPage!
  blogSchedulePage(id: ID!, publishAt: DateTime!): BlogPage!
  blogUnpublishPage(id: ID!): BlogPage!
  blogArchivePage(id: ID!): BlogPage!
  blogRestorePageRevision(revision: ID!): BlogPage!
}
`;

interface PageInputArgs {
  translations?: EntryInput['translations'];
  removeLocales?: string[] | null;
  featuredMediaUrl?: string | null;
  parentId?: string | null;
  menuPosition?: number | null;
  authorId?: string | null;
}

function pageInput(input: PageInputArgs): EntryInput {
  const decoded: EntryInput = { ...input };
  if (input.parentId !== undefined) decoded.parentId = optionalLocalIdOf(input.parentId, 'BlogPage', 'input.parentId');
  if (input.authorId !== undefined) decoded.authorId = optionalLocalIdOf(input.authorId, 'User', 'input.authorId');
  return decoded;
}

/** Longest path a storefront may ask for, in segments; deeper menus are not a site anyone navigates. */
const MAX_PATH_SEGMENTS = 32;

type PageQueries = Array<{ obj: EntryView }>;

export function pagesGraphQL(services: BlogServices): GraphQLExtension {
  const { editor, workflow, reader } = services;
  const id = (value: string, field = 'id') => localIdOf(value, 'BlogPage', field);
  const transition = (run: (caller: ReturnType<typeof callerOf>, pageId: string) => Promise<void>) => async (_: unknown, args: { id: string }, context: RequestContext) => {
    const caller = callerOf(context);
    await run(caller, id(args.id));
    return adminEntry(services, caller, 'page', id(args.id));
  };
  return {
    typeDefs,
    resolvers: {
      Query: {
        blogPages: async (_: unknown, args: { parent?: string | null; locale?: string | null }, context: RequestContext) => {
          const caller = callerOf(context);
          const choice: TranslationChoice = { ...localePreference(caller, args.locale), onlyPreferred: true };
          const rows = await reader.pageChildren(caller, [optionalLocalIdOf(args.parent, 'BlogPage', 'parent') ?? null], choice, true);
          return rows.map((row) => new EntryView(row, choice, 'public'));
        },
        blogPage: async (_: unknown, args: { path: string; locale?: string | null }, context: RequestContext) => {
          const caller = callerOf(context);
          const choice: TranslationChoice = { ...localePreference(caller, args.locale), onlyPreferred: true };
          const segments = checkText(args.path, 'path').split('/').filter((segment) => segment.length > 0);
          if (segments.length === 0) return null;
          if (segments.length > MAX_PATH_SEGMENTS) throw blogError(BlogErrors.TEXT_TOO_LONG, `A path has at most ${MAX_PATH_SEGMENTS} segments.`, { field: 'path' });
          const row = await reader.pageByPath(caller, segments, choice);
          return row === null ? null : new EntryView(row, choice, 'public');
        },
        blogAdminPages: (_: unknown, args: ListArgs, context: RequestContext, info: GraphQLResolveInfo) =>
          listEntries(services, 'page', 'admin', args, context, entrySelection(info, ['edges', 'node'])),
      },
      Mutation: {
        blogCreatePage: async (_: unknown, args: { input: PageInputArgs }, context: RequestContext) => {
          const caller = callerOf(context);
          return adminEntry(services, caller, 'page', await editor.create(caller, 'page', pageInput(args.input)));
        },
        blogUpdatePage: async (_: unknown, args: { id: string; input: PageInputArgs; expectedVersion?: number | null }, context: RequestContext) => {
          const caller = callerOf(context);
          return adminEntry(services, caller, 'page', await editor.update(caller, 'page', id(args.id), pageInput(args.input), args.expectedVersion ?? null));
        },
        blogDeletePage: async (_: unknown, args: { id: string }, context: RequestContext) => {
          await editor.delete(callerOf(context), 'page', id(args.id));
          return args.id;
        },
        blogPublishPage: transition((caller, pageId) => workflow.publish(caller, 'page', pageId)),
        blogSchedulePage: async (_: unknown, args: { id: string; publishAt: Date }, context: RequestContext) => {
          const caller = callerOf(context);
          await workflow.schedule(caller, 'page', id(args.id), args.publishAt);
          return adminEntry(services, caller, 'page', id(args.id));
        },
        blogUnpublishPage: transition((caller, pageId) => workflow.unpublish(caller, 'page', pageId)),
        blogArchivePage: transition((caller, pageId) => workflow.archive(caller, 'page', pageId)),
        blogRestorePageRevision: async (_: unknown, args: { revision: string }, context: RequestContext) => {
          const caller = callerOf(context);
          return adminEntry(services, caller, 'page', await editor.restore(caller, 'page', localIdOf(args.revision, 'BlogRevision', 'revision')));
        },
      },
    },
    loaders: {
      BlogPage: {
        ...entryLoaders(services),
        path: (queries: PageQueries, context: RequestContext) =>
          byGroup(queries, (q) => choiceKey(q.obj.choice), async (group) => {
            const paths = await reader.pagePaths(callerOf(context), unique(group.map((q) => q.obj.row.id)), (group[0] as PageQueries[number]).obj.choice);
            return group.map((q) => paths.get(q.obj.row.id) ?? q.obj.slug);
          }),
        parent: (queries: PageQueries, context: RequestContext) =>
          byGroup(queries, (q) => `${choiceKey(q.obj.choice)}|${q.obj.audience}`, async (group) => {
            const { choice, audience } = (group[0] as PageQueries[number]).obj;
            const parentIds = unique(group.map((q) => q.obj.row.parentId).filter((parentId): parentId is string => parentId !== null));
            const rows = parentIds.length === 0 ? [] : await reader.entries(callerOf(context), 'page', parentIds, choice, audience === 'public');
            const byId = new Map(rows.map((row) => [row.id, new EntryView(row, choice, audience)]));
            return group.map((q) => (q.obj.row.parentId === null ? null : (byId.get(q.obj.row.parentId) ?? null)));
          }),
        children: (queries: PageQueries, context: RequestContext) =>
          byGroup(queries, (q) => `${choiceKey(q.obj.choice)}|${q.obj.audience}`, async (group) => {
            const { choice, audience } = (group[0] as PageQueries[number]).obj;
            const rows = await reader.pageChildren(callerOf(context), unique(group.map((q) => q.obj.row.id)), choice, audience === 'public');
            const byParent = groupBy(rows, (row) => row.parentId as string);
            return group.map((q) => (byParent.get(q.obj.row.id) ?? []).map((row) => new EntryView(row, choice, audience)));
          }),
      },
    },
    nodes: { BlogPage: entryNode(services, 'page') },
  };
}
