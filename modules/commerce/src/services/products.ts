import type { Transaction } from 'sequelize';
import { CommerceErrors, commerceError } from '../errors';
import { idParser } from '../domain/global-ids';
import { firstFreeHandle, handleFromTitle } from '../domain/handles';
import type { ProductRow } from '../models/product';
import type { CategoryRepository } from '../repositories/categories';
import type { MediaRepository } from '../repositories/media';
import type { KnownOption, OptionRepository } from '../repositories/options';
import type { ProductPatch, ProductRepository } from '../repositories/products';
import type { VariantRepository } from '../repositories/variants';
import type { CatalogEvents } from './catalog-events';
import { withConstraintErrors } from './constraints';
import { prepareProduct, prepareProductUpdate, type PreparedProduct } from './inputs/products';
import type { CreateProductInput, UpdateProductInput } from './inputs/shapes';
import type { Transactions } from './transactions';
import type { VariantWriter } from './variant-writer';
import type { WriteContext } from './write-context';

export interface ProductServiceDeps {
  products: ProductRepository;
  options: OptionRepository;
  variants: VariantRepository;
  categories: CategoryRepository;
  media: MediaRepository;
  variantWriter: VariantWriter;
  events: CatalogEvents;
  transactions: Transactions;
  defaultLowStockThreshold: number;
}

const categoryId = idParser('CommerceCategory');

/**
 * Products as a whole: create (with options, variants, prices, stock, media
 * and categories, in one transaction), update, publish, archive, delete.
 * Every method checks its whole input before writing, then writes and emits
 * its events in one transaction; it returns the product id.
 */
export class ProductService {
  constructor(private readonly deps: ProductServiceDeps) {}

  async create(ctx: WriteContext, input: CreateProductInput): Promise<string> {
    const prepared = prepareProduct(ctx, input, categoryId);
    const { products, options, variantWriter, media, events } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(
        async () => {
          await products.lockHandles(t);
          const title = prepared.translations.find((tr) => tr.locale === ctx.defaultLocale)?.title as string;
          const handle = await this.chooseHandle(prepared.handle, title, null, t);
          await this.assertSkusFree(prepared, t);
          await this.assertCategories(prepared.categoryIds, 'input.categoryIds', t);
          const product = await products.create({ handle, status: prepared.status, vendor: prepared.vendor, productType: prepared.productType, tags: prepared.tags, metadata: prepared.metadata, publishedAt: prepared.publishedAt }, t);
          await products.upsertTranslations(product.id, prepared.translations, t);
          const known: KnownOption[] = [];
          for (const [position, option] of prepared.options.entries()) {
            const id = await options.create(product.id, { name: option.name, translations: option.translations, position }, t);
            const valueIds = await options.addValues(id, option.values.map((v, i) => ({ value: v.value, translations: v.translations, position: i })), t);
            known.push({ id, name: option.name, position, values: option.values.map((v, i) => ({ id: valueIds[i] as string, value: v.value, position: i })) });
          }
          // A product without options is sold as its one default variant, so it can be priced and stocked at once.
          const variants = prepared.variants.length === 0 && prepared.options.length === 0 ? [{}] : prepared.variants;
          const takenKeys = new Set<string>();
          for (const [position, variant] of variants.entries()) {
            await variantWriter.insert(product.id, variant, { known, position, defaultThreshold: this.deps.defaultLowStockThreshold, field: `input.variants[${position}]`, takenKeys, actorId: ctx.actorId }, t);
          }
          for (const [position, item] of prepared.media.entries()) await media.create({ productId: product.id, url: item.url, alt: item.alt, position: item.position ?? position }, t);
          await products.setCategories(product.id, prepared.categoryIds, t);
          await products.refreshSearchKeys([product.id], t);
          await products.refreshPriceRanges([product.id], t);
          await events.productCreated(ctx.tenantId, product, t);
          if (product.status === 'active' && product.publishedAt !== null) await events.productPublished(ctx.tenantId, { ...product, publishedAt: product.publishedAt }, t);
          return product.id;
        },
        { products_tenant_handle_key: 'input.handle', variants_tenant_sku_key: 'input.variants' },
      ),
    );
  }

  async update(ctx: WriteContext, id: string, input: UpdateProductInput): Promise<string> {
    const prepared = prepareProductUpdate(ctx, input, categoryId);
    const { products, events } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(
        async () => {
          const product = await this.lockedProduct(id, t);
          const patch: ProductPatch = {};
          const changes: string[] = [];
          const set = <K extends keyof ProductPatch>(key: K, value: ProductPatch[K] | undefined) => {
            if (value === undefined || JSON.stringify(value) === JSON.stringify(product[key])) return;
            patch[key] = value;
            changes.push(key);
          };
          if (prepared.handle !== undefined && prepared.handle !== product.handle) {
            if (await products.handleTaken(prepared.handle, id, t)) throw handleTaken(prepared.handle, 'input.handle');
            set('handle', prepared.handle);
          }
          set('vendor', prepared.vendor);
          set('productType', prepared.productType);
          set('tags', prepared.tags);
          set('metadata', prepared.metadata);
          if (prepared.translations !== undefined) {
            await products.upsertTranslations(id, prepared.translations, t);
            changes.push('translations');
          }
          if (prepared.removeTranslations !== undefined && prepared.removeTranslations.length > 0) {
            await products.removeTranslations(id, prepared.removeTranslations, t);
            changes.push('translations');
          }
          if (prepared.categoryIds !== undefined) {
            await this.assertCategories(prepared.categoryIds, 'input.categoryIds', t);
            await products.setCategories(id, prepared.categoryIds, t);
            changes.push('categories');
          }
          if (changes.length === 0) return id;
          const updated = (await products.update(id, patch, t)) as ProductRow;
          if (patch.tags !== undefined) await products.refreshSearchKeys([id], t);
          await events.productUpdated(ctx.tenantId, updated, changes, t);
          return id;
        },
        { products_tenant_handle_key: 'input.handle' },
      ),
    );
  }

  /**
   * Makes the product active. It shows on the storefront from `publishedAt`
   * on: now unless given (a future date schedules it), or the date it had.
   */
  async publish(ctx: WriteContext, id: string, publishedAt: Date | null): Promise<string> {
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const product = await this.lockedProduct(id, t);
      const when = publishedAt ?? (product.status === 'active' && product.publishedAt !== null ? product.publishedAt : new Date());
      if (product.status === 'active' && product.publishedAt?.getTime() === when.getTime()) return id;
      const updated = (await this.deps.products.setStatus(id, 'active', when, t)) as ProductRow;
      await this.deps.events.productPublished(ctx.tenantId, { ...updated, publishedAt: when }, t);
      return id;
    });
  }

  /** Back to draft: off the storefront, editable, publishable again. */
  async unpublish(ctx: WriteContext, id: string): Promise<string> {
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const product = await this.lockedProduct(id, t);
      if (product.status === 'draft') return id;
      const updated = (await this.deps.products.setStatus(id, 'draft', undefined, t)) as ProductRow;
      await this.deps.events.productUpdated(ctx.tenantId, updated, ['status'], t);
      return id;
    });
  }

  async archive(ctx: WriteContext, id: string): Promise<string> {
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const product = await this.lockedProduct(id, t);
      if (product.status === 'archived') return id;
      const updated = (await this.deps.products.setStatus(id, 'archived', undefined, t)) as ProductRow;
      await this.deps.events.productArchived(ctx.tenantId, updated, t);
      return id;
    });
  }

  /** Deletes the product with everything that belongs to it; the event lists its variants for whoever kept references. */
  async delete(ctx: WriteContext, id: string): Promise<string> {
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const product = await this.lockedProduct(id, t);
      const variants = await this.deps.variants.ofProduct(id, t);
      await this.deps.events.productDeleted(ctx.tenantId, product, variants.map((v) => v.id), t);
      await this.deps.products.destroy(id, t);
      return id;
    });
  }

  private async lockedProduct(id: string, t: Transaction): Promise<ProductRow> {
    const product = await this.deps.products.findById(id, t, true);
    if (product === null) throw commerceError(CommerceErrors.PRODUCT_NOT_FOUND, 'No such product.', { field: 'id' });
    return product;
  }

  /** The handle given (refused when taken), or one derived from the title, numbered when taken. */
  private async chooseHandle(given: string | null, title: string, exceptId: string | null, t: Transaction): Promise<string> {
    if (given !== null) {
      if (await this.deps.products.handleTaken(given, exceptId, t)) throw handleTaken(given, 'input.handle');
      return given;
    }
    const base = handleFromTitle(title);
    return firstFreeHandle(base, await this.deps.products.handlesLike(base, t));
  }

  private async assertSkusFree(prepared: PreparedProduct, t: Transaction): Promise<void> {
    const skus = prepared.variants.map((v) => v.sku).filter((sku): sku is string => sku != null);
    const taken = await this.deps.variants.skusTaken(skus, null, t);
    const index = prepared.variants.findIndex((v) => v.sku != null && taken.has(v.sku));
    if (index >= 0) throw commerceError(CommerceErrors.SKU_TAKEN, `SKU "${prepared.variants[index]?.sku}" belongs to another variant.`, { field: `input.variants[${index}].sku` });
  }

  private async assertCategories(ids: readonly string[], field: string, t: Transaction): Promise<void> {
    const existing = await this.deps.categories.existing(ids, t);
    const index = ids.findIndex((id) => !existing.has(id));
    if (index >= 0) throw commerceError(CommerceErrors.CATEGORY_NOT_FOUND, 'No such category.', { field: `${field}[${index}]` });
  }
}

function handleTaken(handle: string, field: string) {
  return commerceError(CommerceErrors.HANDLE_TAKEN, `Handle "${handle}" belongs to another product.`, { field, fix: 'Choose another handle, or leave it out to derive a free one from the title.' });
}
