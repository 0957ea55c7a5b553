import type { Transaction } from 'sequelize';
import { CommerceErrors, commerceError } from '../errors';
import { STOCK_REASONS, SYSTEM_STOCK_REASONS, type StockAdjustmentRow, type StockReason } from '../models/stock-adjustment';
import type { InventoryRepository, StockChange } from '../repositories/inventory';
import type { CatalogEvents } from './catalog-events';
import { MAX_STOCK } from './inputs/variants';
import type { Transactions } from './transactions';
import type { WriteContext } from './write-context';

/** One line of a reservation: a variant and how many units. */
export interface StockLine {
  variantId: string;
  quantity: number;
}

/**
 * Stock levels and their ledger. Admins adjust (received, damaged, …) and
 * recount; checkout (issue 8) reserves, releases and commits sales with the
 * methods taking a transaction, inside its own. Every change is one
 * conditional UPDATE (never read-then-write), one ledger row with its reason,
 * one commerce.stock.changed event and, when available stock crosses the
 * variant's threshold downwards, commerce.stock.ran-low.
 */
export class InventoryService {
  constructor(private readonly deps: { inventory: InventoryRepository; events: CatalogEvents; transactions: Transactions }) {}

  /** Adds (or with a negative delta removes) units on hand; refused when fewer would be left than are reserved. */
  async adjust(ctx: WriteContext, variantId: string, delta: number, reason: StockReason, note: string | null): Promise<StockChange> {
    checkAdminReason(reason);
    if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK) throw commerceError(CommerceErrors.QUANTITY_INVALID, `delta must be a non-zero integer of at most ${MAX_STOCK} units either way; got ${delta}.`, { field: 'delta' });
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const change = await this.deps.inventory.adjust(variantId, delta, t);
      if (change === null) {
        await this.assertExists(variantId, t);
        throw delta < 0
          ? commerceError(CommerceErrors.STOCK_INSUFFICIENT, `Removing ${-delta} units would leave less on hand than is reserved (available stock cannot go below zero).`, { field: 'delta' })
          : commerceError(CommerceErrors.QUANTITY_INVALID, `Adding ${delta} units would take the stock on hand above ${MAX_STOCK}.`, { field: 'delta' });
      }
      await this.record(ctx.tenantId, change, reason, note, null, ctx.actorId, t);
      return change;
    });
  }

  /** Sets the units on hand (a recount); refused below what is reserved. */
  async set(ctx: WriteContext, variantId: string, onHand: number, reason: StockReason, note: string | null): Promise<StockChange> {
    checkAdminReason(reason);
    if (!Number.isInteger(onHand) || onHand < 0 || onHand > MAX_STOCK) throw commerceError(CommerceErrors.QUANTITY_INVALID, `onHand must be an integer from 0 to ${MAX_STOCK}; got ${onHand}.`, { field: 'onHand' });
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const change = await this.deps.inventory.set(variantId, onHand, t);
      if (change === null) {
        await this.assertExists(variantId, t);
        throw commerceError(CommerceErrors.STOCK_INSUFFICIENT, `${onHand} on hand is less than is reserved for orders.`, { field: 'onHand' });
      }
      if (change.onHand !== change.previousOnHand) await this.record(ctx.tenantId, change, reason, note, null, ctx.actorId, t);
      return change;
    });
  }

  /**
   * Reserves every line or none (the caller's transaction rolls back on the
   * error). Lines are taken in variant-id order so two checkouts of the same
   * variants lock them in the same order and never deadlock.
   */
  async reserve(tenantId: string, lines: readonly StockLine[], reference: string, transaction: Transaction): Promise<StockChange[]> {
    return this.eachLine(tenantId, lines, reference, 'reserved', transaction, (line) => this.deps.inventory.reserve(line.variantId, line.quantity, transaction));
  }

  /** Gives reserved units back to available stock (a cart expired, an order was cancelled). */
  async release(tenantId: string, lines: readonly StockLine[], reference: string, transaction: Transaction): Promise<StockChange[]> {
    return this.eachLine(tenantId, lines, reference, 'released', transaction, (line) => this.deps.inventory.release(line.variantId, line.quantity, transaction));
  }

  /** Reserved units were sold and leave the warehouse: on hand and reserved both drop. */
  async commitSale(tenantId: string, lines: readonly StockLine[], reference: string, transaction: Transaction): Promise<StockChange[]> {
    return this.eachLine(tenantId, lines, reference, 'sold', transaction, (line) => this.deps.inventory.commitSale(line.variantId, line.quantity, transaction));
  }

  private async eachLine(tenantId: string, lines: readonly StockLine[], reference: string, reason: StockReason, t: Transaction, apply: (line: StockLine) => Promise<StockChange | null>): Promise<StockChange[]> {
    const merged = new Map<string, number>();
    lines.forEach((line, index) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_STOCK) throw commerceError(CommerceErrors.QUANTITY_INVALID, `Quantity must be a positive integer; got ${line.quantity}.`, { field: `lines[${index}].quantity` });
      merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
    });
    const changes: StockChange[] = [];
    for (const variantId of [...merged.keys()].sort()) {
      const quantity = merged.get(variantId) as number;
      const change = await apply({ variantId, quantity });
      if (change === null) {
        await this.assertExists(variantId, t);
        throw commerceError(CommerceErrors.STOCK_INSUFFICIENT, `Not enough stock of variant ${variantId} to ${reason === 'reserved' ? 'reserve' : 'take'} ${quantity}.`, { details: { variantId, quantity } });
      }
      await this.record(tenantId, change, reason, null, reference, null, t);
      changes.push(change);
    }
    return changes;
  }

  private async record(tenantId: string, change: StockChange, reason: StockReason, note: string | null, reference: string | null, actorId: string | null, t: Transaction): Promise<StockAdjustmentRow> {
    const adjustment = await this.deps.inventory.record(
      { variantId: change.variantId, deltaOnHand: change.onHand - change.previousOnHand, deltaReserved: change.reserved - change.previousReserved, onHandAfter: change.onHand, reservedAfter: change.reserved, reason, note, reference, actorId },
      t,
    );
    await this.deps.events.stockChanged(tenantId, change, { id: adjustment.id, reason, reference }, t);
    return adjustment;
  }

  private async assertExists(variantId: string, t: Transaction): Promise<void> {
    if (!(await this.deps.inventory.exists(variantId, t))) throw commerceError(CommerceErrors.VARIANT_NOT_FOUND, 'No such variant.', { field: 'variantId' });
  }

  async adjustments(ctx: { tenantId: string }, variantId: string, page: { limit: number; before: string | null }): Promise<StockAdjustmentRow[]> {
    return this.deps.transactions.inTenant(ctx.tenantId, (t) => this.deps.inventory.adjustments(variantId, page, t));
  }

  async lowStock(ctx: { tenantId: string }, page: { limit: number; after: { key: string; id: string } | null }): Promise<Array<{ variant_id: string; available: number }>> {
    return this.deps.transactions.inTenant(ctx.tenantId, (t) => this.deps.inventory.lowStock(page, t));
  }
}

function checkAdminReason(reason: StockReason): void {
  if (!STOCK_REASONS.includes(reason) || SYSTEM_STOCK_REASONS.has(reason)) {
    throw commerceError(CommerceErrors.STOCK_REASON_INVALID, `"${reason}" is not a reason an admin can give; reserved, released and sold are written by checkout.`, { field: 'reason' });
  }
}
