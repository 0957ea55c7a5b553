import { toGlobalId } from '@rustok/contracts';
import { pickLocalized } from '../../domain/locales';
import type { CategoryJson, CategoryTexts } from '../../repositories/read/product-parts';
import type { LocaleView } from './locale-view';
import { withLoaderKey } from './loader-key';

export interface CategoryTranslationView extends CategoryTexts {
  locale: string;
}

export const PRELOADED_CHILDREN = Symbol('commerce.category.children');

export interface CategoryView extends LocaleView {
  id: string;
  localId: string;
  parentLocalId: string | null;
  handle: string;
  name: string;
  description: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  locale: string | null;
  position: number;
  translations: CategoryTranslationView[];
  createdAt: string;
  updatedAt: string;
  /**
   * Present when the whole tree was read at once: the children loader then
   * needs no statement. A symbol key, so the loader cache (which serializes
   * the parent object into its key) does not serialize the whole subtree.
   */
  [PRELOADED_CHILDREN]?: CategoryView[];
}

export function categoryView(row: CategoryJson, locales: LocaleView): CategoryView {
  const picked = pickLocalized(row.texts, locales.wantedLocale, locales.defaultLocale);
  return withLoaderKey({
    id: toGlobalId('CommerceCategory', row.id),
    localId: row.id,
    parentLocalId: row.parent_id,
    handle: row.handle,
    name: picked?.value.name ?? row.handle,
    description: picked?.value.description ?? null,
    seoTitle: picked?.value.seoTitle ?? null,
    seoDescription: picked?.value.seoDescription ?? null,
    locale: picked?.locale ?? null,
    position: row.position,
    translations: Object.entries(row.texts ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([locale, texts]) => ({ locale, ...texts })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    wantedLocale: locales.wantedLocale,
    defaultLocale: locales.defaultLocale,
  });
}

/** Arranges categories (any order) into a forest, siblings by position then handle. */
export function buildTree(all: CategoryView[]): CategoryView[] {
  const byParent = new Map<string | null, CategoryView[]>();
  for (const category of all) {
    const siblings = byParent.get(category.parentLocalId) ?? [];
    siblings.push(category);
    byParent.set(category.parentLocalId, siblings);
  }
  for (const category of all) category[PRELOADED_CHILDREN] = byParent.get(category.localId) ?? [];
  return byParent.get(null) ?? [];
}
