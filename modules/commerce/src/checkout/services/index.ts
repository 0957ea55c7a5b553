import type { ModuleContext } from '@rustok/contracts';
import type { InventoryService } from '../../services/inventory';
import { Transactions } from '../../services/transactions';
import type { CheckoutConfig } from '../config';
import { ManualPaymentProvider } from '../domain/payments';
import { CustomerAddressRepository } from '../repositories/addresses';
import { CartRepository } from '../repositories/carts';
import { CheckoutRepository } from '../repositories/checkout';
import { IdempotencyRepository } from '../repositories/idempotency';
import { OrderReads } from '../repositories/order-reads';
import { OrderRepository } from '../repositories/orders';
import { PaymentRepository } from '../repositories/payments';
import { PromotionRepository } from '../repositories/promotions';
import { RegionRepository } from '../repositories/regions';
import { CustomerAddressService } from './addresses';
import { CartService } from './carts';
import { CheckoutService } from './checkout';
import { Idempotent } from './idempotent';
import { IdempotencyKeyPruning } from './key-pruning';
import { OrderEvents } from './order-events';
import { OrderService } from './orders';
import { PaymentService } from './payments';
import { PromotionService } from './promotions';
import { RegionService } from './regions';

/** What checkout needs of the catalog: stock changes of orders after checkout (cancel, fulfil). */
export interface CatalogForCheckout {
  inventory: InventoryService;
}

/** Builds checkout's object graph over the catalog's inventory. */
export function createCheckoutServices(ctx: Pick<ModuleContext<unknown>, 'models' | 'tenancy' | 'events'>, config: CheckoutConfig, catalog: CatalogForCheckout) {
  const transactions = new Transactions(ctx.models, ctx.tenancy);
  const regions = new RegionRepository();
  const carts = new CartRepository(ctx.models.query.bind(ctx.models));
  const promotions = new PromotionRepository();
  const orders = new OrderRepository();
  const payments = new PaymentRepository();
  const keys = new IdempotencyRepository(ctx.models.query.bind(ctx.models));
  const pruning = new IdempotencyKeyPruning({ keys, events: ctx.events, transactions, intervalSeconds: config.idempotencyKeyPruneIntervalSeconds });
  const idempotent = new Idempotent({ keys, transactions, ttlSeconds: config.idempotencyKeyTtlSeconds, pruneIntervalSeconds: config.idempotencyKeyPruneIntervalSeconds, pruning });
  const addresses = new CustomerAddressService({ addresses: new CustomerAddressRepository(), transactions });
  const events = new OrderEvents(ctx.events);
  const promotionService = new PromotionService({ promotions, transactions });
  const orderService = new OrderService({ orders, reads: new OrderReads(ctx.models.query.bind(ctx.models), ctx.tenancy), inventory: catalog.inventory, events, transactions });
  const paymentService = new PaymentService({ payments, orders, carts, orderService, idempotent, transactions });
  paymentService.registerProvider(new ManualPaymentProvider(config.manualPaymentWebhookSecret ?? null));
  return {
    regions: new RegionService({ regions, transactions }),
    promotions: promotionService,
    addresses,
    pruning,
    carts: new CartService({ carts, regions, promotions, addresses, idempotent, transactions, maxLineQuantity: config.maxLineQuantity }),
    checkout: new CheckoutService({ checkouts: new CheckoutRepository(ctx.models.query.bind(ctx.models)), orders, events: ctx.events, idempotent }),
    orders: orderService,
    payments: paymentService,
  };
}

export type CheckoutServices = ReturnType<typeof createCheckoutServices>;
