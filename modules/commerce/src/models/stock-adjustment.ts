import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

/** Why a stock level changed. The last three are written by checkout, never by an admin. */
export const STOCK_REASONS = ['received', 'returned', 'damaged', 'lost', 'correction', 'recount', 'reserved', 'released', 'sold'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];
export const SYSTEM_STOCK_REASONS: ReadonlySet<StockReason> = new Set(['reserved', 'released', 'sold']);

export interface StockAdjustmentRow {
  id: string;
  variantId: string;
  deltaOnHand: number;
  deltaReserved: number;
  onHandAfter: number;
  reservedAfter: number;
  reason: StockReason;
  note: string | null;
  reference: string | null;
  actorId: string | null;
  createdAt: Date;
}

export function defineStockAdjustment(models: ModelsFacade) {
  const { types } = models;
  return models.define(
    'CommerceStockAdjustment',
    {
      id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
      tenantId: tenantColumn(types),
      variantId: { type: types.UUID, allowNull: false },
      deltaOnHand: { type: types.INTEGER, allowNull: false },
      deltaReserved: { type: types.INTEGER, allowNull: false },
      onHandAfter: { type: types.INTEGER, allowNull: false },
      reservedAfter: { type: types.INTEGER, allowNull: false },
      reason: { type: types.TEXT, allowNull: false },
      note: { type: types.TEXT },
      reference: { type: types.TEXT },
      actorId: { type: types.TEXT },
    },
    { tableName: 'stock_adjustments', underscored: true, updatedAt: false },
  );
}
