import { toGlobalId } from '@rustok/contracts';
import { labelIn } from '../../domain/locales';
import { money, type Money } from '../../domain/money';
import type { OptionJson, VariantJson } from '../../repositories/read/product-parts';
import { localizedList, type LocaleView, type LocalizedText } from './locale-view';

export interface PriceView {
  currency: string;
  price: Money;
  compareAtPrice: Money | null;
}

export interface StockLevelView {
  variantId: string;
  onHand: number;
  reserved: number;
  available: number;
  updatedAt: Date | string | null;
}

export interface VariantView extends LocaleView {
  id: string;
  localId: string;
  productLocalId: string;
  sku: string | null;
  barcode: string | null;
  title: string;
  position: number;
  weightGrams: number | null;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  selectedOptions: Array<{ name: string; value: string }>;
  prices: PriceView[];
  availableForSale: boolean;
  stock: StockLevelView;
  lowStockThreshold: number;
  translations: Array<{ locale: string; title: string }>;
  createdAt: string;
  updatedAt: string;
}

function priceView(currency: string, amount: string, compareAt: string | null): PriceView {
  return { currency, price: money(amount, currency), compareAtPrice: compareAt === null ? null : money(compareAt, currency) };
}

export function stockView(variantLocalId: string, onHand: number, reserved: number, updatedAt: Date | string | null): StockLevelView {
  return { variantId: toGlobalId('CommerceVariant', variantLocalId), onHand, reserved, available: onHand - reserved, updatedAt };
}

/** A product's option values by id, with their option: what a variant's `option_key` refers to. */
export type OptionValueIndex = ReadonlyMap<string, { option: OptionJson; value: OptionJson['values'][number] }>;

export function optionValueIndex(options: readonly OptionJson[]): OptionValueIndex {
  return new Map(options.flatMap((option) => option.values.map((value) => [value.id, { option, value }] as const)));
}

export function variantView(row: VariantJson, locales: LocaleView, values: OptionValueIndex): VariantView {
  const { wantedLocale, defaultLocale } = locales;
  const chosen = row.option_key === '' ? [] : row.option_key.split(',').flatMap((id) => values.get(id) ?? []);
  const selectedOptions = chosen
    .sort((a, b) => a.option.position - b.option.position)
    .map(({ option, value }) => ({ name: labelIn(option.translations, wantedLocale, defaultLocale, option.name), value: labelIn(value.t, wantedLocale, defaultLocale, value.v) }));
  const onHand = row.stock?.on_hand ?? 0;
  const reserved = row.stock?.reserved ?? 0;
  const translations: LocalizedText[] = localizedList(row.titles);
  return {
    id: toGlobalId('CommerceVariant', row.id),
    localId: row.id,
    productLocalId: row.product_id,
    sku: row.sku,
    barcode: row.barcode,
    // Without a title in the locale (or the default) a variant is named by its options ("M / Red"), as shops print it,
    // rather than in a third language.
    title: row.titles?.[wantedLocale] ?? row.titles?.[defaultLocale] ?? (selectedOptions.length > 0 ? selectedOptions.map((o) => o.value).join(' / ') : 'Default'),
    position: row.position,
    weightGrams: row.weight_grams,
    inventoryPolicy: row.inventory_policy === 'continue' ? 'CONTINUE' : 'DENY',
    selectedOptions,
    prices: row.prices.map((p) => priceView(p.c, p.a, p.x)),
    availableForSale: row.inventory_policy === 'continue' || onHand - reserved > 0,
    stock: stockView(row.id, onHand, reserved, row.stock?.updated_at ?? null),
    lowStockThreshold: row.low_stock_threshold,
    translations: translations.map((t) => ({ locale: t.locale, title: t.text })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    wantedLocale,
    defaultLocale,
  };
}
