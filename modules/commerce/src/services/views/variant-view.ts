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

/**
 * A variant as GraphQL serves it. A storefront list holds dozens of them per
 * page and asks for a few fields of each, so what costs work or memory —
 * global ids, option names, prices as Money, stock, translations — is worked
 * out when a field reads it (once), not for every variant read.
 */
class LazyVariantView implements VariantView {
  readonly localId: string;
  readonly productLocalId: string;
  readonly sku: string | null;
  readonly barcode: string | null;
  readonly position: number;
  readonly weightGrams: number | null;
  readonly inventoryPolicy: 'DENY' | 'CONTINUE';
  readonly availableForSale: boolean;
  readonly lowStockThreshold: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly wantedLocale: string;
  readonly defaultLocale: string;
  #id: string | undefined;
  #selectedOptions: VariantView['selectedOptions'] | undefined;
  #prices: PriceView[] | undefined;
  #stock: StockLevelView | undefined;
  readonly #row: VariantJson;
  readonly #values: OptionValueIndex;

  constructor(row: VariantJson, locales: LocaleView, values: OptionValueIndex) {
    this.#row = row;
    this.#values = values;
    this.localId = row.id;
    this.productLocalId = row.product_id;
    this.sku = row.sku;
    this.barcode = row.barcode;
    this.position = row.position;
    this.weightGrams = row.weight_grams;
    this.inventoryPolicy = row.inventory_policy === 'continue' ? 'CONTINUE' : 'DENY';
    this.availableForSale = row.inventory_policy === 'continue' || (row.stock?.on_hand ?? 0) - (row.stock?.reserved ?? 0) > 0;
    this.lowStockThreshold = row.low_stock_threshold;
    this.createdAt = row.created_at;
    this.updatedAt = row.updated_at;
    this.wantedLocale = locales.wantedLocale;
    this.defaultLocale = locales.defaultLocale;
  }

  get id(): string {
    return (this.#id ??= toGlobalId('CommerceVariant', this.#row.id));
  }

  get selectedOptions(): VariantView['selectedOptions'] {
    if (this.#selectedOptions === undefined) {
      const { wantedLocale, defaultLocale } = this;
      const [row, values] = [this.#row, this.#values];
      const chosen = row.option_key === '' ? [] : row.option_key.split(',').flatMap((id) => values.get(id) ?? []);
      this.#selectedOptions = chosen
        .sort((a, b) => a.option.position - b.option.position)
        .map(({ option, value }) => ({ name: labelIn(option.translations, wantedLocale, defaultLocale, option.name), value: labelIn(value.t, wantedLocale, defaultLocale, value.v) }));
    }
    return this.#selectedOptions;
  }

  get title(): string {
    const { titles } = this.#row;
    // Without a title in the locale (or the default) a variant is named by its options ("M / Red"), as shops print it,
    // rather than in a third language.
    const named = titles?.[this.wantedLocale] ?? titles?.[this.defaultLocale];
    if (named !== undefined) return named;
    const options = this.selectedOptions;
    return options.length > 0 ? options.map((o) => o.value).join(' / ') : 'Default';
  }

  get prices(): PriceView[] {
    return (this.#prices ??= this.#row.prices.map((p) => priceView(p.c, p.a, p.x)));
  }

  get stock(): StockLevelView {
    return (this.#stock ??= stockView(this.#row.id, this.#row.stock?.on_hand ?? 0, this.#row.stock?.reserved ?? 0, this.#row.stock?.updated_at ?? null));
  }

  get translations(): Array<{ locale: string; title: string }> {
    return localizedList(this.#row.titles).map((t: LocalizedText) => ({ locale: t.locale, title: t.text }));
  }

  /** mercurius keys loader calls by the serialized parent: the id and locale say all (see withLoaderKey). */
  toJSON(): string {
    return `${this.id}|${this.wantedLocale}`;
  }
}

export function variantView(row: VariantJson, locales: LocaleView, values: OptionValueIndex): VariantView {
  return new LazyVariantView(row, locales, values);
}
