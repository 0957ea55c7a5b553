import type { ModelsFacade } from '@rustok/contracts';
import { defineCategory } from './category';
import { defineMedia } from './media';
import { defineOption, defineOptionValue } from './option';
import { defineProduct } from './product';
import { defineStockAdjustment } from './stock-adjustment';
import { defineVariant } from './variant';

/**
 * Models of the entity tables, for single-row writes (the kernel stamps and
 * filters their tenant). Set-based writes (translations, prices, links,
 * conditional stock updates) and every read are SQL in the repositories.
 */
export function defineCommerceModels(models: ModelsFacade) {
  return {
    Product: defineProduct(models),
    Option: defineOption(models),
    OptionValue: defineOptionValue(models),
    Variant: defineVariant(models),
    Category: defineCategory(models),
    Media: defineMedia(models),
    StockAdjustment: defineStockAdjustment(models),
  };
}

export type CommerceModels = ReturnType<typeof defineCommerceModels>;
