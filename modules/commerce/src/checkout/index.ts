import type { ModuleContext } from '@rustok/contracts';
import { checkoutConfig } from './config';
import type { PaymentsService } from './domain/payments';
import { checkoutGraphQL } from './graphql';
import { checkoutMigrations } from './migrations';
import { createCheckoutServices, type CatalogForCheckout } from './services';

export type { PaymentProvider, PaymentsService } from './domain/payments';

/** Name of the service through which modules add payment providers. */
export const PAYMENTS_SERVICE = 'commerce.payments@1';

/**
 * Commerce, part 2: regions, carts, checkout, orders, promotions and
 * payments, built on the catalog's inventory (stock is reserved through it,
 * in checkout's own transaction).
 */
export function registerCheckout<Config>(ctx: ModuleContext<Config>, catalog: CatalogForCheckout): void {
  ctx.migrations.add(...checkoutMigrations);
  const services = createCheckoutServices(ctx, checkoutConfig(ctx.config as unknown as Readonly<Record<string, unknown>>), catalog);
  ctx.graphql.extend(checkoutGraphQL(services));
  const payments: PaymentsService = { registerProvider: (provider) => services.payments.registerProvider(provider) };
  ctx.services.provide(PAYMENTS_SERVICE, payments);
}
