import type { GraphQLExtension } from '@rustok/contracts';
import type { CommerceServices } from '../services';
import { categoriesGraphQL } from './categories';
import { commonTypeDefs } from './common';
import { mediaAndOptionsGraphQL } from './media-and-options';
import { productsGraphQL } from './products';
import { variantsGraphQL } from './variants';

/** One extension per area; the kernel composes them with every other module's. */
export function commerceGraphQL(services: CommerceServices): GraphQLExtension[] {
  return [{ typeDefs: commonTypeDefs }, ...[productsGraphQL, variantsGraphQL, categoriesGraphQL, mediaAndOptionsGraphQL].map((build) => build(services))];
}
