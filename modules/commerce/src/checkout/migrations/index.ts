import type { ModuleMigration } from '@rustok/contracts';
import { regionsMigration } from './1001-regions-and-shipping';
import { cartsAndPromotionsMigration } from './1002-carts-and-promotions';
import { ordersMigration } from './1003-orders-and-payments';
import { customerAddressesMigration } from './1004-customer-addresses';
import { idempotencyPruneScheduleMigration } from './1005-idempotency-prune-schedule';

/** Checkout's migrations; their names sort after the catalog's (0001–0999). */
export const checkoutMigrations: readonly ModuleMigration[] = [regionsMigration, cartsAndPromotionsMigration, ordersMigration, customerAddressesMigration, idempotencyPruneScheduleMigration];
