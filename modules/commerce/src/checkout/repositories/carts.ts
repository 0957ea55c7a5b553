import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';
import type { Address } from '../domain/inputs';

export interface CartRow {
  id: string;
  token: string;
  customerId: string | null;
  regionId: string;
  currency: string;
  email: string | null;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  shippingOptionId: string | null;
  promotionCodes: string[];
  status: 'open' | 'completed' | 'merged';
  createdAt: Date;
  updatedAt: Date;
}

/** A cart line with what pricing and order snapshots need of its variant. */
export interface CartLineRow {
  id: string;
  variantId: string;
  productId: string;
  sku: string | null;
  title: string;
  quantity: number;
  unitAmount: string;
  categoryIds: string[];
  /** 'deny' variants are reserved at checkout; 'continue' ones may be sold out of stock. */
  inventoryPolicy: 'deny' | 'continue';
}

/** A variant as a cart sees it: can it be sold, and at what price in the cart's currency. */
export interface SellableVariant {
  variantId: string;
  productId: string;
  status: string;
  published: boolean;
  amount: string | null;
}

const CART = `id, token, customer_id AS "customerId", region_id AS "regionId", currency, email, shipping_address AS "shippingAddress",
  billing_address AS "billingAddress", shipping_option_id AS "shippingOptionId", promotion_codes AS "promotionCodes", status,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Carts and their lines. Every change of an open cart is conditional on it still being open. */
export class CartRepository {
  async create(cart: { id: string; token: string; customerId: string | null; regionId: string; currency: string; email: string | null }, t: Transaction): Promise<CartRow> {
    const [row] = await rows<CartRow>(
      t,
      `INSERT INTO commerce.carts (id, tenant_id, token, customer_id, region_id, currency, email)
       VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5, $6) RETURNING ${CART}`,
      [cart.id, cart.token, cart.customerId, cart.regionId, cart.currency, cart.email],
    );
    return row as CartRow;
  }

  async byToken(token: string, t: Transaction): Promise<CartRow | null> {
    const [row] = await rows<CartRow>(t, `SELECT ${CART} FROM commerce.carts WHERE token = $1`, [token]);
    return row ?? null;
  }

  async byId(id: string, t: Transaction): Promise<CartRow | null> {
    const [row] = await rows<CartRow>(t, `SELECT ${CART} FROM commerce.carts WHERE id = $1`, [id]);
    return row ?? null;
  }

  async openCartOf(customerId: string, t: Transaction): Promise<CartRow | null> {
    const [row] = await rows<CartRow>(t, `SELECT ${CART} FROM commerce.carts WHERE customer_id = $1 AND status = 'open' ORDER BY updated_at DESC LIMIT 1`, [customerId]);
    return row ?? null;
  }

  /** Updates an open cart; null when it is not open (any more). */
  async update(
    id: string,
    patch: { email?: string; shippingAddress?: Address; billingAddress?: Address | null; shippingOptionId?: string | null; promotionCodes?: string[]; customerId?: string; status?: 'merged' },
    t: Transaction,
  ): Promise<CartRow | null> {
    const [row] = await rows<CartRow>(
      t,
      `UPDATE commerce.carts SET
          email = COALESCE($2, email),
          shipping_address = COALESCE($3::jsonb, shipping_address),
          billing_address = CASE WHEN $4 THEN $5::jsonb ELSE billing_address END,
          shipping_option_id = CASE WHEN $6 THEN $7::uuid ELSE shipping_option_id END,
          promotion_codes = COALESCE($8, promotion_codes),
          customer_id = COALESCE($9, customer_id),
          status = COALESCE($10, status),
          updated_at = now()
        WHERE id = $1 AND status = 'open' RETURNING ${CART}`,
      [
        id,
        patch.email ?? null,
        patch.shippingAddress === undefined ? null : JSON.stringify(patch.shippingAddress),
        patch.billingAddress !== undefined,
        patch.billingAddress == null ? null : JSON.stringify(patch.billingAddress),
        patch.shippingOptionId !== undefined,
        patch.shippingOptionId ?? null,
        patch.promotionCodes ?? null,
        patch.customerId ?? null,
        patch.status ?? null,
      ],
    );
    return row ?? null;
  }

  /**
   * Marks the open cart with this token completed: the first statement of a
   * checkout. The row stays locked until the checkout commits, so a second
   * checkout of the same cart waits, then finds it completed (null).
   */
  async completeByToken(token: string, t: Transaction): Promise<CartRow | null> {
    const [row] = await rows<CartRow>(t, `UPDATE commerce.carts SET status = 'completed', updated_at = now() WHERE token = $1 AND status = 'open' RETURNING ${CART}`, [token]);
    return row ?? null;
  }

  async lines(cartId: string, locale: string, t: Transaction): Promise<CartLineRow[]> {
    return rows<CartLineRow>(
      t,
      `SELECT l.id, l.variant_id AS "variantId", v.product_id AS "productId", v.sku, l.quantity, l.unit_amount::text AS "unitAmount", v.inventory_policy AS "inventoryPolicy",
              COALESCE((SELECT pt.title FROM commerce.product_translations pt WHERE pt.product_id = v.product_id ORDER BY pt.locale = $2 DESC, pt.locale LIMIT 1), v.sku, '') AS title,
              COALESCE((SELECT array_agg(pc.category_id) FROM commerce.product_categories pc WHERE pc.product_id = v.product_id), '{}') AS "categoryIds"
         FROM commerce.cart_lines l JOIN commerce.variants v ON v.id = l.variant_id
        WHERE l.cart_id = $1 ORDER BY l.id`,
      [cartId, locale],
    );
  }

  async sellable(variantId: string, currency: string, t: Transaction): Promise<SellableVariant | null> {
    const [row] = await rows<SellableVariant>(
      t,
      `SELECT v.id AS "variantId", v.product_id AS "productId", p.status, (p.published_at IS NOT NULL AND p.published_at <= now()) AS published, vp.amount::text AS amount
         FROM commerce.variants v JOIN commerce.products p ON p.id = v.product_id
         LEFT JOIN commerce.variant_prices vp ON vp.variant_id = v.id AND vp.currency = $2
        WHERE v.id = $1`,
      [variantId, currency],
    );
    return row ?? null;
  }

  async addLine(line: { id: string; cartId: string; variantId: string; quantity: number; unitAmount: string }, t: Transaction): Promise<void> {
    await rows(t, `INSERT INTO commerce.cart_lines (id, tenant_id, cart_id, variant_id, quantity, unit_amount) VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5)`, [
      line.id,
      line.cartId,
      line.variantId,
      line.quantity,
      line.unitAmount,
    ]);
  }

  async setLineQuantity(cartId: string, lineId: string, quantity: number, t: Transaction): Promise<boolean> {
    return (await rows(t, `UPDATE commerce.cart_lines SET quantity = $3 WHERE cart_id = $1 AND id = $2 RETURNING id`, [cartId, lineId, quantity])).length > 0;
  }

  async removeLine(cartId: string, lineId: string, t: Transaction): Promise<boolean> {
    return (await rows(t, `DELETE FROM commerce.cart_lines WHERE cart_id = $1 AND id = $2 RETURNING id`, [cartId, lineId])).length > 0;
  }

  /** Moves every line of one cart to another (merging a guest cart into a customer's). */
  async moveLines(fromCartId: string, toCartId: string, t: Transaction): Promise<void> {
    await rows(t, `UPDATE commerce.cart_lines SET cart_id = $2 WHERE cart_id = $1`, [fromCartId, toCartId]);
  }

  /** Touches an open cart (its lines changed); false when it is not open. */
  async touchOpen(id: string, t: Transaction): Promise<boolean> {
    return (await rows(t, `UPDATE commerce.carts SET updated_at = now() WHERE id = $1 AND status = 'open' RETURNING id`, [id])).length > 0;
  }
}
