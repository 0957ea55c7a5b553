import { toGlobalId, type GraphQLExtension, type RequestContext } from '@rustok/contracts';
import { localIdOf } from '../domain/global-ids';
import type { CommerceServices } from '../services';
import type { MediaInput, OptionInput } from '../services/inputs/shapes';
import { mediaView } from '../services/views/option-view';
import { readScope, writeContext } from './request';

const typeDefs = `
"""An image or video of a product, stored elsewhere (a CDN); alt text per locale."""
type CommerceMedia {
  id: ID!
  url: String!
  """In the requested locale, else the tenant's default."""
  alt: String
  position: Int!
  altTranslations: [CommerceLocalizedText!]!
}

"""A product option such as Size or Color, with its values in display order."""
type CommerceProductOption {
  id: ID!
  """In the requested locale; written in the tenant's default locale."""
  name: String!
  position: Int!
  translations: [CommerceLocalizedText!]!
  values: [CommerceProductOptionValue!]!
}

type CommerceProductOptionValue {
  id: ID!
  value: String!
  position: Int!
  translations: [CommerceLocalizedText!]!
}

input CommerceOptionValueInput {
  """An existing value (option updates): kept, renamed or retranslated."""
  id: ID
  value: String!
  translations: [CommerceLocalizedTextInput!]
}

input CommerceOptionInput {
  """In the tenant's default locale; unique per product."""
  name: String!
  translations: [CommerceLocalizedTextInput!]
  """In display order. On update, values left out are removed (unless a variant uses them)."""
  values: [CommerceOptionValueInput!]
}

input CommerceMediaInput {
  """An absolute http(s) URL."""
  url: String!
  alt: [CommerceLocalizedTextInput!]
  position: Int
}

input CommerceUpdateMediaInput {
  url: String
  """Replaces the alt texts."""
  alt: [CommerceLocalizedTextInput!]
  position: Int
}

extend type Mutation {
  commerceAddProductMedia(productId: ID!, input: CommerceMediaInput!): CommerceMedia!
  commerceUpdateProductMedia(id: ID!, input: CommerceUpdateMediaInput!): CommerceMedia!
  commerceRemoveProductMedia(id: ID!): ID!
  """Renames an option and sets its values (order, names, translations)."""
  commerceUpdateProductOption(id: ID!, input: CommerceOptionInput!): CommerceProductOption!
}
`;

export function mediaAndOptionsGraphQL(services: CommerceServices): GraphQLExtension {
  const media = (context: RequestContext, row: { id: string; productId: string; url: string; alt: Record<string, string>; position: number }) =>
    mediaView({ id: row.id, product_id: row.productId, url: row.url, alt: row.alt, position: row.position }, readScope(context, null, 'admin'));
  return {
    typeDefs,
    resolvers: {
      Mutation: {
        commerceAddProductMedia: async (_: unknown, args: { productId: string; input: MediaInput }, context: RequestContext) =>
          media(context, await services.media.add(writeContext(context), localIdOf(args.productId, 'CommerceProduct', 'productId'), args.input)),
        commerceUpdateProductMedia: async (_: unknown, args: { id: string; input: Partial<MediaInput> }, context: RequestContext) =>
          media(context, await services.media.update(writeContext(context), localIdOf(args.id, 'CommerceMedia', 'id'), args.input)),
        commerceRemoveProductMedia: async (_: unknown, args: { id: string }, context: RequestContext) => toGlobalId('CommerceMedia', await services.media.remove(writeContext(context), localIdOf(args.id, 'CommerceMedia', 'id'))),
        commerceUpdateProductOption: async (_: unknown, args: { id: string; input: OptionInput }, context: RequestContext) => {
          const { id: optionId, productId } = await services.options.update(writeContext(context), localIdOf(args.id, 'CommerceProductOption', 'id'), args.input);
          const scope = readScope(context, null, 'admin');
          const [options] = await services.reader.optionsOf([{ localId: productId, wantedLocale: scope.wantedLocale, defaultLocale: scope.defaultLocale }]);
          return (options ?? []).find((option) => option.id === toGlobalId('CommerceProductOption', optionId));
        },
      },
    },
  };
}
