import type { EventToEmit, EventsFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { TRANSITION_EVENTS, type OrderStatus } from '../domain/order-states';
import type { OrderLineRow, OrderRow, OrderTransitionRow } from '../repositories/orders';

/** Order events, one method each; emitted in the write's transaction (outbox). */
export class OrderEvents {
  constructor(private readonly events: EventsFacade) {}

  transitioned(tenantId: string, order: OrderRow, transition: OrderTransitionRow, t: Transaction): Promise<void> {
    return this.events.emit(
      TRANSITION_EVENTS[transition.toStatus as Exclude<OrderStatus, 'pending'>],
      {
        tenantId,
        orderId: order.id,
        number: order.number,
        from: transition.fromStatus,
        to: transition.toStatus,
        actorKind: transition.actorKind,
        actorId: transition.actorId,
        reason: transition.reason,
        at: new Date(transition.createdAt).toISOString(),
      },
      { transaction: t },
    );
  }
}

/** `commerce.order.placed@1` of a new order, for checkout to emit together with its stock events. */
export function placedEvent(tenantId: string, order: OrderRow, lines: ReadonlyArray<Omit<OrderLineRow, 'id'>>): EventToEmit {
  return {
    name: 'commerce.order.placed@1',
    payload: {
      tenantId,
      orderId: order.id,
      number: order.number,
      customerId: order.customerId,
      email: order.email,
      currency: order.currency,
      subtotal: order.subtotal,
      discount: order.discount,
      shipping: order.shipping,
      tax: order.tax,
      total: order.total,
      lines: lines.map((line) => ({ variantId: line.variantId, sku: line.sku, quantity: line.quantity, unitAmount: line.unitAmount })),
      promotionCodes: order.promotions.map((p) => p.code).filter((code): code is string => code !== null),
      placedAt: new Date(order.placedAt).toISOString(),
    },
  };
}
