import type { Transaction } from 'sequelize';
import { uuidv7 } from '@rustok/contracts';
import type { InventoryService, StockLine } from '../../services/inventory';
import type { Transactions } from '../../services/transactions';
import { assertTransition, stockEffect, type OrderStatus } from '../domain/order-states';
import { CheckoutErrors, checkoutError } from '../errors';
import type { OrderReads } from '../repositories/order-reads';
import type { OrderFilter, OrderLineRow, OrderRepository, OrderRow, OrderTransitionRow } from '../repositories/orders';
import type { PaymentRow } from '../repositories/payments';
import type { Caller } from './caller';
import type { OrderEvents } from './order-events';

/** Orders after checkout: reads for customers, guests and admins, and the guarded state machine. */
export class OrderService {
  constructor(private readonly deps: { orders: OrderRepository; reads: OrderReads; inventory: InventoryService; events: OrderEvents; transactions: Transactions }) {}

  /**
   * Moves an order to `to` inside `t`: the guard (ORDER_TRANSITION_INVALID),
   * a conditional UPDATE on the status it was read in (ORDER_CHANGED when
   * another transition won the race), the stock effect, a history entry
   * (who, when, why) and the transition's event — all in one transaction.
   */
  async transitionIn(caller: Caller, order: OrderRow, to: OrderStatus, reason: string | null, t: Transaction): Promise<OrderRow> {
    assertTransition(order.status, to);
    const updated = await this.deps.orders.setStatus(order.id, order.status, to, t);
    if (updated === null) throw checkoutError(CheckoutErrors.ORDER_CHANGED, 'The order changed meanwhile; reload it and try again.', { field: 'id' });
    const effect = stockEffect(order.status, to);
    if (effect !== 'none') {
      const lines = (await this.deps.orders.lines(order.id, t)).filter((line): line is OrderLineRow & { variantId: string } => line.reserved && line.variantId !== null);
      const stock: StockLine[] = lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity }));
      if (stock.length > 0) {
        if (effect === 'release') await this.deps.inventory.release(caller.tenantId, stock, `order:${order.id}`, t);
        else await this.deps.inventory.commitSale(caller.tenantId, stock, `order:${order.id}`, t);
      }
    }
    const transition = await this.deps.orders.recordTransition(order.id, { id: uuidv7(), fromStatus: order.status, toStatus: to, actorKind: caller.actorKind, actorId: caller.actorId, reason }, t);
    await this.deps.events.transitioned(caller.tenantId, updated, transition, t);
    return updated;
  }

  transition(caller: Caller, orderId: string, to: OrderStatus, reason: string | null): Promise<OrderRow> {
    const why = reason == null ? null : reason.trim().slice(0, 1000) || null;
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => this.transitionIn(caller, await this.require(orderId, t), to, why, t));
  }

  async require(orderId: string, t: Transaction): Promise<OrderRow> {
    const order = await this.deps.orders.get(orderId, t);
    if (order === null) throw checkoutError(CheckoutErrors.ORDER_NOT_FOUND, 'No such order.', { field: 'id' });
    return order;
  }

  get(caller: Caller, orderId: string): Promise<OrderRow | null> {
    return this.deps.transactions.inTenant(caller.tenantId, (t) => this.deps.orders.get(orderId, t));
  }

  /** A guest's order: number and e-mail must both match (a wrong one answers nothing, not which was wrong). */
  byNumberAndEmail(caller: Caller, number: string, email: string): Promise<OrderRow | null> {
    if (!/^\d{1,18}$/.test(number)) return Promise.resolve(null);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const order = await this.deps.orders.byNumber(number, t);
      return order !== null && order.email === email.trim().toLowerCase() ? order : null;
    });
  }

  /** One statement (see OrderReads), whatever the page size. */
  list(caller: Caller, filter: OrderFilter, page: { limit: number; before: string | null }): Promise<OrderRow[]> {
    return this.deps.reads.list(caller.tenantId, filter, page);
  }

  /** Lines of each order in `orderIds` (one statement for all), in the same order as `orderIds`. */
  async linesOf(caller: Caller, orderIds: readonly string[]): Promise<OrderLineRow[][]> {
    return groupBy(orderIds, await this.deps.reads.lines(caller.tenantId, orderIds), (line) => line.orderId);
  }

  /** History of each order in `orderIds` (one statement for all). */
  async historyOf(caller: Caller, orderIds: readonly string[]): Promise<OrderTransitionRow[][]> {
    return groupBy(orderIds, await this.deps.reads.transitions(caller.tenantId, orderIds), (entry) => entry.orderId);
  }

  /** Payments of each order in `orderIds` (one statement for all). */
  async paymentsOf(caller: Caller, orderIds: readonly string[]): Promise<PaymentRow[][]> {
    return groupBy(orderIds, await this.deps.reads.payments(caller.tenantId, orderIds), (payment) => payment.orderId);
  }
}

/** Rows grouped per key, one group per entry of `keys` (empty when it has none), keeping the rows' order. */
function groupBy<R>(keys: readonly string[], found: readonly R[], keyOf: (row: R) => string): R[][] {
  const groups = new Map<string, R[]>(keys.map((key) => [key, []]));
  for (const row of found) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) as R[]);
}
