import { toGlobalId, type UserSummary } from '@rustok/contracts';
import { highlightHtml } from '../content/highlight';
import type { CommentRow } from '../models/comment';
import type { EntryKind } from '../models/entry';
import type { RevisionRow } from '../models/revision';
import type { TranslationRow } from '../models/translation';
import type { ShownCategory } from '../repositories/categories';
import type { ShownEntry, TranslationChoice } from '../repositories/entry-columns';
import type { ShownTag } from '../repositories/tags';

/**
 * What resolvers hand to GraphQL: objects whose properties are the schema's
 * fields, so the default resolver serves every scalar and only relations go
 * through loaders. Each view keeps what its loaders need (local id, the
 * locale choice it was read with, whether it came from a storefront or an
 * admin query) and a small `toJSON`: mercurius keys its loader cache by
 * serializing the parent object, and a post's body has no place in a key.
 */

/** Storefront views show published content only, down to their relations; admin views show everything. */
export type Audience = 'public' | 'admin';

const TYPE_OF: Record<EntryKind, 'BlogPost' | 'BlogPage'> = { post: 'BlogPost', page: 'BlogPage' };

export class EntryView {
  readonly __typename: 'BlogPost' | 'BlogPage';
  readonly id: string;
  readonly status: string;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly excerpt: string | null;
  readonly body: string | undefined;
  readonly bodyHtml: string | undefined;
  readonly seoTitle: string | null;
  readonly seoDescription: string | null;
  readonly readingTime: number;
  readonly featuredMediaUrl: string | null;
  readonly commentsClosed: boolean;
  readonly menuPosition: number;
  readonly publishedAt: Date | null;
  readonly scheduledFor: Date | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly highlight: string | null;

  constructor(
    readonly row: ShownEntry,
    readonly choice: TranslationChoice,
    readonly audience: Audience,
  ) {
    this.__typename = TYPE_OF[row.kind];
    this.id = toGlobalId(this.__typename, row.id);
    this.status = row.status.toUpperCase();
    this.locale = row.locale;
    this.slug = row.slug;
    this.title = row.title;
    this.excerpt = row.excerpt;
    this.body = row.body;
    this.bodyHtml = row.bodyHtml;
    this.seoTitle = row.seoTitle;
    this.seoDescription = row.seoDescription;
    this.readingTime = row.readingMinutes;
    this.featuredMediaUrl = row.featuredMediaUrl;
    this.commentsClosed = row.commentsClosed;
    this.menuPosition = row.menuPosition;
    this.publishedAt = row.publishedAt;
    this.scheduledFor = row.scheduledFor;
    this.version = row.version;
    this.createdAt = row.createdAt;
    this.updatedAt = row.updatedAt;
    this.highlight = row.highlight == null ? null : highlightHtml(row.highlight);
  }

  toJSON() {
    return { id: this.row.id, locale: this.choice.locale, fallback: this.choice.fallback, audience: this.audience };
  }
}

export function translationView(row: TranslationRow) {
  return { locale: row.locale, slug: row.slug, title: row.title, excerpt: row.excerpt, body: row.body, bodyHtml: row.bodyHtml, seoTitle: row.seoTitle, seoDescription: row.seoDescription, readingTime: row.readingMinutes };
}

export class CategoryView {
  readonly id: string;
  readonly parentId: string | null;
  readonly locale: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly position: number;

  constructor(
    readonly row: ShownCategory,
    readonly choice: TranslationChoice,
  ) {
    this.id = toGlobalId('BlogCategory', row.id);
    this.parentId = row.parentId === null ? null : toGlobalId('BlogCategory', row.parentId);
    this.locale = row.locale;
    this.slug = row.slug;
    this.name = row.name;
    this.description = row.description;
    this.position = row.position;
  }

  toJSON() {
    return { id: this.row.id, locale: this.choice.locale, fallback: this.choice.fallback };
  }
}

export class TagView {
  readonly id: string;
  readonly locale: string;
  readonly slug: string;
  readonly name: string;

  constructor(
    readonly row: ShownTag,
    readonly choice: TranslationChoice,
  ) {
    this.id = toGlobalId('BlogTag', row.id);
    this.locale = row.locale;
    this.slug = row.slug;
    this.name = row.name;
  }

  toJSON() {
    return { id: this.row.id, locale: this.choice.locale, fallback: this.choice.fallback };
  }
}

export class CommentView {
  readonly id: string;
  readonly status: string;
  readonly authorName: string;
  readonly body: string;
  readonly bodyHtml: string;
  readonly parentId: string | null;
  readonly createdAt: Date;
  readonly guestEmail: string | null;
  readonly ip: string;
  readonly userAgent: string | null;
  readonly moderatedAt: Date | null;

  constructor(
    readonly row: CommentRow,
    readonly choice: TranslationChoice,
    readonly audience: Audience,
  ) {
    this.id = toGlobalId('BlogComment', row.id);
    this.status = row.status.toUpperCase();
    this.authorName = row.authorName;
    this.body = row.body;
    this.bodyHtml = row.bodyHtml;
    this.parentId = row.parentId === null ? null : toGlobalId('BlogComment', row.parentId);
    this.createdAt = row.createdAt;
    this.guestEmail = row.guestEmail;
    this.ip = row.ip;
    this.userAgent = row.userAgent;
    this.moderatedAt = row.moderatedAt;
  }

  toJSON() {
    return { id: this.row.id, locale: this.choice.locale, fallback: this.choice.fallback, audience: this.audience };
  }
}

/** How an actor recorded as (kind, id) appears in the API: the global id of its User or ApiToken (core's types). */
function actorGlobalId(kind: string | null, id: string | null): string | null {
  if (kind === null || id === null) return null;
  if (kind === 'user') return toGlobalId('User', id);
  if (kind === 'api-token') return toGlobalId('ApiToken', id);
  return id;
}

export function revisionView(row: Omit<RevisionRow, 'snapshot'>) {
  return { id: toGlobalId('BlogRevision', row.id), number: row.number, actorKind: row.actorKind, actorId: actorGlobalId(row.actorKind, row.actorId), changed: row.changed, restoredFrom: row.restoredFrom, createdAt: row.createdAt };
}

/** A core user as a byline: the global id of their User and the name they chose. */
export function authorView(user: UserSummary) {
  return { id: toGlobalId('User', user.id), displayName: user.displayName };
}
