import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';
import type { Address } from '../domain/inputs';
import type { OrderStatus } from '../domain/order-states';

export interface OrderRow {
  id: string;
  number: string;
  cartId: string;
  customerId: string | null;
  email: string;
  regionId: string;
  currency: string;
  status: OrderStatus;
  subtotal: string;
  discount: string;
  shipping: string;
  tax: string;
  total: string;
  taxRateBp: number;
  pricesIncludeTax: boolean;
  shippingAddress: Address;
  billingAddress: Address | null;
  shippingOption: { id: string; name: string; amount: string };
  promotions: Array<{ id: string; code: string | null; kind: string; amount: string }>;
  placedAt: Date;
  updatedAt: Date;
}

export interface OrderLineRow {
  id: string;
  variantId: string | null;
  productId: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  unitAmount: string;
  subtotal: string;
  discount: string;
  tax: string;
  reserved: boolean;
}

export interface OrderTransitionRow {
  id: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  actorKind: string;
  actorId: string | null;
  reason: string | null;
  createdAt: Date;
}

export type NewOrder = Omit<OrderRow, 'number' | 'status' | 'placedAt' | 'updatedAt'>;
export type NewOrderLine = Omit<OrderLineRow, 'id'>;

export const ORDER_COLUMNS = `id, number::text AS number, cart_id AS "cartId", customer_id AS "customerId", email, region_id AS "regionId", currency, status,
  subtotal::text AS subtotal, discount::text AS discount, shipping::text AS shipping, tax::text AS tax, total::text AS total,
  tax_rate_bp AS "taxRateBp", prices_include_tax AS "pricesIncludeTax", shipping_address AS "shippingAddress", billing_address AS "billingAddress",
  shipping_option AS "shippingOption", promotions, placed_at AS "placedAt", updated_at AS "updatedAt"`;

export interface OrderFilter {
  status: OrderStatus | null;
  email: string | null;
  customerId: string | null;
  placedFrom: Date | null;
  placedTo: Date | null;
}

/** Orders, their lines and their history. */
export class OrderRepository {
  /**
   * Checkout's write of an order in one statement (one round trip): the
   * tenant's next number, the order, its lines and its first history entry.
   * The counter row is locked from here to commit, so checkout takes it
   * last, after stock and promotions: that lock is held for the fewest
   * statements. A rolled-back checkout may leave a gap in the numbers.
   */
  async place(order: NewOrder, lines: ReadonlyArray<NewOrderLine & { id: string }>, first: Omit<OrderTransitionRow, 'createdAt' | 'fromStatus' | 'toStatus'>, t: Transaction): Promise<OrderRow> {
    const [row] = await rows<OrderRow>(
      t,
      `WITH next AS (
         INSERT INTO commerce.order_counters (tenant_id, last_number) VALUES (rustok.current_tenant_id(), 1)
         ON CONFLICT (tenant_id) DO UPDATE SET last_number = order_counters.last_number + 1 RETURNING last_number),
       placed AS (
         INSERT INTO commerce.orders (id, tenant_id, number, cart_id, customer_id, email, region_id, currency, status, subtotal, discount, shipping, tax, total,
                                      tax_rate_bp, prices_include_tax, shipping_address, billing_address, shipping_option, promotions)
         SELECT $1, rustok.current_tenant_id(), next.last_number, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 FROM next
         RETURNING ${ORDER_COLUMNS}),
       lines AS (
         INSERT INTO commerce.order_lines (id, tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_amount, subtotal, discount, tax, reserved, position)
         SELECT l.id, rustok.current_tenant_id(), $1, l.variant_id, l.product_id, l.sku, l.title, l.quantity, l.unit_amount, l.subtotal, l.discount, l.tax, l.reserved, l.position
           FROM unnest($18::uuid[], $19::uuid[], $20::uuid[], $21::text[], $22::text[], $23::int[], $24::bigint[], $25::bigint[], $26::bigint[], $27::bigint[], $28::boolean[])
                WITH ORDINALITY AS l(id, variant_id, product_id, sku, title, quantity, unit_amount, subtotal, discount, tax, reserved, position)),
       history AS (
         INSERT INTO commerce.order_transitions (id, tenant_id, order_id, from_status, to_status, actor_kind, actor_id, reason)
         SELECT $29, rustok.current_tenant_id(), placed.id, NULL, 'pending', $30, $31, $32 FROM placed)
       SELECT * FROM placed`,
      [
        order.id,
        order.cartId,
        order.customerId,
        order.email,
        order.regionId,
        order.currency,
        order.subtotal,
        order.discount,
        order.shipping,
        order.tax,
        order.total,
        order.taxRateBp,
        order.pricesIncludeTax,
        JSON.stringify(order.shippingAddress),
        order.billingAddress === null ? null : JSON.stringify(order.billingAddress),
        JSON.stringify(order.shippingOption),
        JSON.stringify(order.promotions),
        lines.map((l) => l.id),
        lines.map((l) => l.variantId),
        lines.map((l) => l.productId),
        lines.map((l) => l.sku),
        lines.map((l) => l.title),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitAmount),
        lines.map((l) => l.subtotal),
        lines.map((l) => l.discount),
        lines.map((l) => l.tax),
        lines.map((l) => l.reserved),
        first.id,
        first.actorKind,
        first.actorId,
        first.reason,
      ],
    );
    return row as OrderRow;
  }

  async recordTransition(orderId: string, entry: Omit<OrderTransitionRow, 'createdAt'>, t: Transaction): Promise<OrderTransitionRow> {
    const [row] = await rows<OrderTransitionRow>(
      t,
      `INSERT INTO commerce.order_transitions (id, tenant_id, order_id, from_status, to_status, actor_kind, actor_id, reason)
       VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5, $6, $7)
       RETURNING id, from_status AS "fromStatus", to_status AS "toStatus", actor_kind AS "actorKind", actor_id AS "actorId", reason, created_at AS "createdAt"`,
      [entry.id, orderId, entry.fromStatus, entry.toStatus, entry.actorKind, entry.actorId, entry.reason],
    );
    return row as OrderTransitionRow;
  }

  /** Moves the order from `from` to `to`; null when it is no longer `from` (someone else moved it). */
  async setStatus(id: string, from: OrderStatus, to: OrderStatus, t: Transaction): Promise<OrderRow | null> {
    const [row] = await rows<OrderRow>(t, `UPDATE commerce.orders SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING ${ORDER_COLUMNS}`, [id, from, to]);
    return row ?? null;
  }

  async get(id: string, t: Transaction): Promise<OrderRow | null> {
    const [row] = await rows<OrderRow>(t, `SELECT ${ORDER_COLUMNS} FROM commerce.orders WHERE id = $1`, [id]);
    return row ?? null;
  }

  async byCart(cartId: string, t: Transaction): Promise<OrderRow | null> {
    const [row] = await rows<OrderRow>(t, `SELECT ${ORDER_COLUMNS} FROM commerce.orders WHERE cart_id = $1`, [cartId]);
    return row ?? null;
  }

  async byNumber(number: string, t: Transaction): Promise<OrderRow | null> {
    const [row] = await rows<OrderRow>(t, `SELECT ${ORDER_COLUMNS} FROM commerce.orders WHERE number = $1::bigint`, [number]);
    return row ?? null;
  }

  /** Newest first, keyset-paged on the number. */
  async list(filter: OrderFilter, page: { limit: number; before: string | null }, t: Transaction): Promise<OrderRow[]> {
    return rows<OrderRow>(
      t,
      `SELECT ${ORDER_COLUMNS} FROM commerce.orders
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR email = $2) AND ($3::text IS NULL OR customer_id = $3)
          AND ($4::timestamptz IS NULL OR placed_at >= $4) AND ($5::timestamptz IS NULL OR placed_at < $5)
          AND ($6::bigint IS NULL OR number < $6)
        ORDER BY number DESC LIMIT $7`,
      [filter.status, filter.email, filter.customerId, filter.placedFrom, filter.placedTo, page.before, page.limit],
    );
  }

  async lines(orderId: string, t: Transaction): Promise<OrderLineRow[]> {
    return rows<OrderLineRow>(
      t,
      `SELECT id, variant_id AS "variantId", product_id AS "productId", sku, title, quantity, unit_amount::text AS "unitAmount",
              subtotal::text AS subtotal, discount::text AS discount, tax::text AS tax, reserved
         FROM commerce.order_lines WHERE order_id = $1 ORDER BY position`,
      [orderId],
    );
  }

  async transitions(orderId: string, t: Transaction): Promise<OrderTransitionRow[]> {
    return rows<OrderTransitionRow>(
      t,
      `SELECT id, from_status AS "fromStatus", to_status AS "toStatus", actor_kind AS "actorKind", actor_id AS "actorId", reason, created_at AS "createdAt"
         FROM commerce.order_transitions WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
  }
}
