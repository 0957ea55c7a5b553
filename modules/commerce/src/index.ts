import { defineModule } from '@rustok/contracts';
import type { CommerceConfig } from './config';
import { commerceGraphQL } from './graphql';
import { commerceMigrations } from './migrations';
import { defineCommerceModels } from './models';
import { demoCatalogSeed } from './seed';
import { createCommerceServices } from './services';
import { registerCheckout } from './checkout';

/**
 * Commerce, part 1: the catalog — products with per-locale texts, options,
 * variants with prices per currency and stock, categories, media; a
 * storefront API whose reads are a constant number of statements per
 * request, and an admin API whose writes are one transaction each.
 */
export default defineModule<CommerceConfig>({
  register(ctx) {
    const models = defineCommerceModels(ctx.models);
    ctx.migrations.add(...commerceMigrations);
    const services = createCommerceServices(ctx, models);
    for (const extension of commerceGraphQL(services)) ctx.graphql.extend(extension);
    registerCheckout(ctx, { inventory: services.inventory });
    ctx.seeds.add(demoCatalogSeed(ctx, services, ctx.config.demoTenant));
  },
});
