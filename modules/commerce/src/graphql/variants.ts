import { toGlobalId, type GraphQLExtension, type RequestContext, isUuid } from '@rustok/contracts';
import { CommerceErrors, commerceError } from '../errors';
import { localIdOf } from '../domain/global-ids';
import { decodeKeyset, encodeKeyset, pageSize, type KeysetCursor } from '../domain/paging';
import { parseCurrency } from '../domain/money';
import type { CommerceServices } from '../services';
import type { PriceInput, VariantInput } from '../services/inputs/shapes';
import { stockView, type VariantView } from '../services/views/variant-view';
import { audienceOf, readScope, tenantOf, writeContext } from './request';

const typeDefs = `
enum CommerceInventoryPolicy {
  """Not sold when out of stock."""
  DENY
  """Sold when out of stock (backorders)."""
  CONTINUE
}

type CommerceSelectedOption {
  name: String!
  value: String!
}

type CommerceVariantTranslation {
  locale: String!
  title: String!
}

type CommerceStockLevel {
  variantId: ID!
  onHand: Int!
  """Held for orders not yet shipped."""
  reserved: Int!
  """onHand - reserved; never below zero."""
  available: Int!
  updatedAt: DateTime
}

"""One sellable version of a product: a combination of option values with its own SKU, prices and stock."""
type CommerceVariant implements Node {
  id: ID!
  sku: String
  barcode: String
  """Its own title in the locale, else its option values ("M / Red")."""
  title: String!
  position: Int!
  weightGrams: Int
  inventoryPolicy: CommerceInventoryPolicy!
  selectedOptions: [CommerceSelectedOption!]!
  prices: [CommercePrice!]!
  price(currency: String!): CommercePrice
  availableForSale: Boolean!
  """Requires commerce.inventory.read."""
  stock: CommerceStockLevel!
  """commerce.stock.ran-low is sent when available stock falls to this. Requires commerce.inventory.read."""
  lowStockThreshold: Int!
  translations: [CommerceVariantTranslation!]!
  product: CommerceProduct
  createdAt: DateTime!
  updatedAt: DateTime!
}

type CommerceVariantEdge {
  cursor: String!
  node: CommerceVariant!
}

type CommerceVariantConnection {
  edges: [CommerceVariantEdge!]!
  pageInfo: PageInfo!
}

input CommerceSelectedOptionInput {
  """An option of the product."""
  name: String!
  """A value of it; a value the option lacks is added at its end."""
  value: String!
}

input CommerceVariantTranslationInput {
  locale: String!
  title: String!
}

input CommerceVariantInput {
  sku: String
  barcode: String
  weightGrams: Int
  inventoryPolicy: CommerceInventoryPolicy
  lowStockThreshold: Int
  position: Int
  """One value for every option of the product; no two variants with the same combination."""
  options: [CommerceSelectedOptionInput!]
  """Replaces the variant's titles."""
  translations: [CommerceVariantTranslationInput!]
  """Upserted per currency."""
  prices: [CommercePriceInput!]
  """Initial stock on hand (new variants only; then use commerceAdjustStock)."""
  onHand: Int
}

input CommerceVariantPriceUpdate {
  variantId: ID!
  currency: String!
  amount: String!
  compareAtAmount: String
}

type CommerceBulkPriceUpdatePayload {
  """Prices that really changed (and sent commerce.variant.price-changed)."""
  changed: Int!
  variants: [CommerceVariant!]!
}

enum CommerceStockReason {
  RECEIVED
  RETURNED
  DAMAGED
  LOST
  CORRECTION
  RECOUNT
  """Written by checkout only."""
  RESERVED
  """Written by checkout only."""
  RELEASED
  """Written by checkout only."""
  SOLD
}

type CommerceStockAdjustment {
  id: ID!
  variantId: ID!
  deltaOnHand: Int!
  deltaReserved: Int!
  onHandAfter: Int!
  reservedAfter: Int!
  reason: CommerceStockReason!
  note: String
  """What caused it, e.g. an order number."""
  reference: String
  actorId: String
  createdAt: DateTime!
}

type CommerceStockAdjustmentEdge {
  cursor: String!
  node: CommerceStockAdjustment!
}

type CommerceStockAdjustmentConnection {
  edges: [CommerceStockAdjustmentEdge!]!
  pageInfo: PageInfo!
}

extend type Query {
  """A variant's stock ledger, newest first."""
  commerceStockAdjustments(variantId: ID!, first: Int = 20, after: String): CommerceStockAdjustmentConnection!
  """Variants (inventory policy DENY) at or below their low-stock threshold, fewest available first."""
  commerceLowStockVariants(first: Int = 20, after: String, locale: String): CommerceVariantConnection!
}

extend type Mutation {
  commerceCreateVariant(productId: ID!, input: CommerceVariantInput!): CommerceVariant!
  commerceUpdateVariant(id: ID!, input: CommerceVariantInput!): CommerceVariant!
  commerceDeleteVariant(id: ID!): ID!
  """Upserts the given prices, removes the currencies in remove."""
  commerceSetVariantPrices(variantId: ID!, prices: [CommercePriceInput!]!, remove: [String!]): CommerceVariant!
  """Up to 1000 prices of any variants, all or none."""
  commerceBulkUpdatePrices(prices: [CommerceVariantPriceUpdate!]!): CommerceBulkPriceUpdatePayload!
  """Adds (or with a negative delta removes) units on hand, with a reason for the ledger."""
  commerceAdjustStock(variantId: ID!, delta: Int!, reason: CommerceStockReason!, note: String): CommerceStockLevel!
  """Sets units on hand (a recount), with a reason for the ledger."""
  commerceSetStock(variantId: ID!, onHand: Int!, reason: CommerceStockReason = RECOUNT, note: String): CommerceStockLevel!
}
`;

export function variantsGraphQL(services: CommerceServices): GraphQLExtension {
  const { reader } = services;
  const variantId = (raw: string, field: string) => localIdOf(raw, 'CommerceVariant', field);
  /** Mutations answer with the variant as an admin reads it, in the request's locale. */
  const written = async (context: RequestContext, id: string) => (await reader.variantsByIds(readScope(context, null, 'admin'), [id])).get(id) ?? null;
  const stock = (change: { variantId: string; onHand: number; reserved: number; updatedAt: Date }) => stockView(change.variantId, change.onHand, change.reserved, change.updatedAt);
  return {
    typeDefs,
    resolvers: {
      CommerceVariant: {
        price: (variant: VariantView, args: { currency: string }) => {
          const currency = parseCurrency(args.currency, 'currency');
          return variant.prices.find((p) => p.currency === currency) ?? null;
        },
      },
      CommerceStockAdjustment: {
        id: (row: { id: string }) => toGlobalId('CommerceStockAdjustment', row.id),
        variantId: (row: { variantId: string }) => toGlobalId('CommerceVariant', row.variantId),
        reason: (row: { reason: string }) => row.reason.toUpperCase(),
      },
      Query: {
        commerceStockAdjustments: async (_: unknown, args: { variantId: string; first?: number | null; after?: string | null }, context: RequestContext) => {
          const id = variantId(args.variantId, 'variantId');
          const limit = pageSize(args.first);
          const before = decodeKeyset(args.after, 'ledger')?.id ?? null;
          const rows = await services.inventory.adjustments({ tenantId: tenantOf(context).id }, id, { limit: limit + 1, before });
          const edges = rows.slice(0, limit).map((row) => ({ cursor: encodeKeyset({ key: null, id: row.id, sort: 'ledger' }), node: row }));
          return { edges, pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: before !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
        },
        commerceLowStockVariants: async (_: unknown, args: { first?: number | null; after?: string | null; locale?: string | null }, context: RequestContext) => {
          const scope = readScope(context, args.locale, 'admin');
          const limit = pageSize(args.first);
          const after = args.after == null ? null : lowStockCursor(args.after);
          const rows = await services.inventory.lowStock(scope, { limit: limit + 1, after });
          const variants = await reader.variantsByIds(scope, rows.slice(0, limit).map((row) => row.variant_id));
          const edges = rows
            .slice(0, limit)
            .flatMap((row) => {
              const node = variants.get(row.variant_id);
              return node === undefined ? [] : [{ cursor: encodeKeyset({ key: String(row.available), id: row.variant_id, sort: 'low-stock' }), node }];
            });
          return { edges, pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
        },
      },
      Mutation: {
        commerceCreateVariant: async (_: unknown, args: { productId: string; input: VariantInput }, context: RequestContext) =>
          written(context, await services.variants.create(writeContext(context), localIdOf(args.productId, 'CommerceProduct', 'productId'), args.input)),
        commerceUpdateVariant: async (_: unknown, args: { id: string; input: VariantInput }, context: RequestContext) => written(context, await services.variants.update(writeContext(context), variantId(args.id, 'id'), args.input)),
        commerceDeleteVariant: async (_: unknown, args: { id: string }, context: RequestContext) => toGlobalId('CommerceVariant', await services.variants.delete(writeContext(context), variantId(args.id, 'id'))),
        commerceSetVariantPrices: async (_: unknown, args: { variantId: string; prices: PriceInput[]; remove?: string[] | null }, context: RequestContext) =>
          written(context, await services.prices.setVariantPrices(writeContext(context), variantId(args.variantId, 'variantId'), args.prices, args.remove ?? [])),
        commerceBulkUpdatePrices: async (_: unknown, args: { prices: Array<PriceInput & { variantId: string }> }, context: RequestContext) => {
          const inputs = args.prices.map((p, i) => ({ ...p, variantId: variantId(p.variantId, `prices[${i}].variantId`) }));
          const result = await services.prices.bulkUpdate(writeContext(context), inputs);
          const variants = await reader.variantsByIds(readScope(context, null, 'admin'), result.variantIds);
          return { changed: result.changed, variants: result.variantIds.flatMap((id) => variants.get(id) ?? []) };
        },
        commerceAdjustStock: async (_: unknown, args: { variantId: string; delta: number; reason: string; note?: string | null }, context: RequestContext) =>
          stock(await services.inventory.adjust(writeContext(context), variantId(args.variantId, 'variantId'), args.delta, args.reason.toLowerCase() as never, args.note?.trim() || null)),
        commerceSetStock: async (_: unknown, args: { variantId: string; onHand: number; reason: string; note?: string | null }, context: RequestContext) =>
          stock(await services.inventory.set(writeContext(context), variantId(args.variantId, 'variantId'), args.onHand, args.reason.toLowerCase() as never, args.note?.trim() || null)),
      },
    },
    loaders: {
      CommerceVariant: {
        product: async (queries: Array<{ obj: VariantView }>, context: RequestContext) => {
          const first = queries[0]?.obj;
          if (first === undefined) return [];
          const scope = { ...readScope(context, null, audienceOf(context)), wantedLocale: first.wantedLocale };
          const products = await reader.productsByIds(scope, queries.map((q) => q.obj.productLocalId));
          return queries.map((q) => products.get(q.obj.productLocalId) ?? null);
        },
      },
    },
    nodes: {
      CommerceVariant: async (localId: string, context: RequestContext) => (isUuid(localId) ? ((await reader.variantsByIds(readScope(context, null, audienceOf(context)), [localId])).get(localId) ?? null) : null),
    },
  };
}

function lowStockCursor(raw: string): { key: string; id: string } {
  const cursor = decodeKeyset(raw, 'low-stock') as KeysetCursor;
  if (cursor.key === null || !/^-?\d+$/.test(cursor.key)) throw commerceError(CommerceErrors.CURSOR_INVALID, 'after is not a cursor of this list.', { field: 'after' });
  return { key: cursor.key, id: cursor.id };
}
