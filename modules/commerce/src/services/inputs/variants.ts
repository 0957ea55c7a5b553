import { CommerceErrors, commerceError } from '../../errors';
import { checkLocales, type TenantLocales } from '../../domain/locales';
import { optionalText, requiredText } from '../../domain/text';
import type { InventoryPolicy } from '../../models/variant';
import { boundedInt } from './common';
import { prepareSelection, type SelectedOption } from './options';
import { preparePrices, type PreparedPrice } from './prices';
import type { VariantInput } from './shapes';

const SKU = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
export const MAX_STOCK = 1_000_000_000;

/** What a variant input sets; `undefined` leaves a field as it is (updates). */
export interface PreparedVariant {
  sku?: string | null;
  barcode?: string | null;
  weightGrams?: number | null;
  inventoryPolicy?: InventoryPolicy;
  lowStockThreshold?: number;
  position?: number;
  options?: SelectedOption[];
  titles?: Record<string, string>;
  prices?: PreparedPrice[];
  onHand?: number;
}

function checkSku(raw: string, field: string): string {
  const sku = raw.trim();
  if (!SKU.test(sku)) throw commerceError(CommerceErrors.SKU_INVALID, `SKU "${raw}" must be 1–64 letters, digits, '.', '_', '/' or '-', starting with a letter or digit.`, { field });
  return sku;
}

/** Checks a variant input; `field` is its path (`input.variants[2]`). */
export function prepareVariant(tenant: TenantLocales, input: VariantInput, field: string, mode: 'create' | 'update'): PreparedVariant {
  const prepared: PreparedVariant = {};
  if (input.sku !== undefined) prepared.sku = input.sku === null || input.sku.trim() === '' ? null : checkSku(input.sku, `${field}.sku`);
  if (input.barcode !== undefined) prepared.barcode = optionalText(input.barcode, `${field}.barcode`, 64);
  if (input.weightGrams !== undefined) prepared.weightGrams = input.weightGrams === null ? null : boundedInt(input.weightGrams, `${field}.weightGrams`, 0, 1_000_000_000);
  if (input.inventoryPolicy != null) prepared.inventoryPolicy = input.inventoryPolicy === 'CONTINUE' ? 'continue' : 'deny';
  if (input.lowStockThreshold != null) prepared.lowStockThreshold = boundedInt(input.lowStockThreshold, `${field}.lowStockThreshold`, 0, MAX_STOCK);
  if (input.position != null) prepared.position = boundedInt(input.position, `${field}.position`, 0, 100_000);
  if (input.options != null) prepared.options = prepareSelection(input.options, `${field}.options`);
  if (input.translations != null) {
    const checked = checkLocales(tenant, input.translations, `${field}.translations`);
    prepared.titles = Object.fromEntries(checked.map((t, i) => [t.locale, requiredText(t.title, `${field}.translations[${i}].title`)]));
  }
  if (input.prices != null) prepared.prices = preparePrices(input.prices, `${field}.prices`);
  if (input.onHand != null) {
    if (mode === 'update') throw commerceError(CommerceErrors.INPUT_INVALID, 'Stock of an existing variant changes through commerceAdjustStock or commerceSetStock, which record a reason.', { field: `${field}.onHand` });
    prepared.onHand = boundedInt(input.onHand, `${field}.onHand`, 0, MAX_STOCK, 'QUANTITY_INVALID');
  }
  return prepared;
}

/** SKUs must be unique within one request too (the database checks against the rest). */
export function assertDistinctSkus(variants: readonly PreparedVariant[], field: string): void {
  const seen = new Map<string, number>();
  variants.forEach((variant, index) => {
    if (variant.sku == null) return;
    const earlier = seen.get(variant.sku);
    if (earlier !== undefined) throw commerceError(CommerceErrors.SKU_TAKEN, `SKU "${variant.sku}" is given to variants ${earlier} and ${index}.`, { field: `${field}[${index}].sku` });
    seen.set(variant.sku, index);
  });
}
