/**
 * PostgreSQL text search configuration per language (primary subtag of the
 * locale): stemming and stop words that fit it, so "running" finds "runs" in
 * English and "книги" finds "книга" in Russian. Languages PostgreSQL has no
 * configuration for are indexed with `simple` (no stemming, still searchable).
 */
const CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish',
  fr: 'french', de: 'german', el: 'greek', hi: 'hindi', hu: 'hungarian', id: 'indonesian', ga: 'irish', it: 'italian',
  lt: 'lithuanian', ne: 'nepali', no: 'norwegian', nb: 'norwegian', nn: 'norwegian', pt: 'portuguese', ro: 'romanian',
  ru: 'russian', sr: 'serbian', es: 'spanish', sv: 'swedish', ta: 'tamil', tr: 'turkish', yi: 'yiddish',
};

export function searchConfigFor(locale: string): string {
  return CONFIGS[locale.split('-')[0]?.toLowerCase() ?? ''] ?? 'simple';
}
