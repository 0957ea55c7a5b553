import { type EventsFacade, type ModelsFacade, uuidv7 } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { searchConfigFor } from '../content/search-config';
import { firstFreeSlug, slugFromTitle } from '../content/slug';
import { changesBetween, type EntrySnapshot, type TranslationSnapshot } from '../content/snapshot';
import { BlogErrors, blogError, violatedUniqueConstraint } from '../errors';
import type { EntryKind, EntryRow } from '../models/entry';
import type { CategoryRepository } from '../repositories/categories';
import type { EntryWrites, TranslationWrite } from '../repositories/entry-writes';
import type { RevisionRepository } from '../repositories/revisions';
import type { TagRepository } from '../repositories/tags';
import type { Authors } from './authors';
import { can, userIdOf, type Caller } from './caller';
import type { EntryInput, EntryInputs, PreparedEntryInput, RenderedBody } from './entry-input';
import { mergeEntry, type MergedEntry } from './entry-merge';
import { assertMayChange, entryNotFound } from './ownership';

/** Builds a save's content once the entry (and its content before) is locked. */
type InputBuilder = (before: EntrySnapshot | null, transaction: Transaction) => Promise<PreparedEntryInput>;

export interface EditorDependencies {
  models: ModelsFacade;
  events: EventsFacade;
  inputs: EntryInputs;
  writes: EntryWrites;
  revisions: RevisionRepository;
  categories: CategoryRepository;
  tags: TagRepository;
  authors: Authors;
}

/**
 * Creating, editing, restoring and deleting posts and pages. Every save is
 * one transaction: the entry is locked, its content before is read from the
 * tables, the input is merged into it, slugs are chosen, references are
 * checked, the changed rows are written and a revision records who changed
 * what. Any refusal rolls all of it back. A save that changes nothing writes
 * nothing (no revision either).
 */
export class EntryEditor {
  constructor(private readonly deps: EditorDependencies) {}

  async create(caller: Caller, kind: EntryKind, input: EntryInput): Promise<string> {
    const prepared = this.deps.inputs.prepare(caller, input);
    await this.checkAuthor(caller, kind, prepared);
    return this.deps.models.transaction((t) => this.save(t, caller, kind, null, async () => prepared, {}));
  }

  async update(caller: Caller, kind: EntryKind, id: string, input: EntryInput, expectedVersion: number | null): Promise<string> {
    const prepared = this.deps.inputs.prepare(caller, input);
    await this.checkAuthor(caller, kind, prepared);
    return this.deps.models.transaction(async (t) => {
      const entry = await this.lockForChange(t, caller, kind, id, 'id');
      if (expectedVersion !== null && entry.version !== expectedVersion) {
        throw blogError(BlogErrors.VERSION_CONFLICT, `The ${kind} is at revision ${entry.version}, not ${expectedVersion}: someone saved it meanwhile.`, { field: 'expectedVersion', details: { version: entry.version }, fix: 'Reload it, reapply your change and save again.' });
      }
      return this.save(t, caller, kind, entry, async () => prepared, {});
    });
  }

  /**
   * Saves a revision's content again, as a new revision. Categories and tags
   * deleted since are left out, a parent page deleted (or now below this
   * page) makes it top-level, and the author changes back only for callers
   * who may assign authors.
   */
  async restore(caller: Caller, kind: EntryKind, revisionId: string): Promise<string> {
    return this.deps.models.transaction(async (t) => {
      const tenantId = caller.tenant.id;
      const [revision] = await this.deps.revisions.byIds(tenantId, [revisionId], t);
      if (revision === undefined || revision.kind !== kind) throw blogError(BlogErrors.REVISION_NOT_FOUND, `No such revision of a ${kind}.`, { field: 'revision' });
      const entry = await this.lockForChange(t, caller, kind, revision.entryId, 'revision');
      const snapshot = revision.snapshot;
      const build: InputBuilder = async (before) => {
        const categories = await this.deps.categories.existing(tenantId, snapshot.categoryIds, t);
        const tags = await this.deps.tags.existing(tenantId, snapshot.tagIds, t);
        const parentId = snapshot.parentId !== null && (await this.deps.writes.exists(tenantId, 'page', snapshot.parentId, t)) && !(await this.deps.writes.isSelfOrDescendant(tenantId, entry.id, snapshot.parentId, t)) ? snapshot.parentId : null;
        return {
          translations: Object.entries(snapshot.translations).map(([locale, translation]) => ({
            locale,
            field: `revision.translations.${locale}`,
            title: translation.title,
            slug: translation.slug,
            excerpt: translation.excerpt,
            seoTitle: translation.seoTitle,
            seoDescription: translation.seoDescription,
            ...(before?.translations[locale]?.body === translation.body ? {} : { body: this.deps.inputs.body(translation.body, `revision.translations.${locale}.body`) }),
          })),
          removeLocales: Object.keys(before?.translations ?? {}).filter((locale) => snapshot.translations[locale] === undefined),
          categoryIds: snapshot.categoryIds.filter((id) => categories.has(id)),
          tagIds: snapshot.tagIds.filter((id) => tags.has(id)),
          featuredMediaUrl: snapshot.featuredMediaUrl,
          commentsClosed: snapshot.commentsClosed,
          parentId,
          menuPosition: snapshot.menuPosition,
          ...(can(caller, `blog.${kind}.manage`) ? { authorId: snapshot.authorId } : {}),
        };
      };
      return this.save(t, caller, kind, entry, build, { restoredFrom: revision.number });
    });
  }

  async delete(caller: Caller, kind: EntryKind, id: string): Promise<void> {
    await this.deps.models.transaction(async (t) => {
      const tenantId = caller.tenant.id;
      const entry = await this.deps.writes.lock(tenantId, kind, id, t);
      if (entry === null) throw entryNotFound(kind, 'id');
      assertMayChange(caller, kind, entry, 'delete');
      if (kind === 'page' && (await this.deps.writes.hasChildren(tenantId, id, t))) {
        throw blogError(BlogErrors.HAS_CHILDREN, 'The page has child pages.', { field: 'id', fix: 'Move or delete its child pages first.' });
      }
      await this.deps.writes.delete(tenantId, id, t);
      await this.deps.events.emit(`blog.${kind}.deleted@1`, { tenantId, [`${kind}Id`]: id }, { transaction: t });
    });
  }

  private async lockForChange(t: Transaction, caller: Caller, kind: EntryKind, id: string, field: string): Promise<EntryRow> {
    const entry = await this.deps.writes.lock(caller.tenant.id, kind, id, t);
    if (entry === null) throw entryNotFound(kind, field);
    assertMayChange(caller, kind, entry, 'update');
    return entry;
  }

  /** Assigning an author other than yourself is for those who manage every entry; the author must be a user of the tenant. */
  private async checkAuthor(caller: Caller, kind: EntryKind, input: PreparedEntryInput): Promise<void> {
    if (input.authorId === undefined) return;
    if (!can(caller, `blog.${kind}.manage`)) {
      throw blogError(BlogErrors.AUTHOR_ASSIGNMENT_FORBIDDEN, `Only holders of blog.${kind}.manage choose a ${kind}'s author.`, { field: 'input.authorId' });
    }
    if (input.authorId !== null && !(await this.deps.authors.byIds(caller.tenant.id, [input.authorId])).has(input.authorId)) {
      throw blogError(BlogErrors.AUTHOR_UNKNOWN, 'The author is not a user of this tenant.', { field: 'input.authorId' });
    }
  }

  private async save(t: Transaction, caller: Caller, kind: EntryKind, entry: EntryRow | null, build: InputBuilder, options: { restoredFrom?: number }): Promise<string> {
    const tenantId = caller.tenant.id;
    const entryId = entry?.id ?? uuidv7();
    const before = entry === null ? null : await this.snapshotOf(tenantId, entry, t);
    const merged = mergeEntry(before, await build(before, t), { authorId: userIdOf(caller) });
    await this.resolveSlugs(t, tenantId, kind, entryId, merged);
    await this.checkReferences(t, tenantId, kind, entryId, before, merged.after);
    const changes = changesBetween(before, merged.after);
    if (entry !== null && changes.length === 0) return entryId;
    const { after } = merged;
    if (entry === null) {
      await this.deps.writes.insert({ id: entryId, kind, authorId: after.authorId, parentId: after.parentId, menuPosition: after.menuPosition, featuredMediaUrl: after.featuredMediaUrl, commentsClosed: after.commentsClosed }, t);
    }
    await this.writeTranslations(t, tenantId, kind, entryId, before, merged);
    if (JSON.stringify(before?.categoryIds ?? []) !== JSON.stringify(after.categoryIds)) await this.deps.writes.replaceLinks(tenantId, entryId, 'category', after.categoryIds, t);
    if (JSON.stringify(before?.tagIds ?? []) !== JSON.stringify(after.tagIds)) await this.deps.writes.replaceLinks(tenantId, entryId, 'tag', after.tagIds, t);
    const version = (entry?.version ?? 0) + 1;
    await this.deps.writes.update(tenantId, entryId, { authorId: after.authorId, parentId: after.parentId, menuPosition: after.menuPosition, featuredMediaUrl: after.featuredMediaUrl, commentsClosed: after.commentsClosed, version }, t);
    const actor = caller.actor;
    await this.deps.revisions.insert(
      { id: uuidv7(), entryId, number: version, actorKind: actor?.kind ?? null, actorId: actor?.id ?? null, changed: changes.map((change) => change.path), snapshot: after, restoredFrom: options.restoredFrom ?? null },
      t,
    );
    return entryId;
  }

  /** The entry's content as stored now; what a save is compared with. */
  private async snapshotOf(tenantId: string, entry: EntryRow, t: Transaction): Promise<EntrySnapshot> {
    const translations = await this.deps.writes.translationsOf(tenantId, [entry.id], t);
    const links = await this.deps.writes.linksOf(tenantId, entry.id, t);
    return {
      translations: Object.fromEntries(translations.map((row) => [row.locale, { slug: row.slug, title: row.title, excerpt: row.excerpt, body: row.body, seoTitle: row.seoTitle, seoDescription: row.seoDescription }])),
      ...links,
      featuredMediaUrl: entry.featuredMediaUrl,
      commentsClosed: entry.commentsClosed,
      parentId: entry.parentId,
      menuPosition: entry.menuPosition,
      authorId: entry.authorId,
    };
  }

  /**
   * Explicit slugs must be free in their locale (SLUG_TAKEN otherwise);
   * derived ones take the first free `slug`, `slug-2`, … Each slug family
   * is locked first, so concurrent saves choose one after another.
   */
  private async resolveSlugs(t: Transaction, tenantId: string, kind: EntryKind, entryId: string, merged: MergedEntry): Promise<void> {
    for (const work of merged.slugWork) {
      const base = work.mode === 'explicit' ? work.source : slugFromTitle(work.source, `${kind}-${entryId.slice(-12)}`);
      await this.deps.writes.lockSlugFamily(tenantId, kind, work.locale, base.replace(/-\d+$/, ''), t);
      const taken = await this.deps.writes.slugsLike(tenantId, kind, work.locale, base, entryId, t);
      if (work.mode === 'explicit' && taken.has(base)) {
        throw blogError(BlogErrors.SLUG_TAKEN, `Another ${kind} already uses the ${work.locale} slug "${base}".`, { field: `${work.field}.slug`, fix: 'Choose another slug, or leave it out to derive a free one from the title.' });
      }
      (merged.after.translations[work.locale] as { slug: string }).slug = work.mode === 'explicit' ? base : firstFreeSlug(base, taken);
    }
  }

  private async checkReferences(t: Transaction, tenantId: string, kind: EntryKind, entryId: string, before: EntrySnapshot | null, after: EntrySnapshot): Promise<void> {
    for (const [list, previous, repository, code, field] of [
      [after.categoryIds, before?.categoryIds ?? [], this.deps.categories, BlogErrors.CATEGORY_NOT_FOUND, 'input.categoryIds'],
      [after.tagIds, before?.tagIds ?? [], this.deps.tags, BlogErrors.TAG_NOT_FOUND, 'input.tagIds'],
    ] as const) {
      const added = list.filter((id) => !previous.includes(id));
      if (added.length === 0) continue;
      const existing = await repository.existing(tenantId, added, t);
      const missing = list.findIndex((id) => added.includes(id) && !existing.has(id));
      if (missing !== -1) throw blogError(code, `No such ${code === BlogErrors.CATEGORY_NOT_FOUND ? 'category' : 'tag'}.`, { field: `${field}.${missing}` });
    }
    if (kind === 'page' && after.parentId !== null && after.parentId !== (before?.parentId ?? null)) {
      const valid = (await this.deps.writes.exists(tenantId, 'page', after.parentId, t)) && !(await this.deps.writes.isSelfOrDescendant(tenantId, entryId, after.parentId, t));
      if (!valid) throw blogError(BlogErrors.PARENT_INVALID, 'The parent must be another page, and not one below this page.', { field: 'input.parentId' });
    }
  }

  private async writeTranslations(t: Transaction, tenantId: string, kind: EntryKind, entryId: string, before: EntrySnapshot | null, merged: MergedEntry): Promise<void> {
    const { after, rendered } = merged;
    const removed = Object.keys(before?.translations ?? {}).filter((locale) => after.translations[locale] === undefined);
    if (removed.length > 0) await this.deps.writes.deleteTranslationsExcept(tenantId, entryId, Object.keys(after.translations), t);
    const writes: TranslationWrite[] = [];
    for (const [locale, translation] of Object.entries(after.translations)) {
      const previous = before?.translations[locale];
      if (previous !== undefined && sameTranslation(previous, translation)) continue;
      // A new translation, or a changed body, needs its HTML; an unchanged body keeps the stored one.
      const body: RenderedBody | null = rendered.get(locale) ?? (previous === undefined || previous.body !== translation.body ? this.deps.inputs.body(translation.body, `input.translations.${locale}.body`) : null);
      writes.push({
        locale,
        ...translation,
        bodyHtml: body?.html ?? '',
        bodyText: body?.text ?? '',
        readingMinutes: body?.minutes ?? 0,
        searchConfig: searchConfigFor(locale),
      });
    }
    try {
      await this.deps.writes.upsertTranslations(tenantId, kind, entryId, writes, t);
    } catch (error) {
      // Slugs were checked under a lock; a violation here means a writer that did not take it (a bulk import).
      if (violatedUniqueConstraint(error) === 'entry_translations_slug_key') throw blogError(BlogErrors.SLUG_TAKEN, 'A slug was taken while saving.', { field: 'input.translations', fix: 'Save again.' });
      throw error;
    }
  }
}

function sameTranslation(a: TranslationSnapshot, b: TranslationSnapshot): boolean {
  return a.slug === b.slug && a.title === b.title && a.excerpt === b.excerpt && a.body === b.body && a.seoTitle === b.seoTitle && a.seoDescription === b.seoDescription;
}
