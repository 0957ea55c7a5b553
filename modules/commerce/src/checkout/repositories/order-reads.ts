import type { Sequelize } from 'sequelize';
import { sql, tenantRead } from '../../repositories/sql';
import type { OrderFilter, OrderLineRow, OrderRow, OrderTransitionRow } from './orders';
import { ORDER_COLUMNS } from './orders';
import type { PaymentRow } from './payments';
import { PAYMENT_COLUMNS } from './payments';

/**
 * Order reads of the GraphQL read path, each one statement sent with the
 * tenant setting in one message (`tenantRead`: no BEGIN/set/COMMIT), and
 * the parts of orders (lines, history, payments) read for a whole page at
 * once, so a list costs the same number of statements for 2 orders or 100.
 * Values are inlined as literals (`sql`), as the simple protocol requires.
 */
export class OrderReads {
  constructor(private readonly sequelize: () => Sequelize) {}

  /** Newest first, keyset-paged on the number. */
  list(tenantId: string, filter: OrderFilter, page: { limit: number; before: string | null }): Promise<OrderRow[]> {
    return tenantRead<OrderRow>(
      this.sequelize(),
      tenantId,
      `SELECT ${ORDER_COLUMNS} FROM commerce.orders ${sql`
        WHERE (${filter.status}::text IS NULL OR status = ${filter.status}) AND (${filter.email}::text IS NULL OR email = ${filter.email})
          AND (${filter.customerId}::text IS NULL OR customer_id = ${filter.customerId})
          AND (${filter.placedFrom}::timestamptz IS NULL OR placed_at >= ${filter.placedFrom}::timestamptz) AND (${filter.placedTo}::timestamptz IS NULL OR placed_at < ${filter.placedTo}::timestamptz)
          AND (${page.before}::bigint IS NULL OR number < ${page.before}::bigint)
        ORDER BY number DESC LIMIT ${page.limit}`}`,
    );
  }

  /** Lines of every order in `orderIds`, in order then position. */
  lines(tenantId: string, orderIds: readonly string[]): Promise<Array<OrderLineRow & { orderId: string }>> {
    return tenantRead(
      this.sequelize(),
      tenantId,
      sql`SELECT order_id AS "orderId", id, variant_id AS "variantId", product_id AS "productId", sku, title, quantity, unit_amount::text AS "unitAmount",
              subtotal::text AS subtotal, discount::text AS discount, tax::text AS tax, reserved
         FROM commerce.order_lines WHERE order_id = ANY(${orderIds}::uuid[]) ORDER BY order_id, position`,
    );
  }

  /** Status history of every order in `orderIds`, oldest first. */
  transitions(tenantId: string, orderIds: readonly string[]): Promise<Array<OrderTransitionRow & { orderId: string }>> {
    return tenantRead(
      this.sequelize(),
      tenantId,
      sql`SELECT order_id AS "orderId", id, from_status AS "fromStatus", to_status AS "toStatus", actor_kind AS "actorKind", actor_id AS "actorId", reason, created_at AS "createdAt"
         FROM commerce.order_transitions WHERE order_id = ANY(${orderIds}::uuid[]) ORDER BY order_id, id`,
    );
  }

  /** Payments of every order in `orderIds`, oldest first. */
  payments(tenantId: string, orderIds: readonly string[]): Promise<PaymentRow[]> {
    return tenantRead<PaymentRow>(this.sequelize(), tenantId, `SELECT ${PAYMENT_COLUMNS} FROM commerce.payments WHERE order_id = ANY(${sql`${orderIds}`}::uuid[]) ORDER BY order_id, id`);
  }
}
