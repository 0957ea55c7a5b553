import { createHmac, timingSafeEqual } from 'node:crypto';

export type PaymentStatus = 'pending' | 'authorized' | 'captured' | 'failed' | 'cancelled' | 'refunded';

/** What a provider is asked about: one payment of one order. */
export interface PaymentRequest {
  paymentId: string;
  orderId: string;
  orderNumber: string;
  /** Integer minor units. */
  amount: bigint;
  currency: string;
  /** The provider's reference once it gave one. */
  reference: string | null;
}

export interface PaymentResult {
  status: PaymentStatus;
  /** The provider's id of the payment (unique per provider and tenant). */
  reference: string | null;
}

/** A provider event, after the provider verified where it came from. */
export interface PaymentWebhookEvent {
  /** The provider's id of the event: redeliveries carry the same one. */
  eventId: string;
  /** The payment it is about, by the provider's reference. */
  reference: string;
  status: PaymentStatus;
}

/**
 * A payment provider (Stripe, a bank, cash on delivery …). Calls reach the
 * outside world, so checkout never makes them inside a database transaction:
 * no row lock is held while a provider thinks. Modules add providers through
 * the `commerce.payments@1` service.
 */
export interface PaymentProvider {
  /** Lower-case id, e.g. `manual`, `stripe`. */
  readonly id: string;
  authorize(request: PaymentRequest): Promise<PaymentResult>;
  capture(request: PaymentRequest): Promise<PaymentResult>;
  cancel(request: PaymentRequest): Promise<PaymentResult>;
  refund(request: PaymentRequest, amount: bigint): Promise<PaymentResult>;
  /**
   * Verifies a webhook (signature over the raw body) and reads its event;
   * returns null when the signature does not match.
   */
  verifyWebhook(body: string, signature: string): PaymentWebhookEvent | null;
}

/** The service other modules require to add providers (`commerce.payments@1`). */
export interface PaymentsService {
  registerProvider(provider: PaymentProvider): void;
}

/**
 * Rank of a payment status in its life: a webhook moves a payment forward
 * only, so events that arrive out of order (captured before authorized)
 * cannot move it back. Failed and cancelled outrank pending and authorized
 * but not captured: money that arrived stays arrived.
 */
export const PAYMENT_STATUS_RANK: Readonly<Record<PaymentStatus, number>> = { pending: 0, authorized: 1, failed: 2, cancelled: 2, captured: 3, refunded: 4 };

export function signManualWebhook(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Bank transfer or cash on delivery: nothing to call. Authorizing leaves the
 * payment pending until an admin marks the order paid, or a signed
 * reconciliation webhook (`{"id","reference","status"}`, HMAC-SHA256 hex of
 * the body with the configured secret) says the money arrived.
 */
export class ManualPaymentProvider implements PaymentProvider {
  readonly id = 'manual';

  constructor(private readonly webhookSecret: string | null) {}

  async authorize(request: PaymentRequest): Promise<PaymentResult> {
    return { status: 'pending', reference: request.reference ?? `manual-${request.paymentId}` };
  }

  async capture(request: PaymentRequest): Promise<PaymentResult> {
    return { status: 'captured', reference: request.reference };
  }

  async cancel(request: PaymentRequest): Promise<PaymentResult> {
    return { status: 'cancelled', reference: request.reference };
  }

  async refund(request: PaymentRequest): Promise<PaymentResult> {
    return { status: 'refunded', reference: request.reference };
  }

  verifyWebhook(body: string, signature: string): PaymentWebhookEvent | null {
    if (this.webhookSecret === null) return null;
    const expected = Buffer.from(signManualWebhook(this.webhookSecret, body), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const parsed: unknown = JSON.parse(body);
    const event = parsed as { id?: unknown; reference?: unknown; status?: unknown };
    if (typeof event.id !== 'string' || typeof event.reference !== 'string' || typeof event.status !== 'string' || !(event.status in PAYMENT_STATUS_RANK)) {
      throw new SyntaxError('A manual webhook is {"id": string, "reference": string, "status": one of pending, authorized, captured, failed, cancelled, refunded}.');
    }
    return { eventId: event.id, reference: event.reference, status: event.status as PaymentStatus };
  }
}
