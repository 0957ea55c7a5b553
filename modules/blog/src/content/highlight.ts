import { escapeHtml } from './text';

/**
 * ts_headline marks matches with these: control characters the blog refuses
 * in every text it stores, so they cannot come from content. The snippet is
 * then HTML-escaped and only the marks become markup.
 */
export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

export const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "`;

/** A ts_headline result as safe HTML: text escaped, matches in <mark>. */
export function highlightHtml(headline: string): string {
  return escapeHtml(headline).replaceAll(MATCH_START, '<mark>').replaceAll(MATCH_END, '</mark>');
}
