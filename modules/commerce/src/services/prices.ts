import { CommerceErrors, commerceError } from '../errors';
import { parseCurrency } from '../domain/money';
import type { PriceRepository } from '../repositories/prices';
import type { ProductRepository } from '../repositories/products';
import type { VariantRepository } from '../repositories/variants';
import type { CatalogEvents } from './catalog-events';
import { withConstraintErrors } from './constraints';
import { preparePrice, preparePrices, type PreparedPrice } from './inputs/prices';
import type { PriceInput } from './inputs/shapes';
import type { Transactions } from './transactions';
import type { WriteContext } from './write-context';

export const MAX_BULK_PRICES = 1000;

export interface BulkPriceInput extends PriceInput {
  /** Local variant id (already parsed from its global id). */
  variantId: string;
}

/**
 * Prices of existing variants. Each change of a price is a
 * commerce.variant.price-changed event with the previous and the new value;
 * writing a price it already has changes nothing and emits nothing.
 */
export class PriceService {
  constructor(
    private readonly deps: { prices: PriceRepository; variants: VariantRepository; products: ProductRepository; events: CatalogEvents; transactions: Transactions },
  ) {}

  async setVariantPrices(ctx: WriteContext, variantId: string, inputs: readonly PriceInput[], remove: readonly string[]): Promise<string> {
    const prices = preparePrices(inputs, 'prices');
    const removing = remove.map((code, i) => parseCurrency(code, `remove[${i}]`));
    const both = removing.findIndex((code) => prices.some((p) => p.currency === code));
    if (both >= 0) throw commerceError(CommerceErrors.CURRENCY_DUPLICATE, `${removing[both]} is both set and removed.`, { field: `remove[${both}]` });
    const { prices: repository, variants, products, events } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const variant = await variants.findById(variantId, t);
      if (variant === null) throw commerceError(CommerceErrors.VARIANT_NOT_FOUND, 'No such variant.', { field: 'variantId' });
      const changes = [...(await repository.upsert(prices.map((p) => ({ variantId, ...p })), t)), ...(await repository.remove(variantId, removing, t))];
      await products.refreshPriceRanges([variant.productId], t);
      await events.pricesChanged(ctx.tenantId, new Map([[variantId, { productId: variant.productId, sku: variant.sku }]]), changes, t);
      return variantId;
    });
  }

  /**
   * Up to 1000 prices across any variants in one transaction: all are
   * written, or (on any bad entry) none. Returns the ids of the variants
   * whose prices really changed.
   */
  async bulkUpdate(ctx: WriteContext, inputs: readonly BulkPriceInput[]): Promise<{ changed: number; variantIds: string[] }> {
    if (inputs.length > MAX_BULK_PRICES) throw commerceError(CommerceErrors.BULK_TOO_LARGE, `At most ${MAX_BULK_PRICES} prices per call; got ${inputs.length}.`, { field: 'prices', fix: 'Split the update into several calls.' });
    const seen = new Set<string>();
    const prepared: Array<PreparedPrice & { variantId: string }> = inputs.map((input, index) => {
      const price = preparePrice(input, `prices[${index}]`);
      const key = `${input.variantId}/${price.currency}`;
      if (seen.has(key)) throw commerceError(CommerceErrors.CURRENCY_DUPLICATE, `The variant's ${price.currency} price is given twice.`, { field: `prices[${index}].currency` });
      seen.add(key);
      return { variantId: input.variantId, ...price };
    });
    const { prices, variants, products, events } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(async () => {
        const found = new Map((await variants.findByIds(prepared.map((p) => p.variantId), t)).map((v) => [v.id, { productId: v.productId, sku: v.sku }]));
        const missing = prepared.findIndex((p) => !found.has(p.variantId));
        if (missing >= 0) throw commerceError(CommerceErrors.VARIANT_NOT_FOUND, 'No such variant.', { field: `prices[${missing}].variantId` });
        const changes = await prices.upsert(prepared, t);
        await products.refreshPriceRanges([...new Set([...found.values()].map((v) => v.productId))], t);
        const changed = await events.pricesChanged(ctx.tenantId, found, changes, t);
        const variantIds = [...new Set(changes.filter((c) => c.amount !== c.previousAmount || c.compareAt !== c.previousCompareAt).map((c) => c.variantId))];
        return { changed, variantIds };
      }),
    );
  }
}
