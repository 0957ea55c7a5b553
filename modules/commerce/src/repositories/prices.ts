import type { Transaction } from 'sequelize';
import { rows } from './sql';

export interface PriceWrite {
  variantId: string;
  currency: string;
  amount: bigint;
  compareAt: bigint | null;
}

/** A price as it was and is after a write; amounts as PostgreSQL returns bigints (strings). */
export interface PriceChange {
  variantId: string;
  currency: string;
  amount: string | null;
  compareAt: string | null;
  previousAmount: string | null;
  previousCompareAt: string | null;
}

export class PriceRepository {
  /**
   * Upserts prices and reports each with its previous value (null for a new
   * currency). The previous values are read under row locks first, so they
   * are what the upsert really overwrote even when writes race.
   */
  async upsert(prices: readonly PriceWrite[], transaction: Transaction): Promise<PriceChange[]> {
    if (prices.length === 0) return [];
    const variantIds = prices.map((p) => p.variantId);
    const currencies = prices.map((p) => p.currency);
    const previous = await rows<{ variant_id: string; currency: string; amount: string; compare_at_amount: string | null }>(
      transaction,
      `SELECT vp.variant_id, vp.currency, vp.amount::text, vp.compare_at_amount::text FROM commerce.variant_prices vp
         JOIN unnest($1::uuid[], $2::text[]) AS w(variant_id, currency) ON w.variant_id = vp.variant_id AND w.currency = vp.currency
        ORDER BY vp.variant_id, vp.currency FOR UPDATE OF vp`,
      [variantIds, currencies],
    );
    const before = new Map(previous.map((row) => [`${row.variant_id}/${row.currency}`, row]));
    const written = await rows<{ variant_id: string; currency: string; amount: string; compare_at_amount: string | null }>(
      transaction,
      `INSERT INTO commerce.variant_prices (tenant_id, variant_id, currency, amount, compare_at_amount)
       SELECT rustok.current_tenant_id(), w.variant_id, w.currency, w.amount, w.compare_at_amount
         FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[]) AS w(variant_id, currency, amount, compare_at_amount)
       ON CONFLICT (variant_id, currency) DO UPDATE SET amount = EXCLUDED.amount, compare_at_amount = EXCLUDED.compare_at_amount, updated_at = now()
       RETURNING variant_id, currency, amount::text, compare_at_amount::text`,
      [variantIds, currencies, prices.map((p) => p.amount.toString()), prices.map((p) => (p.compareAt === null ? null : p.compareAt.toString()))],
    );
    return written.map((row) => {
      const old = before.get(`${row.variant_id}/${row.currency}`);
      return { variantId: row.variant_id, currency: row.currency, amount: row.amount, compareAt: row.compare_at_amount, previousAmount: old?.amount ?? null, previousCompareAt: old?.compare_at_amount ?? null };
    });
  }

  /** Removes a variant's prices in `currencies`; reports those that existed. */
  async remove(variantId: string, currencies: readonly string[], transaction: Transaction): Promise<PriceChange[]> {
    if (currencies.length === 0) return [];
    const found = await rows<{ currency: string; amount: string; compare_at_amount: string | null }>(
      transaction,
      'DELETE FROM commerce.variant_prices WHERE variant_id = $1 AND currency = ANY($2::text[]) RETURNING currency, amount::text, compare_at_amount::text',
      [variantId, currencies],
    );
    return found.map((row) => ({ variantId, currency: row.currency, amount: null, compareAt: null, previousAmount: row.amount, previousCompareAt: row.compare_at_amount }));
  }

  /** Currencies the variant has a price in. */
  async currenciesOf(variantId: string, transaction: Transaction): Promise<string[]> {
    return (await rows<{ currency: string }>(transaction, 'SELECT currency FROM commerce.variant_prices WHERE variant_id = $1', [variantId])).map((row) => row.currency);
  }
}
