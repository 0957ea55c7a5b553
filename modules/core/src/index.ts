import { ACCESS_SERVICE, CORE_DIRECTORY, defineModule, type AccessProvider } from '@rustok/contracts';
import { tenantCreateCommand } from './cli/tenant-create';
import { userCreateCommand } from './cli/user-create';
import type { CoreConfig } from './config';
import { coreGraphQL } from './graphql';
import { coreMigrations } from './migrations';
import { defineCoreModels } from './models';
import { demoSeed } from './seed';
import { createCoreServices } from './services';

/**
 * Core: tenants, users, sessions, API tokens, roles, per-tenant module
 * switches and the audit log; the provider of `rustok.access@1`, through
 * which the kernel learns who is asking and for which tenant.
 */
export default defineModule<CoreConfig>({
  register(ctx) {
    const models = defineCoreModels(ctx.models);
    ctx.migrations.add(...coreMigrations);
    const services = createCoreServices(ctx, models);
    ctx.services.provide<AccessProvider>(ACCESS_SERVICE, services.access);
    ctx.services.provide(CORE_DIRECTORY, services.directory);
    for (const extension of coreGraphQL(services)) ctx.graphql.extend(extension);
    ctx.commands.add(tenantCreateCommand(services));
    ctx.commands.add(userCreateCommand(services));
    ctx.seeds.add(demoSeed(services, ctx.config));
  },
});
