import type { OrderFilter, OrderLineRow, OrderRow, OrderTransitionRow } from './orders';
import { ORDER_COLUMNS } from './orders';
import type { PaymentRow } from './payments';
import { PAYMENT_COLUMNS } from './payments';
import type { TenancyFacade } from '@rustok/contracts';
import type { Query } from './checkout';

/**
 * Order reads of the GraphQL read path, each one statement through
 * `ctx.models.query` outside any transaction (one round trip on a pooled
 * connection that already carries the request's tenant; prepared once per
 * connection, values as parameters), and the parts of orders (lines,
 * history, payments) read for a whole page at once, so a list costs the
 * same number of statements for 2 orders or 100.
 */
export class OrderReads {
  constructor(
    private readonly query: Query,
    private readonly tenancy: Pick<TenancyFacade, 'tenantId' | 'run'>,
  ) {}

  /** Runs `read` in `tenantId`'s scope: the pooled connection carries the scope's tenant, which is the caller's in every resolver, but said rather than assumed. */
  private inTenant<T>(tenantId: string, read: () => Promise<T>): Promise<T> {
    return this.tenancy.tenantId() === tenantId ? read() : this.tenancy.run(tenantId, read);
  }

  /** Newest first, keyset-paged on the number. */
  list(tenantId: string, filter: OrderFilter, page: { limit: number; before: string | null }): Promise<OrderRow[]> {
    return this.inTenant(tenantId, () => this.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM commerce.orders
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR email = $2) AND ($3::text IS NULL OR customer_id = $3)
          AND ($4::timestamptz IS NULL OR placed_at >= $4) AND ($5::timestamptz IS NULL OR placed_at < $5)
          AND ($6::bigint IS NULL OR number < $6)
        ORDER BY number DESC LIMIT $7`,
      [filter.status, filter.email, filter.customerId, filter.placedFrom, filter.placedTo, page.before, page.limit],
      { transaction: null },
    ));
  }

  /** Lines of every order in `orderIds`, in order then position. */
  lines(tenantId: string, orderIds: readonly string[]): Promise<Array<OrderLineRow & { orderId: string }>> {
    return this.inTenant(tenantId, () => this.query<OrderLineRow & { orderId: string }>(
      `SELECT order_id AS "orderId", id, variant_id AS "variantId", product_id AS "productId", sku, title, quantity, unit_amount::text AS "unitAmount",
              subtotal::text AS subtotal, discount::text AS discount, tax::text AS tax, reserved
         FROM commerce.order_lines WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, position`,
      [orderIds],
      { transaction: null },
    ));
  }

  /** Status history of every order in `orderIds`, oldest first. */
  transitions(tenantId: string, orderIds: readonly string[]): Promise<Array<OrderTransitionRow & { orderId: string }>> {
    return this.inTenant(tenantId, () => this.query<OrderTransitionRow & { orderId: string }>(
      `SELECT order_id AS "orderId", id, from_status AS "fromStatus", to_status AS "toStatus", actor_kind AS "actorKind", actor_id AS "actorId", reason, created_at AS "createdAt"
         FROM commerce.order_transitions WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, id`,
      [orderIds],
      { transaction: null },
    ));
  }

  /** Payments of every order in `orderIds`, oldest first. */
  payments(tenantId: string, orderIds: readonly string[]): Promise<PaymentRow[]> {
    return this.inTenant(tenantId, () => this.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM commerce.payments WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, id`, [orderIds], { transaction: null }));
  }
}
