import { toGlobalId } from '@rustok/contracts';
import { labelIn, pickLocalized } from '../../domain/locales';
import type { MediaJson, OptionJson } from '../../repositories/read/product-parts';
import { localizedList, type LocaleView, type LocalizedText } from './locale-view';

export interface OptionValueView {
  id: string;
  value: string;
  position: number;
  translations: LocalizedText[];
}

export interface OptionView {
  id: string;
  name: string;
  position: number;
  translations: LocalizedText[];
  values: OptionValueView[];
}

/**
 * Option names and values are written in the tenant's default locale; other
 * locales are translations of them, shown when asked for.
 */
export function optionView(row: OptionJson, { wantedLocale, defaultLocale }: LocaleView): OptionView {
  const text = (map: Record<string, string>, base: string) => labelIn(map, wantedLocale, defaultLocale, base);
  return {
    id: toGlobalId('CommerceProductOption', row.id),
    name: text(row.translations, row.name),
    position: row.position,
    translations: localizedList(row.translations),
    values: row.values.map((value) => ({ id: toGlobalId('CommerceProductOptionValue', value.id), value: text(value.t, value.v), position: value.p, translations: localizedList(value.t) })),
  };
}

export interface MediaView {
  id: string;
  url: string;
  alt: string | null;
  position: number;
  altTranslations: LocalizedText[];
}

export function mediaView(row: MediaJson, { wantedLocale, defaultLocale }: LocaleView): MediaView {
  return { id: toGlobalId('CommerceMedia', row.id), url: row.url, alt: pickLocalized(row.alt, wantedLocale, defaultLocale)?.value ?? null, position: row.position, altTranslations: localizedList(row.alt) };
}
