import type { Transaction } from 'sequelize';
import type { CommerceModels } from '../models';
import type { StockAdjustmentRow } from '../models/stock-adjustment';
import { uuidv7 } from '@rustok/contracts';
import { rows } from './sql';

/** A stock level right after a change, with what the change events need. */
export interface StockChange {
  variantId: string;
  productId: string;
  sku: string | null;
  onHand: number;
  reserved: number;
  previousOnHand: number;
  previousReserved: number;
  lowStockThreshold: number;
  updatedAt: Date;
}

interface ChangedRow {
  variant_id: string;
  product_id: string;
  sku: string | null;
  on_hand: number;
  reserved: number;
  previous_on_hand: number;
  previous_reserved: number;
  low_stock_threshold: number;
  updated_at: Date;
}

const RETURNING = 'RETURNING s.variant_id, v.product_id, v.sku, s.on_hand, s.reserved, v.low_stock_threshold, s.updated_at';

function change(row: ChangedRow): StockChange {
  return {
    variantId: row.variant_id,
    productId: row.product_id,
    sku: row.sku,
    onHand: row.on_hand,
    reserved: row.reserved,
    previousOnHand: row.previous_on_hand,
    previousReserved: row.previous_reserved,
    lowStockThreshold: row.low_stock_threshold,
    updatedAt: row.updated_at,
  };
}

/**
 * Stock levels. Every change is one conditional UPDATE: the condition is the
 * rule (`on_hand - reserved` stays ≥ 0), so two concurrent changes can never
 * both pass on a stale read; no row means the rule would break (or the
 * variant does not exist — `exists` tells which). The CHECK constraints of
 * the table hold the same rule once more.
 */
export class InventoryRepository {
  constructor(private readonly models: Pick<CommerceModels, 'StockAdjustment'>) {}

  async createLevels(levels: ReadonlyArray<{ variantId: string; onHand: number }>, transaction: Transaction): Promise<void> {
    if (levels.length === 0) return;
    await rows(
      transaction,
      `INSERT INTO commerce.stock_levels (tenant_id, variant_id, on_hand)
       SELECT rustok.current_tenant_id(), l.variant_id, l.on_hand FROM unnest($1::uuid[], $2::int[]) AS l(variant_id, on_hand)`,
      [levels.map((l) => l.variantId), levels.map((l) => l.onHand)],
    );
  }

  /** on_hand += delta, unless available would drop below zero or on_hand pass its bound. */
  async adjust(variantId: string, delta: number, transaction: Transaction): Promise<StockChange | null> {
    const [row] = await rows<ChangedRow>(
      transaction,
      `UPDATE commerce.stock_levels s SET on_hand = s.on_hand + $2, updated_at = now()
         FROM commerce.variants v
        WHERE s.variant_id = $1 AND v.id = s.variant_id AND s.on_hand + $2 - s.reserved >= 0 AND s.on_hand + $2 <= 1000000000
       ${RETURNING}, s.on_hand - $2 AS previous_on_hand, s.reserved AS previous_reserved`,
      [variantId, delta],
    );
    return row === undefined ? null : change(row);
  }

  /** on_hand := onHand (a recount), unless that leaves less than is reserved. */
  async set(variantId: string, onHand: number, transaction: Transaction): Promise<StockChange | null> {
    const [row] = await rows<ChangedRow>(
      transaction,
      `UPDATE commerce.stock_levels s SET on_hand = $2, updated_at = now()
         FROM commerce.variants v, (SELECT on_hand FROM commerce.stock_levels WHERE variant_id = $1 FOR UPDATE) before
        WHERE s.variant_id = $1 AND v.id = s.variant_id AND $2 - s.reserved >= 0
       ${RETURNING}, before.on_hand AS previous_on_hand, s.reserved AS previous_reserved`,
      [variantId, onHand],
    );
    return row === undefined ? null : change(row);
  }

  /** reserved += quantity, unless fewer than `quantity` are available. */
  async reserve(variantId: string, quantity: number, transaction: Transaction): Promise<StockChange | null> {
    return this.moveReserved(variantId, quantity, 0, 's.on_hand - s.reserved - $2 >= 0', transaction);
  }

  /** reserved -= quantity (a cart or order let go), unless fewer are reserved. */
  async release(variantId: string, quantity: number, transaction: Transaction): Promise<StockChange | null> {
    return this.moveReserved(variantId, -quantity, 0, 's.reserved - $2 >= 0', transaction);
  }

  /** Reserved units left the warehouse: on_hand and reserved both drop by `quantity`. */
  async commitSale(variantId: string, quantity: number, transaction: Transaction): Promise<StockChange | null> {
    return this.moveReserved(variantId, -quantity, -quantity, 's.reserved - $2 >= 0', transaction);
  }

  private async moveReserved(variantId: string, reservedDelta: number, onHandDelta: number, condition: string, transaction: Transaction): Promise<StockChange | null> {
    const quantity = Math.abs(reservedDelta);
    const [row] = await rows<ChangedRow>(
      transaction,
      `UPDATE commerce.stock_levels s SET reserved = s.reserved + $3, on_hand = s.on_hand + $4, updated_at = now()
         FROM commerce.variants v
        WHERE s.variant_id = $1 AND v.id = s.variant_id AND ${condition}
       ${RETURNING}, s.on_hand - $4 AS previous_on_hand, s.reserved - $3 AS previous_reserved`,
      [variantId, quantity, reservedDelta, onHandDelta],
    );
    return row === undefined ? null : change(row);
  }

  async exists(variantId: string, transaction: Transaction): Promise<boolean> {
    return (await rows(transaction, 'SELECT 1 FROM commerce.stock_levels WHERE variant_id = $1', [variantId])).length > 0;
  }

  async record(entry: Omit<StockAdjustmentRow, 'id' | 'createdAt'>, transaction: Transaction): Promise<StockAdjustmentRow> {
    return (await this.models.StockAdjustment.create({ id: uuidv7(), ...entry }, { transaction })).get({ plain: true }) as StockAdjustmentRow;
  }

  /** A variant's ledger, newest first (ids are time-ordered). */
  async adjustments(variantId: string, page: { limit: number; before: string | null }, transaction: Transaction): Promise<StockAdjustmentRow[]> {
    return rows<StockAdjustmentRow>(
      transaction,
      `SELECT id, variant_id AS "variantId", delta_on_hand AS "deltaOnHand", delta_reserved AS "deltaReserved", on_hand_after AS "onHandAfter",
              reserved_after AS "reservedAfter", reason, note, reference, actor_id AS "actorId", created_at AS "createdAt"
         FROM commerce.stock_adjustments WHERE variant_id = $1 AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [variantId, page.before, page.limit],
    );
  }

  /** Variants at or below their low-stock threshold, fewest available first. */
  async lowStock(page: { limit: number; after: { key: string; id: string } | null }, transaction: Transaction): Promise<Array<{ variant_id: string; available: number }>> {
    return rows(
      transaction,
      `SELECT s.variant_id, s.on_hand - s.reserved AS available FROM commerce.stock_levels s JOIN commerce.variants v ON v.id = s.variant_id
        WHERE s.on_hand - s.reserved <= v.low_stock_threshold AND v.inventory_policy = 'deny'
          AND ($1::int IS NULL OR (s.on_hand - s.reserved, s.variant_id) > ($1::int, $2::uuid))
        ORDER BY s.on_hand - s.reserved, s.variant_id LIMIT $3`,
      [page.after === null ? null : Number(page.after.key), page.after?.id ?? null, page.limit],
    );
  }
}
