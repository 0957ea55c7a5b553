import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';
import type { Address } from '../domain/inputs';
import type { Query } from './checkout';
import type { PromotionRow } from './promotions';
import type { RegionRow, ShippingOptionRow } from './regions';

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

export const CART = `id, token, customer_id AS "customerId", region_id AS "regionId", currency, email, shipping_address AS "shippingAddress",
  billing_address AS "billingAddress", shipping_option_id AS "shippingOptionId", promotion_codes AS "promotionCodes", status,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Carts and their lines. Every change of an open cart is conditional on it still being open. */
export class CartRepository {
  constructor(private readonly query: Query) {}

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

  /** The parts of the cart with this id, in one statement. */
  async parts(cartId: string, locale: string, t: Transaction): Promise<CartParts> {
    const [row] = await this.query<CartPartsColumns>(`SELECT ${cartPartsSql('$2')} FROM commerce.carts c WHERE c.id = $1`, [cartId, locale], { transaction: t });
    if (row === undefined) throw new Error('A cart vanished while it was read.');
    return cartParts(row);
  }

  /**
   * Adds a line to the open cart with this token in one statement: the cart
   * is touched (and so locked to the end of the transaction, as every change
   * of an open cart is), the variant checked (for sale, priced in the cart's
   * currency) and the line inserted with its price of now only when all
   * holds; the cart comes back with its parts, the new line among them.
   * Otherwise nothing is written and the row tells why.
   */
  async addLineByToken(token: string, line: { id: string; variantId: string; quantity: number }, locale: string, t: Transaction): Promise<AddedLine> {
    const [row] = await this.query<AddedLineRow>(
      `WITH c AS (UPDATE commerce.carts SET updated_at = now() WHERE token = $1 AND status = 'open' RETURNING *),
       variant AS (
         SELECT v.id, p.status, (p.published_at IS NOT NULL AND p.published_at <= now()) AS published, vp.amount
           FROM commerce.variants v JOIN commerce.products p ON p.id = v.product_id
           LEFT JOIN commerce.variant_prices vp ON vp.variant_id = v.id AND vp.currency = (SELECT currency FROM c)
          WHERE v.id = $2),
       added AS (
         INSERT INTO commerce.cart_lines (id, tenant_id, cart_id, variant_id, quantity, unit_amount)
         SELECT $3, rustok.current_tenant_id(), c.id, variant.id, $4, variant.amount FROM c, variant
          WHERE variant.status = 'active' AND variant.published AND variant.amount IS NOT NULL
         RETURNING id, cart_id, variant_id, quantity, unit_amount)
       SELECT ${CART}, ${cartPartsSql('$5', '(SELECT id, cart_id, variant_id, quantity, unit_amount FROM commerce.cart_lines UNION ALL SELECT * FROM added)')},
              EXISTS (SELECT 1 FROM commerce.carts WHERE token = $1) AS "cartExists", EXISTS (SELECT 1 FROM added) AS added,
              (SELECT row_to_json(variant) FROM variant) AS variant
         FROM (SELECT) AS one LEFT JOIN c ON true`,
      [token, line.variantId, line.id, line.quantity, locale],
      { transaction: t },
    );
    if (row === undefined) throw new Error('The add-to-cart statement returned no row.');
    const { partRegion, partLines, partShippingOption, partPromotions, cartExists, added, variant, ...cart } = row;
    if (cart.id === null) return { cart: null, cartExists };
    const sellable = variant === null ? null : { status: variant.status, published: variant.published, priced: variant.amount !== null };
    return added ? { cart: cart as CartRow, added: true, parts: cartParts({ partRegion, partLines, partShippingOption, partPromotions }) } : { cart: cart as CartRow, added: false, variant: sellable };
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

/** What pricing and showing a cart need besides the cart row: read together with it, in the same statement. */
export interface CartParts {
  region: RegionRow;
  lines: CartLineRow[];
  shippingOption: ShippingOptionRow | null;
  /** The cart's codes that exist (whatever their state) and the automatic promotions running now with uses left, in id order. */
  promotions: PromotionRow[];
}

/**
 * Select-list expressions reading a cart's parts as JSON for the cart row
 * aliased `c` (a table or a data-modifying CTE's RETURNING), so one
 * statement returns the cart and everything pricing it needs; `locale` is
 * the parameter (e.g. `$2`) of the locale line titles are read in, and
 * `lines` where the lines are (a statement that adds one passes its own).
 * Amounts travel as text (bigint), read back by `cartParts`.
 */
export function cartPartsSql(locale: string, lines = 'commerce.cart_lines'): string {
  return `(SELECT json_build_object('id', r.id, 'name', r.name, 'currency', r.currency, 'countries', r.countries, 'taxRateBp', r.tax_rate_bp, 'pricesIncludeTax', r.prices_include_tax)
       FROM commerce.regions r WHERE r.id = c.region_id) AS "partRegion",
    (SELECT COALESCE(json_agg(json_build_object('id', l.id, 'variantId', l.variant_id, 'productId', v.product_id, 'sku', v.sku, 'quantity', l.quantity,
              'unitAmount', l.unit_amount::text, 'inventoryPolicy', v.inventory_policy,
              'title', COALESCE((SELECT pt.title FROM commerce.product_translations pt WHERE pt.product_id = v.product_id ORDER BY pt.locale = ${locale} DESC, pt.locale LIMIT 1), v.sku, ''),
              'categoryIds', COALESCE((SELECT array_agg(pc.category_id) FROM commerce.product_categories pc WHERE pc.product_id = v.product_id), '{}'))
            ORDER BY l.id), '[]')
       FROM ${lines} l JOIN commerce.variants v ON v.id = l.variant_id WHERE l.cart_id = c.id) AS "partLines",
    (SELECT json_build_object('id', o.id, 'regionId', o.region_id, 'name', o.name, 'amount', o.amount::text, 'freeOver', o.free_over::text, 'active', o.active)
       FROM commerce.shipping_options o WHERE o.id = c.shipping_option_id) AS "partShippingOption",
    (SELECT COALESCE(json_agg(json_build_object('id', p.id, 'code', p.code, 'automatic', p.automatic, 'kind', p.kind, 'value', p.value::text, 'currency', p.currency,
              'productIds', p.product_ids, 'categoryIds', p.category_ids, 'startsAt', p.starts_at, 'endsAt', p.ends_at, 'usageLimit', p.usage_limit,
              'perCustomerLimit', p.per_customer_limit, 'usedCount', p.used_count, 'active', p.active) ORDER BY p.id), '[]')
       FROM commerce.promotions p
      WHERE p.code = ANY(c.promotion_codes)
         OR (p.automatic AND p.active AND (p.starts_at IS NULL OR p.starts_at <= now()) AND (p.ends_at IS NULL OR p.ends_at > now())
             AND (p.usage_limit IS NULL OR p.used_count < p.usage_limit))) AS "partPromotions"`;
}

/** The columns `cartPartsSql` adds to a row. */
export interface CartPartsColumns {
  partRegion: RegionRow | null;
  partLines: CartLineRow[];
  partShippingOption: ShippingOptionRow | null;
  partPromotions: Array<Omit<PromotionRow, 'startsAt' | 'endsAt'> & { startsAt: string | null; endsAt: string | null }>;
}

/** The parts of a row read with `cartPartsSql`; JSON has no dates, so the promotions' window is parsed here. */
export function cartParts(row: CartPartsColumns): CartParts {
  // A cart's region is a foreign key: it cannot be missing while the cart exists.
  if (row.partRegion === null) throw new Error("A cart's region vanished while the cart was read.");
  return {
    region: row.partRegion,
    lines: row.partLines,
    shippingOption: row.partShippingOption,
    promotions: row.partPromotions.map((p) => ({ ...p, startsAt: p.startsAt === null ? null : new Date(p.startsAt), endsAt: p.endsAt === null ? null : new Date(p.endsAt) })),
  };
}

/** What adding a line did: no open cart (`cartExists` tells unknown from closed), refused for the variant, or added. */
export type AddedLine =
  | { cart: null; cartExists: boolean }
  | { cart: CartRow; added: false; variant: { status: string; published: boolean; priced: boolean } | null }
  | { cart: CartRow; added: true; parts: CartParts };

type AddedLineRow = CartPartsColumns &
  (CartRow | { [K in keyof CartRow]: null }) & { cartExists: boolean; added: boolean; variant: { id: string; status: string; published: boolean; amount: string | null } | null };
