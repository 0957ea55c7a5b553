import type { GraphQLExtension, RequestContext } from '@rustok/contracts';
import type { TranslationChoice } from '../repositories/entry-columns';
import type { BlogServices } from '../services';
import { callerOf, localePreference, type Caller } from '../services/caller';
import type { CategoryInput, NameInput, TagInput } from '../services/taxonomy';
import { byGroup, choiceKey, groupBy, unique } from './batch';
import { afterOf, connectionTypeDefs, Cursors, firstOf, toConnection } from './connection';
import { localIdOf, optionalLocalIdOf } from './ids';
import { CategoryView, TagView } from './views';

const typeDefs = `
"""A category of posts; categories form a tree."""
type BlogCategory {
  id: ID!
  """Locale of the name shown: the asked one, else the tenant's default, else any."""
  locale: String!
  slug: String!
  name: String!
  description: String
  """Order among its siblings."""
  position: Int!
  parentId: ID
  parent: BlogCategory
  children: [BlogCategory!]!
  translations: [BlogCategoryTranslation!]!
}

type BlogCategoryTranslation {
  locale: String!
  slug: String!
  name: String!
  description: String
}

"""A tag of posts."""
type BlogTag {
  id: ID!
  locale: String!
  slug: String!
  name: String!
  translations: [BlogTagTranslation!]!
}

type BlogTagTranslation {
  locale: String!
  slug: String!
  name: String!
}
${connectionTypeDefs('BlogTag')}
"""A name in one locale; without a slug one is derived from the name."""
input BlogCategoryTranslationInput {
  locale: String!
  name: String!
  slug: String
  description: String
}

input BlogTagTranslationInput {
  locale: String!
  name: String!
  slug: String
}

"""Translations, when given, replace all of the category's."""
input BlogCategoryInput {
  translations: [BlogCategoryTranslationInput!]
  parentId: ID
  position: Int
}

input BlogTagInput {
  translations: [BlogTagTranslationInput!]
}

extend type Query {
  """Every category, parents before children, each level by position."""
  blogCategories(locale: String): [BlogCategory!]!
  blogTags(first: Int = 50, after: String, locale: String): BlogTagConnection!
}

extend type Mutation {
  blogCreateCategory(input: BlogCategoryInput!): BlogCategory!
  blogUpdateCategory(id: ID!, input: BlogCategoryInput!): BlogCategory!
  """Refused while it has subcategories; its posts just lose it."""
  blogDeleteCategory(id: ID!): ID!
  blogCreateTag(input: BlogTagInput!): BlogTag!
  blogUpdateTag(id: ID!, input: BlogTagInput!): BlogTag!
  blogDeleteTag(id: ID!): ID!
}
`;

/** Tags are small: a tag cloud may take a few hundred at once. */
const MAX_TAGS = 500;

type CategoryQueries = Array<{ obj: CategoryView }>;
type TagQueries = Array<{ obj: TagView }>;

/** Parents before children, siblings by position: the order a menu is built in. */
function treeOrder<T extends { id: string; parentId: string | null }>(rows: readonly T[]): T[] {
  const children = groupBy(rows, (row) => row.parentId ?? '');
  const ordered: T[] = [];
  const visit = (parent: string) => {
    for (const row of children.get(parent) ?? []) {
      ordered.push(row);
      visit(row.id);
    }
  };
  visit('');
  return ordered;
}

export function taxonomyGraphQL(services: BlogServices): GraphQLExtension {
  const { reader, taxonomy } = services;
  const choiceOf = (caller: Caller, locale?: string | null): TranslationChoice => ({ ...localePreference(caller, locale), onlyPreferred: false });
  const category = async (caller: Caller, id: string) => {
    const choice = choiceOf(caller);
    const [row] = await reader.categories(caller, [id], choice);
    if (row === undefined) throw new Error(`category ${id} vanished after its mutation`);
    return new CategoryView(row, choice);
  };
  const tag = async (caller: Caller, id: string) => {
    const choice = choiceOf(caller);
    const [row] = await reader.tagsByIds(caller, [id], choice);
    if (row === undefined) throw new Error(`tag ${id} vanished after its mutation`);
    return new TagView(row, choice);
  };
  const categoryInput = (input: { translations?: NameInput[] | null; parentId?: string | null; position?: number | null }): CategoryInput => ({
    ...input,
    ...(input.parentId === undefined ? {} : { parentId: optionalLocalIdOf(input.parentId, 'BlogCategory', 'input.parentId') }),
  });
  return {
    typeDefs,
    resolvers: {
      Query: {
        blogCategories: async (_: unknown, args: { locale?: string | null }, context: RequestContext) => {
          const caller = callerOf(context);
          const choice = choiceOf(caller, args.locale);
          return treeOrder(await reader.allCategories(caller, choice)).map((row) => new CategoryView(row, choice));
        },
        blogTags: async (_: unknown, args: { first?: number | null; after?: string | null; locale?: string | null }, context: RequestContext) => {
          const caller = callerOf(context);
          const choice = choiceOf(caller, args.locale);
          const limit = firstOf(args.first, MAX_TAGS);
          const after = afterOf(args.after, Cursors.id);
          const rows = await reader.tags(caller, choice, limit, after?.id ?? null);
          return toConnection(rows, limit, after !== null, (row) => new TagView(row, choice), (row) => ({ i: row.id }));
        },
      },
      Mutation: {
        blogCreateCategory: async (_: unknown, args: { input: CategoryInput }, context: RequestContext) => {
          const caller = callerOf(context);
          return category(caller, await taxonomy.createCategory(caller, categoryInput(args.input)));
        },
        blogUpdateCategory: async (_: unknown, args: { id: string; input: CategoryInput }, context: RequestContext) => {
          const caller = callerOf(context);
          return category(caller, await taxonomy.updateCategory(caller, localIdOf(args.id, 'BlogCategory', 'id'), categoryInput(args.input)));
        },
        blogDeleteCategory: async (_: unknown, args: { id: string }, context: RequestContext) => {
          await taxonomy.deleteCategory(callerOf(context), localIdOf(args.id, 'BlogCategory', 'id'));
          return args.id;
        },
        blogCreateTag: async (_: unknown, args: { input: TagInput }, context: RequestContext) => {
          const caller = callerOf(context);
          return tag(caller, await taxonomy.createTag(caller, args.input));
        },
        blogUpdateTag: async (_: unknown, args: { id: string; input: TagInput }, context: RequestContext) => {
          const caller = callerOf(context);
          return tag(caller, await taxonomy.updateTag(caller, localIdOf(args.id, 'BlogTag', 'id'), args.input));
        },
        blogDeleteTag: async (_: unknown, args: { id: string }, context: RequestContext) => {
          await taxonomy.deleteTag(callerOf(context), localIdOf(args.id, 'BlogTag', 'id'));
          return args.id;
        },
      },
    },
    loaders: {
      BlogCategory: {
        parent: (queries: CategoryQueries, context: RequestContext) =>
          byGroup(queries, (q) => choiceKey(q.obj.choice), async (group) => {
            const choice = (group[0] as CategoryQueries[number]).obj.choice;
            const ids = unique(group.map((q) => q.obj.row.parentId).filter((id): id is string => id !== null));
            const rows = ids.length === 0 ? [] : await reader.categories(callerOf(context), ids, choice);
            const byId = new Map(rows.map((row) => [row.id, new CategoryView(row, choice)]));
            return group.map((q) => (q.obj.row.parentId === null ? null : (byId.get(q.obj.row.parentId) ?? null)));
          }),
        children: (queries: CategoryQueries, context: RequestContext) =>
          byGroup(queries, (q) => choiceKey(q.obj.choice), async (group) => {
            const choice = (group[0] as CategoryQueries[number]).obj.choice;
            const rows = await reader.categoryChildren(callerOf(context), unique(group.map((q) => q.obj.row.id)), choice);
            const byParent = groupBy(rows, (row) => row.parentId as string);
            return group.map((q) => (byParent.get(q.obj.row.id) ?? []).map((row) => new CategoryView(row, choice)));
          }),
        translations: async (queries: CategoryQueries, context: RequestContext) => {
          const byOwner = groupBy(await reader.categoryTranslations(callerOf(context), unique(queries.map((q) => q.obj.row.id))), (row) => row.ownerId);
          return queries.map((q) => byOwner.get(q.obj.row.id) ?? []);
        },
      },
      BlogTag: {
        translations: async (queries: TagQueries, context: RequestContext) => {
          const byOwner = groupBy(await reader.tagTranslations(callerOf(context), unique(queries.map((q) => q.obj.row.id))), (row) => row.ownerId);
          return queries.map((q) => byOwner.get(q.obj.row.id) ?? []);
        },
      },
    },
  };
}
