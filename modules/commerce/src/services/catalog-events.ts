import type { EventToEmit, EventsFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import type { StockReason } from '../models/stock-adjustment';
import type { PriceChange } from '../repositories/prices';
import type { StockChange } from '../repositories/inventory';

/**
 * The catalog's events, one method each, so payload shapes live next to
 * their names and not in every service. Every emit goes into the write's
 * transaction: the event exists if and only if the write commits.
 */
export class CatalogEvents {
  constructor(private readonly events: EventsFacade) {}

  productCreated(tenantId: string, product: { id: string; handle: string; status: string }, transaction: Transaction): Promise<void> {
    return this.events.emit('commerce.product.created@1', { tenantId, productId: product.id, handle: product.handle, status: product.status }, { transaction });
  }

  productUpdated(tenantId: string, product: { id: string; handle: string }, changes: readonly string[], transaction: Transaction): Promise<void> {
    return this.events.emit('commerce.product.updated@1', { tenantId, productId: product.id, handle: product.handle, changes: [...new Set(changes)].sort() }, { transaction });
  }

  productPublished(tenantId: string, product: { id: string; handle: string; publishedAt: Date }, transaction: Transaction): Promise<void> {
    return this.events.emit('commerce.product.published@1', { tenantId, productId: product.id, handle: product.handle, publishedAt: product.publishedAt.toISOString() }, { transaction });
  }

  productArchived(tenantId: string, product: { id: string; handle: string }, transaction: Transaction): Promise<void> {
    return this.events.emit('commerce.product.archived@1', { tenantId, productId: product.id, handle: product.handle }, { transaction });
  }

  productDeleted(tenantId: string, product: { id: string; handle: string }, variantIds: readonly string[], transaction: Transaction): Promise<void> {
    return this.events.emit('commerce.product.deleted@1', { tenantId, productId: product.id, handle: product.handle, variantIds: [...variantIds] }, { transaction });
  }

  /** One event per price that really changed (writing the same price again is no change), all in one statement. */
  async pricesChanged(tenantId: string, variants: ReadonlyMap<string, { productId: string; sku: string | null }>, changes: readonly PriceChange[], transaction: Transaction): Promise<number> {
    const events: EventToEmit[] = [];
    for (const change of changes) {
      if (change.amount === change.previousAmount && change.compareAt === change.previousCompareAt) continue;
      const variant = variants.get(change.variantId);
      if (variant === undefined) continue;
      events.push({
        name: 'commerce.variant.price-changed@1',
        payload: {
          tenantId,
          productId: variant.productId,
          variantId: change.variantId,
          sku: variant.sku,
          currency: change.currency,
          previous: change.previousAmount === null ? null : { amount: change.previousAmount, compareAtAmount: change.previousCompareAt },
          current: change.amount === null ? null : { amount: change.amount, compareAtAmount: change.compareAt },
        },
      });
    }
    await this.events.emitAll(events, { transaction });
    return events.length;
  }

  stockChanged(tenantId: string, change: StockChange, adjustment: StockAdjustmentRef, transaction: Transaction): Promise<void> {
    return this.events.emitAll(stockChangeEvents(tenantId, change, adjustment), { transaction });
  }
}

/** What caused a stock change: the adjustment row and why it was made. */
export interface StockAdjustmentRef {
  id: string;
  reason: StockReason;
  reference: string | null;
}

/**
 * stock.changed, and stock.ran-low when available crossed the variant's threshold downwards; for
 * writes that emit them together with events of their own (checkout's reservations and its order).
 */
export function stockChangeEvents(tenantId: string, change: StockChange, adjustment: StockAdjustmentRef): EventToEmit[] {
  const available = change.onHand - change.reserved;
  const events: EventToEmit[] = [
    {
      name: 'commerce.stock.changed@1',
      payload: {
        tenantId,
        productId: change.productId,
        variantId: change.variantId,
        sku: change.sku,
        onHand: change.onHand,
        reserved: change.reserved,
        available,
        deltaOnHand: change.onHand - change.previousOnHand,
        deltaReserved: change.reserved - change.previousReserved,
        reason: adjustment.reason,
        adjustmentId: adjustment.id,
        reference: adjustment.reference,
      },
    },
  ];
  const before = change.previousOnHand - change.previousReserved;
  if (before > change.lowStockThreshold && available <= change.lowStockThreshold) {
    events.push({ name: 'commerce.stock.ran-low@1', payload: { tenantId, productId: change.productId, variantId: change.variantId, sku: change.sku, available, threshold: change.lowStockThreshold } });
  }
  return events;
}
