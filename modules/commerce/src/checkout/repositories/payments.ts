import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';
import type { PaymentStatus } from '../domain/payments';

export interface PaymentRow {
  id: string;
  orderId: string;
  provider: string;
  status: PaymentStatus;
  amount: string;
  currency: string;
  reference: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PAYMENT_COLUMNS = `id, order_id AS "orderId", provider, status, amount::text AS amount, currency, reference, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Payments and the ledger of provider webhook events. */
export class PaymentRepository {
  async insert(payment: Omit<PaymentRow, 'createdAt' | 'updatedAt'>, t: Transaction): Promise<PaymentRow> {
    const [row] = await rows<PaymentRow>(
      t,
      `INSERT INTO commerce.payments (id, tenant_id, order_id, provider, status, amount, currency, reference)
       VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5, $6, $7) RETURNING ${PAYMENT_COLUMNS}`,
      [payment.id, payment.orderId, payment.provider, payment.status, payment.amount, payment.currency, payment.reference],
    );
    return row as PaymentRow;
  }

  /** Sets a payment's status only if `from` is still its status. */
  async setStatus(id: string, from: PaymentStatus, to: PaymentStatus, reference: string | null, t: Transaction): Promise<PaymentRow | null> {
    const [row] = await rows<PaymentRow>(
      t,
      `UPDATE commerce.payments SET status = $3, reference = COALESCE($4, reference), updated_at = now() WHERE id = $1 AND status = $2 RETURNING ${PAYMENT_COLUMNS}`,
      [id, from, to, reference],
    );
    return row ?? null;
  }

  async get(id: string, t: Transaction): Promise<PaymentRow | null> {
    const [row] = await rows<PaymentRow>(t, `SELECT ${PAYMENT_COLUMNS} FROM commerce.payments WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The payment a provider reference names, locked until the caller's transaction ends (webhooks serialize per payment). */
  async byReferenceForUpdate(provider: string, reference: string, t: Transaction): Promise<PaymentRow | null> {
    const [row] = await rows<PaymentRow>(t, `SELECT ${PAYMENT_COLUMNS} FROM commerce.payments WHERE provider = $1 AND reference = $2 FOR UPDATE`, [provider, reference]);
    return row ?? null;
  }

  async ofOrder(orderId: string, t: Transaction): Promise<PaymentRow[]> {
    return rows<PaymentRow>(t, `SELECT ${PAYMENT_COLUMNS} FROM commerce.payments WHERE order_id = $1 ORDER BY id`, [orderId]);
  }

  /** Records a provider event id; false when it was recorded before (a redelivery). */
  async recordWebhook(provider: string, eventId: string, paymentId: string | null, type: string, applied: boolean, t: Transaction): Promise<boolean> {
    const inserted = await rows(
      t,
      `INSERT INTO commerce.payment_webhook_events (tenant_id, provider, event_id, payment_id, type, applied) VALUES (rustok.current_tenant_id(), $1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [provider, eventId, paymentId, type, applied],
    );
    return inserted.length > 0;
  }
}
