import type { Transaction } from 'sequelize';
import type { UserSummary } from '@rustok/contracts';
import type { EntryKind } from '../models/entry';
import type { CommentRow, CommentStatus } from '../models/comment';
import type { TranslationRow } from '../models/translation';
import type { CategoryRepository, ShownCategory } from '../repositories/categories';
import type { CommentRepository } from '../repositories/comments';
import type { ShownEntry, TranslationChoice } from '../repositories/entry-columns';
import { NO_RELATIONS, type RelationSelection } from '../repositories/entry-relations';
import type { AdminListQuery, EntryReads, PublishedListQuery, SearchQuery } from '../repositories/entry-reads';
import type { EntryWrites } from '../repositories/entry-writes';
import type { NameTranslation, NameTranslations } from '../repositories/name-translations';
import type { PageReads } from '../repositories/page-reads';
import type { ListedRevision, RevisionRepository } from '../repositories/revisions';
import type { ShownTag, TagRepository } from '../repositories/tags';
import type { Authors } from './authors';
import type { Caller } from './caller';

type Distribute<T> = T extends unknown ? Omit<T, 'tenantId'> : never;

export interface ReaderRepositories {
  entries: EntryReads;
  pages: PageReads;
  writes: EntryWrites;
  categories: CategoryRepository;
  categoryNames: NameTranslations;
  tags: TagRepository;
  tagNames: NameTranslations;
  revisions: RevisionRepository;
  comments: CommentRepository;
}

/**
 * Every read the API makes, each one prepared statement outside any
 * transaction (`ctx.models.query`): the pooled connection already carries
 * the request's tenant, so a read costs one round trip.
 */
export class Reader {
  constructor(
    private readonly repos: ReaderRepositories,
    private readonly authors: Authors,
  ) {}

  private run<T>(caller: Caller, work: (tenantId: string, t: null) => Promise<T>): Promise<T> {
    return work(caller.tenant.id, null);
  }

  listPublished(caller: Caller, query: Distribute<PublishedListQuery>): Promise<ShownEntry[]> {
    return this.run(caller, (tenantId, t) => this.repos.entries.listPublished({ ...query, tenantId }, t));
  }

  listAdmin(caller: Caller, query: Distribute<AdminListQuery>): Promise<ShownEntry[]> {
    return this.run(caller, (tenantId, t) => this.repos.entries.listAdmin({ ...query, tenantId }, t));
  }

  search(caller: Caller, query: Distribute<SearchQuery>): Promise<ShownEntry[]> {
    return this.run(caller, (tenantId, t) => this.repos.entries.search({ ...query, tenantId }, t));
  }

  entry(caller: Caller, kind: EntryKind, id: string, choice: TranslationChoice, publishedOnly: boolean, relations: RelationSelection = NO_RELATIONS): Promise<ShownEntry | null> {
    return this.run(caller, (tenantId, t) => this.repos.entries.findById(tenantId, kind, id, choice, publishedOnly, relations, t));
  }

  entries(caller: Caller, kind: EntryKind, ids: readonly string[], choice: TranslationChoice, publishedOnly: boolean): Promise<ShownEntry[]> {
    return this.run(caller, (tenantId, t) => this.repos.entries.findByIds(tenantId, kind, ids, choice, publishedOnly, t));
  }

  entryBySlug(caller: Caller, kind: EntryKind, slug: string, choice: TranslationChoice, relations: RelationSelection): Promise<ShownEntry | null> {
    return this.run(caller, (tenantId, t) => this.repos.entries.findPublishedBySlug(tenantId, kind, slug, choice, relations, t));
  }

  pageByPath(caller: Caller, segments: readonly string[], choice: TranslationChoice): Promise<ShownEntry | null> {
    return this.run(caller, (tenantId, t) => this.repos.pages.findPublishedByPath(tenantId, segments, choice, t));
  }

  pageChildren(caller: Caller, parentIds: ReadonlyArray<string | null>, choice: TranslationChoice, publishedOnly: boolean): Promise<ShownEntry[]> {
    return this.run(caller, (tenantId, t) => this.repos.pages.children(tenantId, parentIds, choice, publishedOnly, t));
  }

  pagePaths(caller: Caller, ids: readonly string[], choice: TranslationChoice): Promise<Map<string, string>> {
    return this.run(caller, (tenantId, t) => this.repos.pages.paths(tenantId, ids, choice, t));
  }

  translations(caller: Caller, entryIds: readonly string[]): Promise<TranslationRow[]> {
    return this.run(caller, (tenantId, t) => this.repos.writes.translationsOf(tenantId, entryIds, t));
  }

  categoriesOfEntries(caller: Caller, entryIds: readonly string[], choice: TranslationChoice): Promise<Array<ShownCategory & { entryId: string }>> {
    return this.run(caller, (tenantId, t) => this.repos.categories.ofEntries(tenantId, entryIds, choice.locale, choice.fallback, t));
  }

  tagsOfEntries(caller: Caller, entryIds: readonly string[], choice: TranslationChoice): Promise<Array<ShownTag & { entryId: string }>> {
    return this.run(caller, (tenantId, t) => this.repos.tags.ofEntries(tenantId, entryIds, choice.locale, choice.fallback, t));
  }

  approvedCommentCounts(caller: Caller, postIds: readonly string[]): Promise<Map<string, number>> {
    return this.run(caller, (tenantId, t) => this.repos.comments.approvedCounts(tenantId, postIds, t));
  }

  allCategories(caller: Caller, choice: TranslationChoice): Promise<ShownCategory[]> {
    return this.run(caller, (tenantId, t) => this.repos.categories.all(tenantId, choice.locale, choice.fallback, t));
  }

  categories(caller: Caller, ids: readonly string[], choice: TranslationChoice): Promise<ShownCategory[]> {
    return this.run(caller, (tenantId, t) => this.repos.categories.byIds(tenantId, ids, choice.locale, choice.fallback, t));
  }

  categoryChildren(caller: Caller, parentIds: readonly string[], choice: TranslationChoice): Promise<ShownCategory[]> {
    return this.run(caller, (tenantId, t) => this.repos.categories.childrenOf(tenantId, parentIds, choice.locale, choice.fallback, t));
  }

  categoryTranslations(caller: Caller, ids: readonly string[]): Promise<Array<NameTranslation & { ownerId: string }>> {
    return this.run(caller, (tenantId, t) => this.repos.categoryNames.of(tenantId, ids, t));
  }

  tags(caller: Caller, choice: TranslationChoice, limit: number, after: string | null): Promise<ShownTag[]> {
    return this.run(caller, (tenantId, t) => this.repos.tags.list(tenantId, choice.locale, choice.fallback, limit, after, t));
  }

  tagsByIds(caller: Caller, ids: readonly string[], choice: TranslationChoice): Promise<ShownTag[]> {
    return this.run(caller, (tenantId, t) => this.repos.tags.byIds(tenantId, ids, choice.locale, choice.fallback, t));
  }

  tagTranslations(caller: Caller, ids: readonly string[]): Promise<Array<NameTranslation & { ownerId: string }>> {
    return this.run(caller, (tenantId, t) => this.repos.tagNames.of(tenantId, ids, t));
  }

  revisionsOf(caller: Caller, entryIds: readonly string[], limit: number, before: number | null): Promise<ListedRevision[]> {
    return this.run(caller, (tenantId, t) => this.repos.revisions.pageOf(tenantId, entryIds, limit, before, t));
  }

  topLevelComments(caller: Caller, postId: string, statuses: readonly CommentStatus[], limit: number, after: string | null): Promise<CommentRow[]> {
    return this.run(caller, (tenantId, t) => this.repos.comments.topLevel(tenantId, postId, statuses, limit, after, t));
  }

  replies(caller: Caller, parentIds: readonly string[], statuses: readonly CommentStatus[]): Promise<CommentRow[]> {
    return this.run(caller, (tenantId, t) => this.repos.comments.replies(tenantId, parentIds, statuses, t));
  }

  moderationQueue(caller: Caller, status: CommentStatus, postId: string | null, limit: number, before: string | null): Promise<CommentRow[]> {
    return this.run(caller, (tenantId, t) => this.repos.comments.queue(tenantId, status, postId, limit, before, t));
  }

  /** Authors through core (its own transaction), outside the shared one. */
  authorsByIds(caller: Caller, ids: readonly string[]): Promise<Map<string, UserSummary>> {
    return this.authors.byIds(caller.tenant.id, ids);
  }
}
