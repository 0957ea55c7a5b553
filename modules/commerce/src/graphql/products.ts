import { toGlobalId, type GraphQLExtension, type RequestContext, isUuid } from '@rustok/contracts';
import type { GraphQLResolveInfo } from 'graphql';
import { localIdOf } from '../domain/global-ids';
import { parseCurrency } from '../domain/money';
import type { CommerceServices } from '../services';
import { COUNT, type ProductConnection } from '../services/catalog-reader';
import type { CreateProductInput, UpdateProductInput } from '../services/inputs/shapes';
import type { ProductView } from '../services/views/product-view';
import { productListArgs, type ProductConnectionArgs } from './product-args';
import { ALL_PARTS, selectedParts } from './lookahead';
import { audienceOf, readScope, tenantOf, writeContext } from './request';

const typeDefs = `
enum CommerceProductStatus {
  DRAFT
  ACTIVE
  ARCHIVED
}

"""Something sold: texts per locale, options, variants with prices and stock, media, categories."""
type CommerceProduct implements Node {
  id: ID!
  """Unique per tenant; derived from the title (transliterated) unless given."""
  handle: String!
  status: CommerceProductStatus!
  title: String!
  description: String
  seoTitle: String
  seoDescription: String
  """The locale title and description are in: the one asked for, else the tenant's default."""
  locale: String
  vendor: String
  productType: String
  tags: [String!]!
  """Free-form JSON for integrations. Requires commerce.product.read."""
  metadata: JSON
  """Shown on the storefront from this moment on, while ACTIVE."""
  publishedAt: DateTime
  createdAt: DateTime!
  updatedAt: DateTime!
  """Some variant has stock left, or is sold when out of stock."""
  availableForSale: Boolean!
  priceRanges: [CommercePriceRange!]!
  priceRange(currency: String!): CommercePriceRange
  translations: [CommerceProductTranslation!]!
  options: [CommerceProductOption!]!
  variants: [CommerceVariant!]!
  media: [CommerceMedia!]!
  categories: [CommerceCategory!]!
}

type CommerceProductTranslation {
  locale: String!
  title: String!
  description: String
  seoTitle: String
  seoDescription: String
}

type CommerceProductEdge {
  cursor: String!
  node: CommerceProduct!
}

type CommerceProductConnection {
  edges: [CommerceProductEdge!]!
  pageInfo: PageInfo!
  """Products matching the filter (one more statement; ask only when shown)."""
  totalCount: Int!
}

input CommercePriceRangeFilter {
  currency: String!
  """Minor units, inclusive."""
  min: String
  """Minor units, inclusive."""
  max: String
}

input CommerceProductFilter {
  """In this category or one below it."""
  categoryId: ID
  """The same, by the category's handle."""
  category: String
  """Full text over titles, descriptions, tags and SKUs in every language; typos fall back to similarity."""
  search: String
  """Products with every one of these tags."""
  tags: [String!]
  vendor: String
  productType: String
  """Some variant priced within the range."""
  priceRange: CommercePriceRangeFilter
  """Some variant available for sale."""
  inStock: Boolean
}

input CommerceAdminProductFilter {
  categoryId: ID
  category: String
  search: String
  tags: [String!]
  vendor: String
  productType: String
  priceRange: CommercePriceRangeFilter
  inStock: Boolean
  status: [CommerceProductStatus!]
}

enum CommerceProductSortField {
  """Best match first; only with filter.search (and its default then)."""
  RELEVANCE
  PUBLISHED_AT
  CREATED_AT
  UPDATED_AT
  TITLE
  """Lowest variant price in sort.currency; products without one come last."""
  PRICE
}

input CommerceProductSort {
  field: CommerceProductSortField!
  """Default: DESC for dates and relevance, ASC for title and price."""
  direction: CommerceSortDirection
  """Required for PRICE."""
  currency: String
}

input CommerceProductTranslationInput {
  locale: String!
  title: String!
  description: String
  seoTitle: String
  seoDescription: String
}

input CommerceCreateProductInput {
  """Lower-case letters, digits and hyphens; derived from the default locale's title when left out."""
  handle: String
  status: CommerceProductStatus = DRAFT
  """With status ACTIVE: when the storefront starts showing it (default now)."""
  publishedAt: DateTime
  vendor: String
  productType: String
  tags: [String!]
  metadata: JSON
  """Must include the tenant's default locale."""
  translations: [CommerceProductTranslationInput!]!
  options: [CommerceOptionInput!]
  """Without options and variants, one default variant is created."""
  variants: [CommerceVariantInput!]
  media: [CommerceMediaInput!]
  categoryIds: [ID!]
}

input CommerceUpdateProductInput {
  handle: String
  vendor: String
  productType: String
  tags: [String!]
  metadata: JSON
  """Upserted per locale; other locales keep their texts."""
  translations: [CommerceProductTranslationInput!]
  """Locales whose texts to remove (not the default locale)."""
  removeTranslations: [String!]
  """Replaces the product's categories."""
  categoryIds: [ID!]
}

extend type Query {
  """Active, published products, in the requested locale (else the tenant's default)."""
  commerceProducts(first: Int = 20, after: String, filter: CommerceProductFilter, sort: CommerceProductSort, locale: String): CommerceProductConnection!
  """An active, published product by id or handle."""
  commerceProduct(id: ID, handle: String, locale: String): CommerceProduct
  """Every product, drafts and archived ones included."""
  commerceAdminProducts(first: Int = 20, after: String, filter: CommerceAdminProductFilter, sort: CommerceProductSort, locale: String): CommerceProductConnection!
  commerceAdminProduct(id: ID, handle: String, locale: String): CommerceProduct
}

extend type Mutation {
  commerceCreateProduct(input: CommerceCreateProductInput!): CommerceProduct!
  commerceUpdateProduct(id: ID!, input: CommerceUpdateProductInput!): CommerceProduct!
  """Deletes the product with its variants, prices, stock and media; returns its id."""
  commerceDeleteProduct(id: ID!): ID!
  """Makes it ACTIVE; shown from publishedAt (default now, or the date it had)."""
  commercePublishProduct(id: ID!, publishedAt: DateTime): CommerceProduct!
  """Back to DRAFT."""
  commerceUnpublishProduct(id: ID!): CommerceProduct!
  commerceArchiveProduct(id: ID!): CommerceProduct!
}
`;

interface ByIdOrHandle {
  id?: string | null;
  handle?: string | null;
  locale?: string | null;
}

function productKey(args: ByIdOrHandle): { id: string } | { handle: string } | null {
  if (args.id != null) return { id: localIdOf(args.id, 'CommerceProduct', 'id') };
  if (args.handle != null) return { handle: args.handle.trim().toLowerCase() };
  return null;
}

export function productsGraphQL(services: CommerceServices): GraphQLExtension {
  const { reader } = services;
  /** Mutations answer with the product as an admin reads it, in the request's locale. */
  const written = async (context: RequestContext, id: string) => reader.product(readScope(context, null, 'admin'), { id });
  const byId = (raw: string) => localIdOf(raw, 'CommerceProduct', 'id');
  return {
    typeDefs,
    resolvers: {
      CommerceProductConnection: {
        totalCount: (connection: ProductConnection) => connection[COUNT](),
      },
      CommerceProduct: {
        priceRange: (product: ProductView, args: { currency: string }) => {
          const currency = parseCurrency(args.currency, 'currency');
          return product.priceRanges.find((range) => range.currency === currency) ?? null;
        },
      },
      Query: {
        commerceProducts: (_: unknown, args: ProductConnectionArgs, context: RequestContext, info: GraphQLResolveInfo) =>
          reader.products(readScope(context, args.locale, 'storefront'), productListArgs(args, 'storefront'), selectedParts(info, ['edges', 'node'])),
        commerceAdminProducts: (_: unknown, args: ProductConnectionArgs, context: RequestContext, info: GraphQLResolveInfo) =>
          reader.products(readScope(context, args.locale, 'admin'), productListArgs(args, 'admin'), selectedParts(info, ['edges', 'node'])),
        commerceProduct: (_: unknown, args: ByIdOrHandle, context: RequestContext, info: GraphQLResolveInfo) => {
          const key = productKey(args);
          return key === null ? null : reader.product(readScope(context, args.locale, 'storefront'), key, selectedParts(info, []));
        },
        commerceAdminProduct: (_: unknown, args: ByIdOrHandle, context: RequestContext, info: GraphQLResolveInfo) => {
          const key = productKey(args);
          return key === null ? null : reader.product(readScope(context, args.locale, 'admin'), key, selectedParts(info, []));
        },
      },
      Mutation: {
        commerceCreateProduct: async (_: unknown, args: { input: CreateProductInput }, context: RequestContext) => written(context, await services.products.create(writeContext(context), args.input)),
        commerceUpdateProduct: async (_: unknown, args: { id: string; input: UpdateProductInput }, context: RequestContext) => written(context, await services.products.update(writeContext(context), byId(args.id), args.input)),
        commerceDeleteProduct: async (_: unknown, args: { id: string }, context: RequestContext) => toGlobalId('CommerceProduct', await services.products.delete(writeContext(context), byId(args.id))),
        commercePublishProduct: async (_: unknown, args: { id: string; publishedAt?: Date | null }, context: RequestContext) => written(context, await services.products.publish(writeContext(context), byId(args.id), args.publishedAt ?? null)),
        commerceUnpublishProduct: async (_: unknown, args: { id: string }, context: RequestContext) => written(context, await services.products.unpublish(writeContext(context), byId(args.id))),
        commerceArchiveProduct: async (_: unknown, args: { id: string }, context: RequestContext) => written(context, await services.products.archive(writeContext(context), byId(args.id))),
      },
    },
    loaders: {
      // Parts the read folded in cost nothing here; any others, one statement each per request for every product of the response.
      CommerceProduct: {
        variants: (queries: Array<{ obj: ProductView }>) => reader.variantsOf(queries.map((q) => q.obj)),
        options: (queries: Array<{ obj: ProductView }>) => reader.optionsOf(queries.map((q) => q.obj)),
        media: (queries: Array<{ obj: ProductView }>) => reader.mediaOf(queries.map((q) => q.obj)),
        categories: (queries: Array<{ obj: ProductView }>) => reader.categoriesOf(queries.map((q) => q.obj)),
        translations: (queries: Array<{ obj: ProductView }>) => reader.translationsOf(queries.map((q) => q.obj)),
      },
    },
    nodes: {
      CommerceProduct: (localId: string, context: RequestContext) => (isUuid(localId) ? reader.product(readScope(context, null, audienceOf(context)), { id: localId }, ALL_PARTS) : Promise.resolve(null)),
    },
  };
}
