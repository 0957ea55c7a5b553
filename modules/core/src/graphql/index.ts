import type { GraphQLExtension } from '@rustok/contracts';
import type { CoreServices } from '../services';
import { apiTokensGraphQL } from './api-tokens';
import { auditGraphQL } from './audit';
import { authGraphQL } from './auth';
import { rolesGraphQL } from './roles';
import { sessionsGraphQL } from './sessions';
import { tenantModulesGraphQL } from './tenant-modules';
import { tenantsGraphQL } from './tenants';
import { usersGraphQL } from './users';

/** One extension per area; the kernel composes them with every other module's. */
export function coreGraphQL(services: CoreServices): GraphQLExtension[] {
  return [usersGraphQL, authGraphQL, sessionsGraphQL, rolesGraphQL, apiTokensGraphQL, tenantsGraphQL, tenantModulesGraphQL, auditGraphQL].map((build) => build(services));
}
