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
