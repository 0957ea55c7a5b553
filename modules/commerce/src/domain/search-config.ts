/**
 * Longest search text accepted; longer input is a mistake or an attack on
 * the query parser. (How texts are indexed per language is in migration
 * 0005; how a search is run, in ProductQuery.hits.)
 */
export const MAX_SEARCH_LENGTH = 200;
