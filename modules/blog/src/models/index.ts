import type { ModelsFacade } from '@rustok/contracts';
import { defineComment } from './comment';
import { defineEntry } from './entry';
import { defineRevision } from './revision';

/**
 * The blog's Sequelize models: the rows it creates through a model (the
 * kernel stamps their tenant). Joins, upserts and keyset reads are SQL in
 * the repositories, on the same connection and row-level security.
 */
export function defineBlogModels(models: ModelsFacade) {
  return {
    Entry: defineEntry(models),
    Revision: defineRevision(models),
    Comment: defineComment(models),
  };
}

export type BlogModels = ReturnType<typeof defineBlogModels>;
