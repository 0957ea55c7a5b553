import type { ModuleContext } from '@rustok/contracts';
import { pruneIdempotencyKeysCommand } from './commands';
import { checkoutConfig } from './config';
import type { PaymentsService } from './domain/payments';
import { checkoutGraphQL } from './graphql';
import { checkoutMigrations } from './migrations';
import { createCheckoutServices, type CatalogForCheckout, type CheckoutServices } from './services';
import { PRUNE_DUE, type PruneDuePayload } from './services/key-pruning';

export type { PaymentProvider, PaymentsService } from './domain/payments';
export type { CheckoutServices } from './services';

/** Name of the service through which modules add payment providers. */
export const PAYMENTS_SERVICE = 'commerce.payments@1';

/**
 * Commerce, part 2: regions, carts, checkout, orders, promotions, payments
 * and customers' address books, built on the catalog's inventory (stock is
 * reserved through it, in checkout's own transaction). Returns the services
 * for the demo seed.
 */
export function registerCheckout<Config>(ctx: ModuleContext<Config>, catalog: CatalogForCheckout): CheckoutServices {
  ctx.migrations.add(...checkoutMigrations);
  const services = createCheckoutServices(ctx, checkoutConfig(ctx.config as unknown as Readonly<Record<string, unknown>>), catalog);
  ctx.graphql.extend(checkoutGraphQL(services));
  const payments: PaymentsService = { registerProvider: (provider) => services.payments.registerProvider(provider) };
  ctx.services.provide(PAYMENTS_SERVICE, payments);
  // Commerce schedules its own key pruning: the kernel delivers the event at deliverAt, durably, in the tenant's scope.
  ctx.events.on(PRUNE_DUE, async (payload, _meta, { transaction }) => {
    await services.pruning.handle(payload as PruneDuePayload, transaction);
  });
  ctx.commands.add(pruneIdempotencyKeysCommand(ctx, services.pruning));
  return services;
}
