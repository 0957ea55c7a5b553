import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';
import type { PromotionKind } from '../domain/totals';

export interface PromotionRow {
  id: string;
  code: string | null;
  automatic: boolean;
  kind: PromotionKind;
  value: string;
  currency: string | null;
  productIds: string[];
  categoryIds: string[];
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  usedCount: number;
  active: boolean;
}

export type PromotionWrite = Omit<PromotionRow, 'usedCount'>;

const PROMOTION = `id, code, automatic, kind, value::text AS value, currency, product_ids AS "productIds", category_ids AS "categoryIds",
  starts_at AS "startsAt", ends_at AS "endsAt", usage_limit AS "usageLimit", per_customer_limit AS "perCustomerLimit", used_count AS "usedCount", active`;

/**
 * Promotions for admins and carts. Checkout takes their uses in the order's
 * own statement (CheckoutRepository.place): a conditional UPDATE
 * (`used_count < usage_limit`) and a conditional upsert of the per-customer
 * counter, so concurrent checkouts never take more uses than the limit.
 */
export class PromotionRepository {
  async create(p: PromotionWrite, t: Transaction): Promise<PromotionRow> {
    const [row] = await rows<PromotionRow>(
      t,
      `INSERT INTO commerce.promotions (id, tenant_id, code, automatic, kind, value, currency, product_ids, category_ids, starts_at, ends_at, usage_limit, per_customer_limit, active)
       VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5, $6, $7::uuid[], $8::uuid[], $9, $10, $11, $12, $13) RETURNING ${PROMOTION}`,
      [p.id, p.code, p.automatic, p.kind, p.value, p.currency, p.productIds, p.categoryIds, p.startsAt, p.endsAt, p.usageLimit, p.perCustomerLimit, p.active],
    );
    return row as PromotionRow;
  }

  async update(p: PromotionWrite, t: Transaction): Promise<PromotionRow | null> {
    const [row] = await rows<PromotionRow>(
      t,
      `UPDATE commerce.promotions SET code = $2, automatic = $3, kind = $4, value = $5, currency = $6, product_ids = $7::uuid[], category_ids = $8::uuid[],
              starts_at = $9, ends_at = $10, usage_limit = $11, per_customer_limit = $12, active = $13, updated_at = now()
        WHERE id = $1 RETURNING ${PROMOTION}`,
      [p.id, p.code, p.automatic, p.kind, p.value, p.currency, p.productIds, p.categoryIds, p.startsAt, p.endsAt, p.usageLimit, p.perCustomerLimit, p.active],
    );
    return row ?? null;
  }

  async delete(id: string, t: Transaction): Promise<boolean> {
    return (await rows(t, 'DELETE FROM commerce.promotions WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async get(id: string, t: Transaction): Promise<PromotionRow | null> {
    const [row] = await rows<PromotionRow>(t, `SELECT ${PROMOTION} FROM commerce.promotions WHERE id = $1`, [id]);
    return row ?? null;
  }

  async list(t: Transaction): Promise<PromotionRow[]> {
    return rows<PromotionRow>(t, `SELECT ${PROMOTION} FROM commerce.promotions ORDER BY created_at DESC, id DESC LIMIT 500`);
  }

  async byCodes(codes: readonly string[], t: Transaction): Promise<PromotionRow[]> {
    if (codes.length === 0) return [];
    return rows<PromotionRow>(t, `SELECT ${PROMOTION} FROM commerce.promotions WHERE code = ANY($1::text[]) ORDER BY id`, [codes]);
  }

  async customerUses(id: string, customerKey: string, t: Transaction): Promise<number> {
    const [row] = await rows<{ uses: number }>(t, 'SELECT uses FROM commerce.promotion_customer_uses WHERE promotion_id = $1 AND customer_key = $2', [id, customerKey]);
    return row?.uses ?? 0;
  }
}
