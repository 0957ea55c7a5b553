import { type LoaderFn, type RequestContext, isUuid } from '@rustok/contracts';
import { searchConfigFor } from '../content/search-config';
import { singleLine } from '../content/text';
import type { EntryKind } from '../models/entry';
import type { TranslationChoice } from '../repositories/entry-columns';
import type { EntryFilter } from '../repositories/entry-reads';
import type { BlogServices } from '../services';
import { can, callerOf, localePreference, type Caller } from '../services/caller';
import { byGroup, groupBy, unique } from './batch';
import { afterOf, Cursors, firstOf, toConnection } from './connection';
import { optionalLocalIdOf } from './ids';
import type { EntrySelection } from './lookahead';
import { authorView, EntryView, revisionView, translationView, type Audience } from './views';

/** SDL shared by posts and pages. */
export const entryTypeDefs = `
enum BlogEntryStatus {
  DRAFT
  SCHEDULED
  PUBLISHED
  ARCHIVED
}

"""Who wrote a post or page: a user of the tenant, as much as readers may see."""
type BlogAuthor {
  """The user's global id (type User)."""
  id: ID!
  """As the user set it; null when they never did."""
  displayName: String
}

"""One locale of a post or page."""
type BlogTranslation {
  locale: String!
  slug: String!
  title: String!
  excerpt: String
  """Markdown source."""
  body: String!
  """Sanitized HTML rendered from the Markdown: no script, no event handlers, no javascript: or data: URLs."""
  bodyHtml: String!
  seoTitle: String
  seoDescription: String
  """Minutes to read the body."""
  readingTime: Int!
}

"""A translation to add or change. Absent fields keep their value; null clears an optional one."""
input BlogTranslationInput {
  locale: String!
  """Required for a locale the entry does not have yet."""
  title: String
  """Lower-case words joined by hyphens. Omitted on a new translation, or null: derived from the title (Cyrillic is transliterated). Omitted on an existing one: kept."""
  slug: String
  excerpt: String
  """Markdown; raw HTML in it is shown as text."""
  body: String
  seoTitle: String
  seoDescription: String
}
`;

/** The SDL fields every post and page has (BlogPost and BlogPage list them, GraphQL has no mixins). */
export const entryFields = `
  id: ID!
  status: BlogEntryStatus!
  """Locale of the translation shown: the one asked for (locale argument, X-Locale, Accept-Language), else the tenant's default."""
  locale: String!
  slug: String!
  title: String!
  excerpt: String
  """Markdown source."""
  body: String!
  """Sanitized HTML rendered from the Markdown."""
  bodyHtml: String!
  seoTitle: String
  seoDescription: String
  """Minutes to read the body."""
  readingTime: Int!
  featuredMediaUrl: String
  publishedAt: DateTime
  """When a scheduled entry goes live."""
  scheduledFor: DateTime
  """Number of the latest revision; send it back as expectedVersion to refuse overwriting someone else's save."""
  version: Int!
  createdAt: DateTime!
  updatedAt: DateTime!
  """In search results: the best-matching passages, HTML-escaped, matches in <mark>."""
  highlight: String
  author: BlogAuthor
  """Every locale of the entry."""
  translations: [BlogTranslation!]!
`;

/** Arguments of the list fields, before validation. */
export interface ListArgs {
  first?: number | null;
  after?: string | null;
  locale?: string | null;
  filter?: { status?: string | null; category?: string | null; tag?: string | null; author?: string | null; search?: string | null } | null;
}

/** Longest search text: websearch syntax needs no essays. */
const SEARCH_MAX = 200;

/**
 * A list of posts or pages: the storefront's (published, newest first) or
 * the admin's (any status, newest created first), or search results (by
 * rank) when a search text is given.
 */
export async function listEntries(services: BlogServices, kind: EntryKind, audience: Audience, args: ListArgs, context: RequestContext, selection: EntrySelection) {
  const { withBody, relations } = selection;
  const caller = callerOf(context);
  const choice: TranslationChoice = { ...localePreference(caller, args.locale), onlyPreferred: audience === 'public' };
  const limit = firstOf(args.first);
  const filter: EntryFilter = {};
  const given = args.filter ?? {};
  if (given.status != null && audience === 'admin') filter.status = given.status.toLowerCase() as EntryFilter['status'];
  const author = optionalLocalIdOf(given.author, 'User', 'filter.author');
  if (author != null) filter.authorId = author;
  const category = singleLine(given.category, 'filter.category', 200);
  if (category !== null) filter.categorySlug = category;
  const tag = singleLine(given.tag, 'filter.tag', 200);
  if (tag !== null) filter.tagSlug = tag;
  const view = (row: ConstructorParameters<typeof EntryView>[0]) => new EntryView(row, choice, audience);
  const search = singleLine(given.search, 'filter.search', SEARCH_MAX);
  if (search !== null) {
    const after = afterOf(args.after, Cursors.ranked);
    const rows = await services.reader.search(caller, { kind, choice, filter, limit, withBody, relations, text: search, config: searchConfigFor(choice.locale), publishedOnly: audience === 'public', after });
    return toConnection(rows, limit, after !== null, view, (row) => ({ r: row.rank, p: row.publishedAt?.toISOString() ?? null, i: row.id }));
  }
  if (audience === 'public') {
    const after = afterOf(args.after, Cursors.published);
    const rows = await services.reader.listPublished(caller, { kind, choice, filter, limit, withBody, relations, after });
    return toConnection(rows, limit, after !== null, view, (row) => ({ p: (row.publishedAt as Date).toISOString(), i: row.id }));
  }
  const after = afterOf(args.after, Cursors.id);
  const rows = await services.reader.listAdmin(caller, { kind, choice, filter, limit, withBody, relations, after });
  return toConnection(rows, limit, after !== null, view, (row) => ({ i: row.id }));
}

/** An entry as an admin sees it after a mutation, in the caller's locale. */
export async function adminEntry(services: BlogServices, caller: Caller, kind: EntryKind, id: string): Promise<EntryView> {
  const choice: TranslationChoice = { ...localePreference(caller, null), onlyPreferred: false };
  const row = await services.reader.entry(caller, kind, id, choice, false);
  if (row === null) throw new Error(`${kind} ${id} vanished after its mutation`);
  return new EntryView(row, choice, 'admin');
}

/** `node(id:)`: published entries for everyone, any entry for those who may read drafts. */
export function entryNode(services: BlogServices, kind: EntryKind) {
  return async (localId: string, context: RequestContext): Promise<EntryView | null> => {
    if (!isUuid(localId)) return null;
    const caller = callerOf(context);
    const admin = can(caller, `blog.${kind}.read`);
    const choice: TranslationChoice = { ...localePreference(caller, null), onlyPreferred: !admin };
    const row = await services.reader.entry(caller, kind, localId, choice, !admin);
    return row === null ? null : new EntryView(row, choice, admin ? 'admin' : 'public');
  };
}

type EntryQueries = Array<{ obj: EntryView; params: Record<string, unknown> }>;

/** Loaders every post and page has: translations, author, revisions. */
export function entryLoaders(services: BlogServices): Record<string, LoaderFn> {
  const { reader } = services;
  return {
    translations: async (queries: EntryQueries, context: RequestContext) => {
      const rows = await reader.translations(callerOf(context), unique(queries.map((q) => q.obj.row.id)));
      const byEntry = groupBy(rows, (row) => row.entryId);
      return queries.map((q) => (byEntry.get(q.obj.row.id) ?? []).map(translationView));
    },
    author: async (queries: EntryQueries, context: RequestContext) => {
      const ids = unique(queries.map((q) => q.obj.row.authorId).filter((id): id is string => id !== null));
      const users = ids.length === 0 ? new Map() : await reader.authorsByIds(callerOf(context), ids);
      return queries.map((q) => {
        const user = q.obj.row.authorId === null ? undefined : users.get(q.obj.row.authorId);
        return user === undefined ? null : authorView(user);
      });
    },
    revisions: (queries: EntryQueries, context: RequestContext) =>
      byGroup(
        queries,
        (q) => JSON.stringify([q.params.first ?? null, q.params.after ?? null]),
        async (group) => {
          const params = group[0]?.params as { first?: number | null; after?: string | null };
          const limit = firstOf(params.first);
          const before = afterOf(params.after, Cursors.number);
          const rows = await reader.revisionsOf(callerOf(context), unique(group.map((q) => q.obj.row.id)), limit, before?.number ?? null);
          const byEntry = groupBy(rows, (row) => row.entryId);
          return group.map((q) => toConnection(byEntry.get(q.obj.row.id) ?? [], limit, before !== null, revisionView, (row) => ({ n: row.number })));
        },
      ),
  };
}
