import { CheckoutErrors, checkoutError } from '../errors';

export const ORDER_STATUSES = ['pending', 'confirmed', 'paid', 'fulfilled', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The order lifecycle. Cancelling is possible until the order is paid (after
 * that, money has moved: refund instead); a refund is possible once paid.
 * Cancelled and refunded are final.
 */
const ALLOWED: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['paid', 'cancelled'],
  paid: ['fulfilled', 'refunded'],
  fulfilled: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** What a transition does to the reserved stock of the order's lines. */
export type StockEffect = 'release' | 'commit-sale' | 'none';

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** ORDER_TRANSITION_INVALID (field `status`) unless `from → to` is allowed. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    const allowed = ALLOWED[from];
    throw checkoutError(CheckoutErrors.ORDER_TRANSITION_INVALID, `An order that is ${from} cannot become ${to}.`, {
      field: 'status',
      fix: allowed.length === 0 ? `A ${from} order is final.` : `From ${from} it can become: ${allowed.join(', ')}.`,
      details: { from, to },
    });
  }
}

/**
 * Stock reserved at checkout stays reserved until the goods leave
 * (fulfilled: on hand and reserved both drop) or the order is let go
 * (cancelled, or refunded before fulfilment: the reservation is released).
 */
export function stockEffect(from: OrderStatus, to: OrderStatus): StockEffect {
  if (to === 'fulfilled') return 'commit-sale';
  if (to === 'cancelled') return 'release';
  if (to === 'refunded' && from === 'paid') return 'release';
  return 'none';
}

/** Event sent for entering each status (`commerce.order.<verb>@1`). */
export const TRANSITION_EVENTS: Readonly<Record<Exclude<OrderStatus, 'pending'>, string>> = {
  confirmed: 'commerce.order.confirmed@1',
  paid: 'commerce.order.paid@1',
  fulfilled: 'commerce.order.fulfilled@1',
  completed: 'commerce.order.completed@1',
  cancelled: 'commerce.order.cancelled@1',
  refunded: 'commerce.order.refunded@1',
};
