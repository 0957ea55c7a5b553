import type { GraphQLExtension } from '@rustok/contracts';
import type { BlogServices } from '../services';
import { commentsGraphQL } from './comments';
import { entryTypeDefs } from './entries';
import { pagesGraphQL } from './pages';
import { postsGraphQL } from './posts';
import { revisionsGraphQL } from './revisions';
import { taxonomyGraphQL } from './taxonomy';

/** One extension per area; the kernel composes them with every other module's. */
export function blogGraphQL(services: BlogServices): GraphQLExtension[] {
  return [{ typeDefs: entryTypeDefs }, ...[postsGraphQL, pagesGraphQL, taxonomyGraphQL, commentsGraphQL, revisionsGraphQL].map((build) => build(services))];
}
