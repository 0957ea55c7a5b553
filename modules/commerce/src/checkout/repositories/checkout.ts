import type { ModelsFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { Params } from '../../repositories/sql';
import type { StockChange } from '../../repositories/inventory';
import { CLAIM_COLUMNS, claimCtes, type ClaimOutcome, type KeyClaim } from './idempotency';
import { CART, cartParts, cartPartsSql, type CartParts, type CartPartsColumns, type CartRow } from './carts';
import { ORDER_COLUMNS, type NewOrder, type NewOrderLine, type OrderRow, type OrderTransitionRow } from './orders';

export type Query = ModelsFacade['query'];

/** What closing a cart found: the cart with its parts, or why there was none to close. */
export type Closed = { cart: CartRow; parts: CartParts } | { cart: null; exists: boolean };

/** One variant's reservation: `adjustmentId` is the id its ledger row gets. */
export interface Reservation {
  variantId: string;
  quantity: number;
  adjustmentId: string;
}

/** A promotion use to take; `perCustomerLimit` set when the customer's own counter must be taken as well. */
export interface PromotionUse {
  id: string;
  perCustomerLimit: number | null;
}

export interface Placement {
  order: NewOrder;
  lines: ReadonlyArray<NewOrderLine & { id: string }>;
  first: Omit<OrderTransitionRow, 'createdAt' | 'fromStatus' | 'toStatus'>;
  /** In variant-id order, one per variant (the order every checkout locks stock levels in). */
  reservations: readonly Reservation[];
  /** The ledger rows' reference. */
  reference: string;
  /** In id order (the order every checkout locks promotions in). */
  promotions: readonly PromotionUse[];
  customerKey: string;
}

/** What a placement did; `order` is null when a condition refused it (the caller rolls back). */
export interface Placed {
  order: OrderRow | null;
  /** Stock levels after the reservation, with the ledger row of each. */
  reserved: Array<StockChange & { adjustmentId: string }>;
  /** Variants that have a stock level: a reserved one missing from `reserved` had too little available. */
  stocked: string[];
  taken: string[];
  customerTaken: string[];
}

interface ReservedJson extends Omit<StockChange, 'updatedAt'> {
  updatedAt: string;
  adjustmentId: string;
}

/**
 * Checkout's statements: two per order, through `ctx.models.query` (prepared
 * once per connection, only values travel). Every SQL round trip is the cost
 * of checkout, so reads are folded into the statement that closes the cart,
 * and every write of the order into one more.
 */
export class CheckoutRepository {
  constructor(private readonly query: Query) {}

  /**
   * Claims the idempotency key (when there is one), marks the open cart
   * with this token completed and reads, in the same statement, what
   * pricing it needs (region, lines, shipping option,
   * promotions). The cart row stays locked until the checkout ends, so a
   * second checkout of the same cart waits, then finds it closed. When no
   * open cart has the token, `exists` tells an unknown token from a cart
   * already checked out (a cart row is never deleted while its token is in
   * use; its status may have changed after this statement's snapshot, its
   * existence not).
   */
  async close(token: string, locale: string, claim: KeyClaim | null, t: Transaction): Promise<Closed & ClaimOutcome> {
    const params = new Params();
    // With a key, its claim comes first and the cart is closed only when it was claimed: a key already taken leaves the cart alone.
    const claimed = claim === null ? '' : `${claimCtes(params, claim)},`;
    const [tokenParam, localeParam] = [params.add(token), params.add(locale)];
    // One row always (the join's left side): the cart's columns are null when none was closed. Unqualified columns are the cart's.
    const [row] = await this.query<(CartRow | { id: null }) & CartPartsColumns & ClaimOutcome & { cartExists: boolean }>(
      `WITH ${claimed}
       c AS (UPDATE commerce.carts SET status = 'completed', updated_at = now()
              WHERE token = ${tokenParam} AND status = 'open'${claim === null ? '' : ' AND EXISTS (SELECT 1 FROM claimed)'} RETURNING *)
       SELECT ${CART}, ${cartPartsSql(localeParam)}, EXISTS (SELECT 1 FROM commerce.carts WHERE token = ${tokenParam}) AS "cartExists",
              ${claim === null ? 'true AS "keyClaimed", NULL::timestamptz AS "pruneDueAt"' : CLAIM_COLUMNS}
         FROM (SELECT) AS one LEFT JOIN c ON true`,
      params.values,
      { transaction: t },
    );
    if (row === undefined) throw new Error('The closing statement returned no row.');
    const { partRegion, partLines, partShippingOption, partPromotions, cartExists, keyClaimed, pruneDueAt, ...cart } = row;
    const outcome = { keyClaimed, pruneDueAt: pruneDueAt === null ? null : new Date(pruneDueAt) };
    if (cart.id === null) return { cart: null, exists: cartExists, ...outcome };
    return { cart: cart as CartRow, parts: cartParts({ partRegion, partLines, partShippingOption, partPromotions }), ...outcome };
  }

  /**
   * Every write of an order in one statement, each part conditional on the
   * ones before, so locks are taken in the fixed order every checkout uses
   * and nothing after a refused condition runs:
   * 1. stock levels locked in variant-id order, then reserved with one
   *    conditional UPDATE (`on_hand - reserved >= quantity`: never a read
   *    followed by a write), with a ledger row each;
   * 2. only when every reservation held: promotions locked in id order, a use
   *    taken of each (`used_count < usage_limit`, in its window), and the
   *    customer's counter where the promotion limits it;
   * 3. only when every use was taken: the tenant's order counter (locked to
   *    commit, so taken last), the order, its lines and first history entry.
   * A refused condition leaves `order` null and the caller tells which from
   * the rest and rolls back; the CHECK constraints hold the same rules again.
   */
  async place(p: Placement, t: Transaction): Promise<Placed> {
    const { order, lines, first } = p;
    const [row] = await this.query<OrderRow & { orderId: string | null; reserved: ReservedJson[]; stocked: string[]; taken: string[]; customerTaken: string[] }>(
      `WITH want AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[]) AS w(variant_id, quantity, adjustment_id)),
       stock_locked AS (
         SELECT s.variant_id FROM commerce.stock_levels s WHERE s.variant_id = ANY($1::uuid[]) ORDER BY s.variant_id FOR UPDATE),
       reserved AS (
         UPDATE commerce.stock_levels s SET reserved = s.reserved + w.quantity, updated_at = now()
           FROM want w, commerce.variants v
          WHERE s.variant_id = w.variant_id AND v.id = s.variant_id AND s.on_hand - s.reserved >= w.quantity
            AND s.variant_id IN (SELECT variant_id FROM stock_locked)
         RETURNING s.variant_id, v.product_id, v.sku, s.on_hand, s.reserved, s.on_hand AS previous_on_hand, s.reserved - w.quantity AS previous_reserved,
                   v.low_stock_threshold, s.updated_at, w.adjustment_id, w.quantity),
       ledger AS (
         INSERT INTO commerce.stock_adjustments (id, tenant_id, variant_id, delta_on_hand, delta_reserved, on_hand_after, reserved_after, reason, note, reference, actor_id)
         SELECT r.adjustment_id, rustok.current_tenant_id(), r.variant_id, 0, r.quantity, r.on_hand, r.reserved, 'reserved', NULL, $4, NULL FROM reserved r),
       all_reserved AS (SELECT (SELECT count(*) FROM reserved) = cardinality($1::uuid[]) AS ok),
       promotions_locked AS (
         SELECT p.id FROM commerce.promotions p WHERE p.id = ANY($5::uuid[]) AND (SELECT ok FROM all_reserved) ORDER BY p.id FOR UPDATE),
       taken AS (
         UPDATE commerce.promotions p SET used_count = p.used_count + 1
          WHERE p.id IN (SELECT id FROM promotions_locked) AND p.active AND (p.usage_limit IS NULL OR p.used_count < p.usage_limit)
            AND (p.starts_at IS NULL OR p.starts_at <= now()) AND (p.ends_at IS NULL OR p.ends_at > now())
         RETURNING p.id),
       limited AS (SELECT * FROM unnest($6::uuid[], $7::int[]) AS u(id, per_customer_limit)),
       customer_taken AS (
         INSERT INTO commerce.promotion_customer_uses (tenant_id, promotion_id, customer_key, uses)
         SELECT rustok.current_tenant_id(), u.id, $8, 1 FROM limited u WHERE u.id IN (SELECT id FROM taken) ORDER BY u.id
         ON CONFLICT (promotion_id, customer_key) DO UPDATE SET uses = promotion_customer_uses.uses + 1
          WHERE promotion_customer_uses.uses < (SELECT u.per_customer_limit FROM limited u WHERE u.id = promotion_customer_uses.promotion_id)
         RETURNING promotion_id),
       next AS (
         INSERT INTO commerce.order_counters (tenant_id, last_number)
         SELECT rustok.current_tenant_id(), 1
          WHERE (SELECT ok FROM all_reserved) AND (SELECT count(*) FROM taken) = cardinality($5::uuid[])
            AND (SELECT count(*) FROM customer_taken) = cardinality($6::uuid[])
         ON CONFLICT (tenant_id) DO UPDATE SET last_number = order_counters.last_number + 1 RETURNING last_number),
       placed AS (
         INSERT INTO commerce.orders (id, tenant_id, number, cart_id, customer_id, email, region_id, currency, status, subtotal, discount, shipping, tax, total,
                                      tax_rate_bp, prices_include_tax, shipping_address, billing_address, shipping_option, promotions)
         SELECT $9, rustok.current_tenant_id(), next.last_number, $10, $11, $12, $13, $14, 'pending', $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25 FROM next
         RETURNING ${ORDER_COLUMNS}),
       placed_lines AS (
         INSERT INTO commerce.order_lines (id, tenant_id, order_id, variant_id, product_id, sku, title, quantity, unit_amount, subtotal, discount, tax, reserved, position)
         SELECT l.id, rustok.current_tenant_id(), placed.id, l.variant_id, l.product_id, l.sku, l.title, l.quantity, l.unit_amount, l.subtotal, l.discount, l.tax, l.reserved, l.position
           FROM placed, unnest($26::uuid[], $27::uuid[], $28::uuid[], $29::text[], $30::text[], $31::int[], $32::bigint[], $33::bigint[], $34::bigint[], $35::bigint[], $36::boolean[])
                WITH ORDINALITY AS l(id, variant_id, product_id, sku, title, quantity, unit_amount, subtotal, discount, tax, reserved, position)),
       history AS (
         INSERT INTO commerce.order_transitions (id, tenant_id, order_id, from_status, to_status, actor_kind, actor_id, reason)
         SELECT $37, rustok.current_tenant_id(), placed.id, NULL, 'pending', $38, $39, $40 FROM placed)
       SELECT placed.*, placed.id AS "orderId",
              (SELECT COALESCE(json_agg(json_build_object('variantId', r.variant_id, 'productId', r.product_id, 'sku', r.sku, 'onHand', r.on_hand, 'reserved', r.reserved,
                        'previousOnHand', r.previous_on_hand, 'previousReserved', r.previous_reserved, 'lowStockThreshold', r.low_stock_threshold,
                        'updatedAt', r.updated_at, 'adjustmentId', r.adjustment_id) ORDER BY r.variant_id), '[]') FROM reserved r) AS reserved,
              ARRAY(SELECT variant_id::text FROM stock_locked) AS stocked,
              ARRAY(SELECT id::text FROM taken) AS taken,
              ARRAY(SELECT promotion_id::text FROM customer_taken) AS "customerTaken"
         FROM (SELECT) AS one LEFT JOIN placed ON true`,
      [
        p.reservations.map((r) => r.variantId),
        p.reservations.map((r) => r.quantity),
        p.reservations.map((r) => r.adjustmentId),
        p.reference,
        p.promotions.map((u) => u.id),
        p.promotions.filter((u) => u.perCustomerLimit !== null).map((u) => u.id),
        p.promotions.filter((u) => u.perCustomerLimit !== null).map((u) => u.perCustomerLimit),
        p.customerKey,
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
      { transaction: t },
    );
    if (row === undefined) throw new Error('The placement statement returned no row.');
    const { orderId, reserved, stocked, taken, customerTaken, ...order_ } = row;
    return {
      order: orderId === null ? null : (order_ as OrderRow),
      reserved: reserved.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) })),
      stocked,
      taken,
      customerTaken,
    };
  }
}
