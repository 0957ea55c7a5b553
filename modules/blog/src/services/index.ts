import { CORE_DIRECTORY, type ModuleContext } from '@rustok/contracts';
import type { BlogConfig } from '../config';
import type { BlogModels } from '../models';
import { CategoryRepository } from '../repositories/categories';
import { CommentRateRepository } from '../repositories/comment-rate';
import { CommentRepository } from '../repositories/comments';
import { EntryReads } from '../repositories/entry-reads';
import { EntryWrites } from '../repositories/entry-writes';
import { CATEGORY_NAMES, NameTranslations, TAG_NAMES } from '../repositories/name-translations';
import { PageReads } from '../repositories/page-reads';
import { RevisionRepository } from '../repositories/revisions';
import { Sql } from '../repositories/sql';
import { TagRepository } from '../repositories/tags';
import { Authors } from './authors';
import { Comments } from './comments';
import { EntryEditor } from './entry-editor';
import { EntryInputs } from './entry-input';
import { Reader } from './reader';
import { Revisions } from './revisions';
import { Taxonomy } from './taxonomy';
import { Workflow } from './workflow';

/** Builds the blog's object graph: repositories over the models' connection, services over the repositories. */
export function createBlogServices(ctx: ModuleContext<BlogConfig>, models: BlogModels) {
  const { config } = ctx;
  const sql = new Sql(ctx.models.query);
  const writes = new EntryWrites(sql, models.Entry);
  const categories = new CategoryRepository(sql);
  const categoryNames = new NameTranslations(sql, CATEGORY_NAMES);
  const tags = new TagRepository(sql);
  const tagNames = new NameTranslations(sql, TAG_NAMES);
  const revisions = new RevisionRepository(sql, models.Revision);
  const comments = new CommentRepository(sql, models.Comment);
  // Core registers first (blog requires it), so its directory is there by the time anything asks.
  const authors = new Authors(() => ctx.services.get(CORE_DIRECTORY), config.authorCacheSeconds * 1000);
  const inputs = new EntryInputs({ maxBodyBytes: config.maxBodyBytes, wordsPerMinute: config.wordsPerMinute });

  return {
    reader: new Reader({ entries: new EntryReads(sql), pages: new PageReads(sql), writes, categories, categoryNames, tags, tagNames, revisions, comments }, authors),
    editor: new EntryEditor({ models: ctx.models, events: ctx.events, inputs, writes, revisions, categories, tags, authors }),
    workflow: new Workflow(ctx.models, ctx.tenancy, ctx.events, writes),
    taxonomy: new Taxonomy(ctx.models, categories, categoryNames, tags, tagNames),
    revisions: new Revisions(revisions),
    comments: new Comments(ctx.models, ctx.events, comments, new CommentRateRepository(sql), writes, authors, config.comments),
  };
}

export type BlogServices = ReturnType<typeof createBlogServices>;
