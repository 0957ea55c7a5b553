import type { Transaction } from 'sequelize';
import { CommerceErrors, commerceError } from '../errors';
import type { VariantRow } from '../models/variant';
import type { OptionRepository } from '../repositories/options';
import type { PriceRepository } from '../repositories/prices';
import type { ProductRepository } from '../repositories/products';
import type { VariantPatch, VariantRepository } from '../repositories/variants';
import type { CatalogEvents } from './catalog-events';
import { withConstraintErrors } from './constraints';
import { prepareVariant } from './inputs/variants';
import type { VariantInput } from './inputs/shapes';
import type { Transactions } from './transactions';
import type { VariantWriter } from './variant-writer';
import type { WriteContext } from './write-context';

export interface VariantServiceDeps {
  products: ProductRepository;
  options: OptionRepository;
  variants: VariantRepository;
  prices: PriceRepository;
  variantWriter: VariantWriter;
  events: CatalogEvents;
  transactions: Transactions;
  defaultLowStockThreshold: number;
}

/**
 * Variants of an existing product. Each write locks the product row first,
 * so concurrent writes to one product's variants and option values queue up
 * and the combination checks see each other's results.
 */
export class VariantService {
  constructor(private readonly deps: VariantServiceDeps) {}

  async create(ctx: WriteContext, productId: string, input: VariantInput): Promise<string> {
    const prepared = prepareVariant(ctx, input, 'input', 'create');
    const { products, options, variants, variantWriter } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(
        async () => {
          const product = await products.findById(productId, t, true);
          if (product === null) throw commerceError(CommerceErrors.PRODUCT_NOT_FOUND, 'No such product.', { field: 'productId' });
          if (prepared.sku != null) await this.assertSkuFree(prepared.sku, null, t);
          const existing = await variants.ofProduct(productId, t);
          const known = await options.ofProduct(productId, t);
          const takenKeys = new Set(existing.map((v) => v.optionKey));
          const position = await variants.nextPosition(productId, t);
          const variant = await variantWriter.insert(productId, prepared, { known, position, defaultThreshold: this.deps.defaultLowStockThreshold, field: 'input', takenKeys, actorId: ctx.actorId }, t);
          await this.afterChange(ctx, product.id, product.handle, ['variants'], t);
          return variant.id;
        },
        { variants_tenant_sku_key: 'input.sku', variants_product_option_key: 'input.options' },
      ),
    );
  }

  async update(ctx: WriteContext, id: string, input: VariantInput): Promise<string> {
    const prepared = prepareVariant(ctx, input, 'input', 'update');
    const { products, options, variants, variantWriter, prices, events } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(
        async () => {
          const current = await this.existing(id, t);
          const product = await products.findById(current.productId, t, true);
          if (product === null) throw commerceError(CommerceErrors.VARIANT_NOT_FOUND, 'No such variant.', { field: 'id' });
          const patch: VariantPatch = {};
          if (prepared.sku !== undefined && prepared.sku !== current.sku) {
            if (prepared.sku !== null) await this.assertSkuFree(prepared.sku, id, t);
            patch.sku = prepared.sku;
          }
          if (prepared.barcode !== undefined) patch.barcode = prepared.barcode;
          if (prepared.weightGrams !== undefined) patch.weightGrams = prepared.weightGrams;
          if (prepared.inventoryPolicy !== undefined) patch.inventoryPolicy = prepared.inventoryPolicy;
          if (prepared.lowStockThreshold !== undefined) patch.lowStockThreshold = prepared.lowStockThreshold;
          if (prepared.position !== undefined) patch.position = prepared.position;
          if (prepared.options !== undefined) {
            const combination = await variantWriter.combination(await options.ofProduct(product.id, t), prepared.options, 'input', t);
            const others = (await variants.ofProduct(product.id, t)).filter((v) => v.id !== id);
            if (others.some((v) => v.optionKey === combination.key)) throw commerceError(CommerceErrors.OPTION_COMBINATION_TAKEN, 'Another variant of the product has this combination of option values.', { field: 'input.options' });
            patch.optionKey = combination.key;
            await variants.setOptionValues(id, combination.choices, t);
          }
          await variants.update(id, patch, t);
          if (prepared.titles !== undefined) await variants.setTitles(id, prepared.titles, t);
          if (prepared.prices !== undefined) {
            const changes = await prices.upsert(prepared.prices.map((p) => ({ variantId: id, ...p })), t);
            await events.pricesChanged(ctx.tenantId, new Map([[id, { productId: product.id, sku: patch.sku === undefined ? current.sku : patch.sku }]]), changes, t);
          }
          await this.afterChange(ctx, product.id, product.handle, ['variants'], t);
          return id;
        },
        { variants_tenant_sku_key: 'input.sku', variants_product_option_key: 'input.options' },
      ),
    );
  }

  async delete(ctx: WriteContext, id: string): Promise<string> {
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const current = await this.existing(id, t);
      const product = await this.deps.products.findById(current.productId, t, true);
      await this.deps.variants.destroy(id, t);
      if (product !== null) await this.afterChange(ctx, product.id, product.handle, ['variants'], t);
      return id;
    });
  }

  private async existing(id: string, t: Transaction): Promise<VariantRow> {
    const variant = await this.deps.variants.findById(id, t);
    if (variant === null) throw commerceError(CommerceErrors.VARIANT_NOT_FOUND, 'No such variant.', { field: 'id' });
    return variant;
  }

  private async assertSkuFree(sku: string, exceptId: string | null, t: Transaction): Promise<void> {
    if ((await this.deps.variants.skusTaken([sku], exceptId, t)).size > 0) throw commerceError(CommerceErrors.SKU_TAKEN, `SKU "${sku}" belongs to another variant.`, { field: 'input.sku' });
  }

  /** Keeps the product's search text, price summary and updated_at in step, and tells subscribers. */
  private async afterChange(ctx: WriteContext, productId: string, handle: string, changes: string[], t: Transaction): Promise<void> {
    const { products } = this.deps;
    await products.refreshSearchKeys([productId], t);
    await products.refreshPriceRanges([productId], t);
    await products.touch(productId, t);
    await this.deps.events.productUpdated(ctx.tenantId, { id: productId, handle }, changes, t);
  }
}
