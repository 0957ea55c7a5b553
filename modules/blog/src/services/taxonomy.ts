import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { LIMITS } from '../content/limits';
import { firstFreeSlug, slugFromTitle } from '../content/slug';
import { multiLine, singleLine } from '../content/text';
import { BlogErrors, blogError, violatedUniqueConstraint } from '../errors';
import type { CategoryRepository } from '../repositories/categories';
import type { NameTranslation, NameTranslations } from '../repositories/name-translations';
import type { TagRepository } from '../repositories/tags';
import { checkLocale, type Caller } from './caller';
import { checkSlug, position } from './entry-input';

/** A category's or tag's name in one locale, as a mutation sends it. */
export interface NameInput {
  locale: string;
  name: string;
  slug?: string | null;
  description?: string | null;
}

export interface CategoryInput {
  translations?: NameInput[] | null;
  parentId?: string | null;
  position?: number | null;
}

export interface TagInput {
  translations?: NameInput[] | null;
}

/**
 * Categories (a tree) and tags (flat). A mutation that gives translations
 * gives all of them: the names are short, and replacing the set keeps the
 * API simple. Slugs are derived from names unless given; a given slug that
 * is taken in its locale is SLUG_TAKEN.
 */
export class Taxonomy {
  constructor(
    private readonly models: ModelsFacade,
    private readonly categories: CategoryRepository,
    private readonly categoryNames: NameTranslations,
    private readonly tags: TagRepository,
    private readonly tagNames: NameTranslations,
  ) {}

  createCategory(caller: Caller, input: CategoryInput): Promise<string> {
    const names = this.names(caller, input.translations, true, LIMITS.categoryName);
    const at = position(input.position ?? 0, 'input.position');
    return this.write(async (t) => {
      const id = uuidv7();
      const parentId = input.parentId ?? null;
      if (parentId !== null && (await this.categories.existing(caller.tenant.id, [parentId], t)).size === 0) throw parentInvalid();
      await this.categories.insert(caller.tenant.id, { id, parentId, position: at }, t);
      await this.saveNames(this.categoryNames, caller.tenant.id, id, names, t);
      return id;
    });
  }

  updateCategory(caller: Caller, id: string, input: CategoryInput): Promise<string> {
    const names = input.translations == null ? null : this.names(caller, input.translations, true, LIMITS.categoryName);
    return this.write(async (t) => {
      const tenantId = caller.tenant.id;
      const current = await this.categories.lock(tenantId, id, t);
      if (current === null) throw blogError(BlogErrors.CATEGORY_NOT_FOUND, 'No such category.', { field: 'id' });
      const parentId = input.parentId !== undefined ? input.parentId : current.parentId;
      if (parentId !== null && parentId !== current.parentId) {
        const exists = (await this.categories.existing(tenantId, [parentId], t)).size > 0;
        if (!exists || (await this.categories.isSelfOrDescendant(tenantId, id, parentId, t))) throw parentInvalid();
      }
      await this.categories.update(tenantId, id, { parentId, position: input.position == null ? current.position : position(input.position, 'input.position') }, t);
      if (names !== null) await this.saveNames(this.categoryNames, tenantId, id, names, t);
      return id;
    });
  }

  /** Deletes a category without subcategories; its posts just lose it. */
  deleteCategory(caller: Caller, id: string): Promise<void> {
    return this.write(async (t) => {
      const tenantId = caller.tenant.id;
      if ((await this.categories.lock(tenantId, id, t)) === null) throw blogError(BlogErrors.CATEGORY_NOT_FOUND, 'No such category.', { field: 'id' });
      if (await this.categories.hasChildren(tenantId, id, t)) throw blogError(BlogErrors.HAS_CHILDREN, 'The category has subcategories.', { field: 'id', fix: 'Move or delete its subcategories first.' });
      await this.categories.delete(tenantId, id, t);
    });
  }

  createTag(caller: Caller, input: TagInput): Promise<string> {
    const names = this.names(caller, input.translations, false, LIMITS.tagName);
    return this.write(async (t) => {
      const id = uuidv7();
      await this.tags.insert(caller.tenant.id, id, t);
      await this.saveNames(this.tagNames, caller.tenant.id, id, names, t);
      return id;
    });
  }

  updateTag(caller: Caller, id: string, input: TagInput): Promise<string> {
    const names = input.translations == null ? null : this.names(caller, input.translations, false, LIMITS.tagName);
    return this.write(async (t) => {
      if (!(await this.tags.touch(caller.tenant.id, id, t))) throw blogError(BlogErrors.TAG_NOT_FOUND, 'No such tag.', { field: 'id' });
      if (names !== null) await this.saveNames(this.tagNames, caller.tenant.id, id, names, t);
      return id;
    });
  }

  deleteTag(caller: Caller, id: string): Promise<void> {
    return this.write(async (t) => {
      if (!(await this.tags.delete(caller.tenant.id, id, t))) throw blogError(BlogErrors.TAG_NOT_FOUND, 'No such tag.', { field: 'id' });
    });
  }

  private async write<T>(work: (t: Transaction) => Promise<T>): Promise<T> {
    try {
      return await this.models.transaction(work);
    } catch (error) {
      // Derived slugs are chosen free; this is a given slug, or a race with another save of the same name.
      if (/_translations_slug_key$/.test(violatedUniqueConstraint(error) ?? '')) throw blogError(BlogErrors.SLUG_TAKEN, 'A slug is already used in its locale.', { field: 'input.translations' });
      throw error;
    }
  }

  private names(caller: Caller, translations: NameInput[] | null | undefined, withDescription: boolean, maxName: number): NameTranslationDraft[] {
    if (translations == null || translations.length === 0) throw blogError(BlogErrors.TRANSLATION_REQUIRED, 'Give the name in at least one locale.', { field: 'input.translations' });
    const seen = new Set<string>();
    return translations.map((given, index) => {
      const field = `input.translations.${index}`;
      const locale = checkLocale(caller, given.locale, `${field}.locale`);
      if (seen.has(locale)) throw blogError(BlogErrors.LOCALE_DUPLICATED, `Locale "${locale}" is given twice.`, { field: `${field}.locale` });
      seen.add(locale);
      const name = singleLine(given.name, `${field}.name`, maxName);
      if (name === null) throw blogError(BlogErrors.NAME_INVALID, 'A name must not be empty.', { field: `${field}.name` });
      return {
        locale,
        name,
        field,
        slug: given.slug == null ? null : checkSlug(given.slug, `${field}.slug`),
        description: withDescription ? multiLine(given.description, `${field}.description`, LIMITS.categoryDescription) : null,
      };
    });
  }

  /** Given slugs must be free; missing ones are derived from the name, suffixed until free. */
  private async saveNames(table: NameTranslations, tenantId: string, ownerId: string, drafts: readonly NameTranslationDraft[], t: Transaction): Promise<void> {
    const translations: NameTranslation[] = [];
    for (const draft of drafts) {
      const base = draft.slug ?? slugFromTitle(draft.name, `n-${ownerId.slice(-12)}`);
      const taken = await table.slugsLike(tenantId, draft.locale, base, ownerId, t);
      if (draft.slug !== null && taken.has(base)) throw blogError(BlogErrors.SLUG_TAKEN, `The ${draft.locale} slug "${base}" is taken.`, { field: `${draft.field}.slug` });
      translations.push({ locale: draft.locale, slug: firstFreeSlug(base, taken), name: draft.name, description: draft.description });
    }
    await table.replace(tenantId, ownerId, translations, t);
  }
}

interface NameTranslationDraft {
  locale: string;
  name: string;
  field: string;
  /** Given slug; null derives one from the name. */
  slug: string | null;
  description: string | null;
}

function parentInvalid() {
  return blogError(BlogErrors.PARENT_INVALID, 'The parent must be another category, and not one below this one.', { field: 'input.parentId' });
}
