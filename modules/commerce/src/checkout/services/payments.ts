import { uuidv7 } from '@rustok/contracts';
import type { Transactions } from '../../services/transactions';
import type { OrderStatus } from '../domain/order-states';
import { PAYMENT_STATUS_RANK, type PaymentProvider, type PaymentRequest, type PaymentResult } from '../domain/payments';
import { CheckoutErrors, checkoutError } from '../errors';
import type { CartRepository } from '../repositories/carts';
import type { OrderRepository, OrderRow } from '../repositories/orders';
import type { PaymentRepository, PaymentRow } from '../repositories/payments';
import type { Caller } from './caller';
import type { Idempotent } from './idempotent';
import type { OrderService } from './orders';

const SYSTEM: Omit<Caller, 'tenantId' | 'locale'> = { actorId: null, actorKind: 'system' };

/**
 * Payments through providers. A provider call never runs inside a database
 * transaction: a payment is written (pending) and committed, the provider is
 * called with no lock held, and its answer is applied in a second short
 * transaction that moves the payment forward only (see PAYMENT_STATUS_RANK).
 */
export class PaymentService {
  private readonly providers = new Map<string, PaymentProvider>();

  constructor(
    private readonly deps: { payments: PaymentRepository; orders: OrderRepository; carts: CartRepository; orderService: OrderService; idempotent: Idempotent; transactions: Transactions },
  ) {}

  registerProvider(provider: PaymentProvider): void {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(provider.id)) throw new TypeError(`A payment provider id is lower-case letters, digits and -; got "${provider.id}".`);
    if (this.providers.has(provider.id)) throw new TypeError(`A payment provider "${provider.id}" is already registered.`);
    this.providers.set(provider.id, provider);
  }

  providerIds(): string[] {
    return [...this.providers.keys()].sort();
  }

  private provider(id: string, field: string): PaymentProvider {
    const provider = this.providers.get(id);
    if (provider === undefined) throw checkoutError(CheckoutErrors.PAYMENT_PROVIDER_UNKNOWN, `No payment provider "${id}"; there are: ${this.providerIds().join(', ')}.`, { field });
    return provider;
  }

  /** The shopper pays the order their (checked-out) cart became. */
  async addPayment(caller: Caller, cartToken: string, providerId: string, idempotencyKey: string | null | undefined): Promise<PaymentRow> {
    const provider = this.provider(providerId, 'provider');
    let created = false;
    const payment = await this.deps.idempotent.run(caller, idempotencyKey, {
      name: 'addPayment',
      input: { cartToken, provider: providerId },
      work: async (t) => {
        const cart = await this.deps.carts.byToken(cartToken, t);
        const order = cart === null ? null : await this.orderOfCart(cart.id, t);
        if (order === null) throw checkoutError(CheckoutErrors.ORDER_NOT_FOUND, 'This cart has not been checked out.', { field: 'cartToken' });
        if (order.status !== 'pending' && order.status !== 'confirmed') throw checkoutError(CheckoutErrors.PAYMENT_NOT_ALLOWED, `An order that is ${order.status} takes no payment.`, { field: 'cartToken' });
        const open = (await this.deps.payments.ofOrder(order.id, t)).find((p) => p.status === 'pending' || p.status === 'authorized' || p.status === 'captured');
        if (open !== undefined) throw checkoutError(CheckoutErrors.PAYMENT_NOT_ALLOWED, 'The order already has a payment in progress.', { field: 'cartToken', details: { paymentId: open.id } });
        created = true;
        return this.deps.payments.insert({ id: uuidv7(), orderId: order.id, provider: provider.id, status: 'pending', amount: order.total, currency: order.currency, reference: null }, t);
      },
      remember: (p) => ({ paymentId: p.id }),
      replay: async (remembered, t) => (await this.deps.payments.get((remembered as { paymentId: string }).paymentId, t)) as PaymentRow,
    });
    if (!created) return payment;
    const order = (await this.deps.transactions.inTenant(caller.tenantId, (t) => this.deps.orders.get(payment.orderId, t))) as OrderRow;
    let result: PaymentResult;
    try {
      result = await provider.authorize(request(payment, order));
    } catch (error) {
      await this.apply(caller, payment.id, { status: 'failed', reference: null });
      throw checkoutError(CheckoutErrors.PAYMENT_FAILED, `The payment provider refused: ${(error as Error).message}`, { field: 'provider' });
    }
    return this.apply(caller, payment.id, result);
  }

  /** Captures (mark paid) or refunds an order's open payments with their providers, outside any transaction. */
  async settle(caller: Caller, orderId: string, action: 'capture' | 'refund' | 'cancel'): Promise<void> {
    const { order, payments } = await this.deps.transactions.inTenant(caller.tenantId, async (t) => ({ order: await this.deps.orderService.require(orderId, t), payments: await this.deps.payments.ofOrder(orderId, t) }));
    const wanted = action === 'capture' ? ['pending', 'authorized'] : action === 'refund' ? ['captured'] : ['pending', 'authorized'];
    for (const payment of payments.filter((p) => wanted.includes(p.status))) {
      const provider = this.provider(payment.provider, 'provider');
      const result = action === 'capture' ? await provider.capture(request(payment, order)) : action === 'refund' ? await provider.refund(request(payment, order), BigInt(payment.amount)) : await provider.cancel(request(payment, order));
      await this.apply(caller, payment.id, result, false);
    }
  }

  /**
   * Applies a provider's answer: the payment moves forward only; a capture
   * makes the order paid (confirming it first if needed), a refund refunds it.
   */
  private async apply(caller: Caller, paymentId: string, result: PaymentResult, moveOrder = true): Promise<PaymentRow> {
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const payment = (await this.deps.payments.get(paymentId, t)) as PaymentRow;
      const forward = PAYMENT_STATUS_RANK[result.status] > PAYMENT_STATUS_RANK[payment.status];
      const learnsReference = result.reference !== null && payment.reference === null;
      if (!forward && !learnsReference) return payment;
      const updated = (await this.deps.payments.setStatus(payment.id, payment.status, forward ? result.status : payment.status, result.reference, t)) ?? payment;
      if (moveOrder) await this.moveOrder({ ...caller, ...SYSTEM }, updated, t);
      return updated;
    });
  }

  private async moveOrder(caller: Caller, payment: PaymentRow, t: Parameters<OrderService['transitionIn']>[4]): Promise<void> {
    let order = (await this.deps.orders.get(payment.orderId, t)) as OrderRow;
    const path: OrderStatus[] =
      payment.status === 'captured' ? (order.status === 'pending' ? ['confirmed', 'paid'] : order.status === 'confirmed' ? ['paid'] : []) : payment.status === 'refunded' && ['paid', 'fulfilled', 'completed'].includes(order.status) ? ['refunded'] : [];
    for (const to of path) order = await this.deps.orderService.transitionIn(caller, order, to, `payment ${payment.id} ${payment.status} (${payment.provider})`, t);
  }

  /**
   * A provider's webhook: verified by the provider (WEBHOOK_SIGNATURE_INVALID),
   * recorded by its event id (a redelivery changes nothing and answers
   * `duplicate`), and applied forward-only, so events arriving out of order
   * cannot undo a later state.
   */
  async handleWebhook(caller: Caller, providerId: string, body: string, signature: string): Promise<{ outcome: 'applied' | 'duplicate' | 'stale'; payment: PaymentRow }> {
    const provider = this.provider(providerId, 'provider');
    let event;
    try {
      event = provider.verifyWebhook(body, signature);
    } catch (error) {
      throw checkoutError(CheckoutErrors.WEBHOOK_PAYLOAD_INVALID, `The webhook body is not one provider "${providerId}" sends: ${(error as Error).message}`, { field: 'body' });
    }
    if (event === null) throw checkoutError(CheckoutErrors.WEBHOOK_SIGNATURE_INVALID, 'The webhook signature does not match its body.', { field: 'signature' });
    const verified = event;
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const payment = await this.deps.payments.byReferenceForUpdate(provider.id, verified.reference, t);
      if (payment === null) throw checkoutError(CheckoutErrors.WEBHOOK_PAYLOAD_INVALID, `No ${provider.id} payment has reference ${verified.reference} (yet): the provider should retry.`, { field: 'body' });
      const forward = PAYMENT_STATUS_RANK[verified.status] > PAYMENT_STATUS_RANK[payment.status];
      if (!(await this.deps.payments.recordWebhook(provider.id, verified.eventId, payment.id, verified.status, forward, t))) return { outcome: 'duplicate' as const, payment };
      if (!forward) return { outcome: 'stale' as const, payment };
      const updated = (await this.deps.payments.setStatus(payment.id, payment.status, verified.status, null, t)) as PaymentRow;
      await this.moveOrder({ ...caller, ...SYSTEM }, updated, t);
      return { outcome: 'applied' as const, payment: updated };
    });
  }

  private async orderOfCart(cartId: string, t: Parameters<OrderService['transitionIn']>[4]): Promise<OrderRow | null> {
    return this.deps.orders.byCart(cartId, t);
  }
}

function request(payment: PaymentRow, order: OrderRow): PaymentRequest {
  return { paymentId: payment.id, orderId: order.id, orderNumber: order.number, amount: BigInt(payment.amount), currency: payment.currency, reference: payment.reference };
}
