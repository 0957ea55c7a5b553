import type { ModuleContext } from '@rustok/contracts';
import type { InventoryService } from '../../services/inventory';
import { Transactions } from '../../services/transactions';
import type { CheckoutConfig } from '../config';
import { ManualPaymentProvider } from '../domain/payments';
import { CartRepository } from '../repositories/carts';
import { IdempotencyRepository } from '../repositories/idempotency';
import { OrderRepository } from '../repositories/orders';
import { PaymentRepository } from '../repositories/payments';
import { PromotionRepository } from '../repositories/promotions';
import { RegionRepository } from '../repositories/regions';
import { CartService } from './carts';
import { CheckoutService } from './checkout';
import { Idempotent } from './idempotent';
import { OrderEvents } from './order-events';
import { OrderService } from './orders';
import { PaymentService } from './payments';
import { PromotionService } from './promotions';
import { RegionService } from './regions';

/** What checkout needs of the catalog: stock reservations. */
export interface CatalogForCheckout {
  inventory: InventoryService;
}

/** Builds checkout's object graph over the catalog's inventory. */
export function createCheckoutServices(ctx: Pick<ModuleContext<unknown>, 'models' | 'tenancy' | 'events'>, config: CheckoutConfig, catalog: CatalogForCheckout) {
  const transactions = new Transactions(ctx.models, ctx.tenancy);
  const regions = new RegionRepository();
  const carts = new CartRepository();
  const promotions = new PromotionRepository();
  const orders = new OrderRepository();
  const payments = new PaymentRepository();
  const idempotent = new Idempotent({ keys: new IdempotencyRepository(), transactions, ttlSeconds: config.idempotencyKeyTtlSeconds });
  const events = new OrderEvents(ctx.events);
  const promotionService = new PromotionService({ promotions, transactions });
  const orderService = new OrderService({ orders, inventory: catalog.inventory, events, transactions });
  const paymentService = new PaymentService({ payments, orders, carts, orderService, idempotent, transactions });
  paymentService.registerProvider(new ManualPaymentProvider(config.manualPaymentWebhookSecret ?? null));
  return {
    regions: new RegionService({ regions, transactions }),
    promotions: promotionService,
    carts: new CartService({ carts, regions, promotions, promotionService, idempotent, transactions, maxLineQuantity: config.maxLineQuantity }),
    checkout: new CheckoutService({ carts, regions, promotions, promotionService, orders, inventory: catalog.inventory, events, idempotent }),
    orders: orderService,
    payments: paymentService,
  };
}

export type CheckoutServices = ReturnType<typeof createCheckoutServices>;
