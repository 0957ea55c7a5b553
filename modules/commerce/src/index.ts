import { defineModule } from '@rustok/contracts';
import type { CommerceConfig } from './config';
import { commerceGraphQL } from './graphql';
import { commerceMigrations } from './migrations';
import { defineCommerceModels } from './models';
import { demoCatalogSeed, demoCheckoutSeed } from './seed';
import { createCommerceServices } from './services';
import { registerCheckout } from './checkout';

/**
 * Commerce. Part 1, the catalog: products with per-locale texts, options,
 * variants with prices per currency and stock, categories, media; a
 * storefront API whose reads are a constant number of statements per
 * request, and an admin API whose writes are one transaction each. Part 2,
 * checkout (./checkout): regions, carts, promotions, orders, payments and
 * customers' address books, reserving stock through the catalog's inventory.
 */
export default defineModule<CommerceConfig>({
  register(ctx) {
    const models = defineCommerceModels(ctx.models);
    ctx.migrations.add(...commerceMigrations);
    const services = createCommerceServices(ctx, models);
    for (const extension of commerceGraphQL(services)) ctx.graphql.extend(extension);
    const checkout = registerCheckout(ctx, { inventory: services.inventory });
    ctx.seeds.add(demoCatalogSeed(ctx, services, ctx.config.demoTenant));
    ctx.seeds.add(demoCheckoutSeed(ctx, checkout, ctx.config.demoTenant));
  },
});
