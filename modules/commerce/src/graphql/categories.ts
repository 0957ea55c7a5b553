import { toGlobalId, type GraphQLExtension, type RequestContext, isUuid } from '@rustok/contracts';
import type { GraphQLResolveInfo } from 'graphql';
import { localIdOf } from '../domain/global-ids';
import type { CommerceServices } from '../services';
import type { CreateCategoryInput, UpdateCategoryInput } from '../services/inputs/shapes';
import type { CategoryView } from '../services/views/category-view';
import { selectedParts } from './lookahead';
import { productListArgs, type ProductConnectionArgs } from './product-args';
import { readScope, tenantOf, writeContext } from './request';

const typeDefs = `
"""A node of the tenant's category tree; products belong to any number of categories."""
type CommerceCategory implements Node {
  id: ID!
  handle: String!
  name: String!
  description: String
  seoTitle: String
  seoDescription: String
  """The locale the texts are in: the one asked for, else the tenant's default."""
  locale: String
  """Order among its siblings."""
  position: Int!
  translations: [CommerceCategoryTranslation!]!
  parent: CommerceCategory
  children: [CommerceCategory!]!
  """From the root down to the parent (breadcrumbs)."""
  ancestors: [CommerceCategory!]!
  """Active, published products in this category or below it."""
  products(first: Int = 20, after: String, filter: CommerceProductFilter, sort: CommerceProductSort): CommerceProductConnection!
  createdAt: DateTime!
  updatedAt: DateTime!
}

type CommerceCategoryTranslation {
  locale: String!
  name: String!
  description: String
  seoTitle: String
  seoDescription: String
}

input CommerceCategoryTranslationInput {
  locale: String!
  name: String!
  description: String
  seoTitle: String
  seoDescription: String
}

input CommerceCreateCategoryInput {
  """Derived from the default locale's name when left out."""
  handle: String
  parentId: ID
  """Default: after its last sibling."""
  position: Int
  """Must include the tenant's default locale."""
  translations: [CommerceCategoryTranslationInput!]!
}

input CommerceUpdateCategoryInput {
  handle: String
  position: Int
  """Upserted per locale."""
  translations: [CommerceCategoryTranslationInput!]
}

extend type Query {
  """The category tree: top-level categories, each with its children (read in one statement)."""
  commerceCategories(locale: String): [CommerceCategory!]!
  commerceCategory(id: ID, handle: String, locale: String): CommerceCategory
}

extend type Mutation {
  commerceCreateCategory(input: CommerceCreateCategoryInput!): CommerceCategory!
  commerceUpdateCategory(id: ID!, input: CommerceUpdateCategoryInput!): CommerceCategory!
  """Moves a category and its subtree under parentId (null: to the top); refused if parentId is inside the subtree."""
  commerceMoveCategory(id: ID!, parentId: ID, position: Int): CommerceCategory!
  """Deletes a category without subcategories; its products stay, without it."""
  commerceDeleteCategory(id: ID!): ID!
}
`;

export function categoriesGraphQL(services: CommerceServices): GraphQLExtension {
  const { reader } = services;
  const categoryId = (raw: string, field: string) => localIdOf(raw, 'CommerceCategory', field);
  const written = async (context: RequestContext, id: string) => reader.category(readScope(context, null, 'admin'), { id });
  const ids = (queries: Array<{ obj: CategoryView }>) => queries.map((q) => q.obj);
  return {
    typeDefs,
    resolvers: {
      CommerceCategory: {
        products: (category: CategoryView, args: ProductConnectionArgs, context: RequestContext, info: GraphQLResolveInfo) => {
          const list = productListArgs({ ...args, filter: { ...args.filter, categoryId: null, category: null } }, 'storefront');
          const scope = { ...readScope(context, null, 'storefront'), wantedLocale: category.wantedLocale };
          return reader.products(scope, { ...list, filter: { ...list.filter, category: { id: category.localId } } }, selectedParts(info, ['edges', 'node']));
        },
      },
      Query: {
        commerceCategories: (_: unknown, args: { locale?: string | null }, context: RequestContext) => reader.categoryTree(readScope(context, args.locale, 'storefront')),
        commerceCategory: (_: unknown, args: { id?: string | null; handle?: string | null; locale?: string | null }, context: RequestContext) => {
          const scope = readScope(context, args.locale, 'storefront');
          if (args.id != null) return reader.category(scope, { id: categoryId(args.id, 'id') });
          return args.handle == null ? null : reader.category(scope, { handle: args.handle.trim().toLowerCase() });
        },
      },
      Mutation: {
        commerceCreateCategory: async (_: unknown, args: { input: CreateCategoryInput }, context: RequestContext) => written(context, await services.categories.create(writeContext(context), args.input)),
        commerceUpdateCategory: async (_: unknown, args: { id: string; input: UpdateCategoryInput }, context: RequestContext) => written(context, await services.categories.update(writeContext(context), categoryId(args.id, 'id'), args.input)),
        commerceMoveCategory: async (_: unknown, args: { id: string; parentId?: string | null; position?: number | null }, context: RequestContext) =>
          written(context, await services.categories.move(writeContext(context), categoryId(args.id, 'id'), args.parentId == null ? null : categoryId(args.parentId, 'parentId'), args.position ?? null)),
        commerceDeleteCategory: async (_: unknown, args: { id: string }, context: RequestContext) => toGlobalId('CommerceCategory', await services.categories.delete(writeContext(context), categoryId(args.id, 'id'))),
      },
    },
    loaders: {
      CommerceCategory: {
        children: (queries: Array<{ obj: CategoryView }>) => reader.childrenOf(ids(queries)),
        parent: (queries: Array<{ obj: CategoryView }>) => reader.parentsOf(ids(queries)),
        ancestors: (queries: Array<{ obj: CategoryView }>) => reader.ancestorsOf(ids(queries)),
      },
    },
    nodes: {
      CommerceCategory: (localId: string, context: RequestContext) => (isUuid(localId) ? reader.category(readScope(context, null, 'storefront'), { id: localId }) : Promise.resolve(null)),
    },
  };
}
