import type { ModuleContext } from '@rustok/contracts';
import type { CommerceConfig } from '../config';
import type { CommerceModels } from '../models';
import { CategoryRepository } from '../repositories/categories';
import { InventoryRepository } from '../repositories/inventory';
import { MediaRepository } from '../repositories/media';
import { OptionRepository } from '../repositories/options';
import { PriceRepository } from '../repositories/prices';
import { ProductRepository } from '../repositories/products';
import { VariantRepository } from '../repositories/variants';
import { CatalogEvents } from './catalog-events';
import { CatalogReader } from './catalog-reader';
import { CategoryService } from './categories';
import { InventoryService } from './inventory';
import { MediaService } from './media';
import { OptionService } from './options';
import { PriceService } from './prices';
import { ProductService } from './products';
import { Transactions } from './transactions';
import { VariantService } from './variants';
import { VariantWriter } from './variant-writer';

/** Builds the catalog's object graph: repositories over the models, services over the repositories. */
export function createCommerceServices(ctx: ModuleContext<CommerceConfig>, models: CommerceModels) {
  const transactions = new Transactions(ctx.models, ctx.tenancy);
  const events = new CatalogEvents(ctx.events);
  const products = new ProductRepository(models);
  const options = new OptionRepository(models);
  const variants = new VariantRepository(models);
  const prices = new PriceRepository();
  const inventory = new InventoryRepository(models);
  const categories = new CategoryRepository(models);
  const media = new MediaRepository(models);
  const variantWriter = new VariantWriter(options, variants, prices, inventory);
  const defaultLowStockThreshold = ctx.config.defaultLowStockThreshold;

  return {
    reader: new CatalogReader(ctx.models.query),
    products: new ProductService({ products, options, variants, categories, media, variantWriter, events, transactions, defaultLowStockThreshold }),
    variants: new VariantService({ products, options, variants, prices, variantWriter, events, transactions, defaultLowStockThreshold }),
    options: new OptionService({ options, products, events, transactions }),
    prices: new PriceService({ prices, variants, products, events, transactions }),
    inventory: new InventoryService({ inventory, events, transactions }),
    categories: new CategoryService({ categories, transactions }),
    media: new MediaService({ media, products, events, transactions }),
  };
}

export type CommerceServices = ReturnType<typeof createCommerceServices>;
