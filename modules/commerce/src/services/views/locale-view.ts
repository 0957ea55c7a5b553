/**
 * Which texts a read wants: the locale asked for, the tenant's default as
 * the fallback. Every view object carries it, so loaders of nested lists
 * answer in the same locale as the object they hang off.
 */
export interface LocaleView {
  wantedLocale: string;
  defaultLocale: string;
}

/** Per-locale strings as GraphQL lists them. */
export interface LocalizedText {
  locale: string;
  text: string;
}

export function localizedList(map: Readonly<Record<string, string>> | null | undefined): LocalizedText[] {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([locale, text]) => ({ locale, text }));
}
