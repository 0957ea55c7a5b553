import type { Transaction } from 'sequelize';
import { CommerceErrors, commerceError } from '../errors';
import type { VariantRow } from '../models/variant';
import type { InventoryRepository } from '../repositories/inventory';
import type { KnownOption, OptionRepository } from '../repositories/options';
import type { PriceRepository } from '../repositories/prices';
import type { VariantRepository } from '../repositories/variants';
import { sameText, type SelectedOption } from './inputs/options';
import type { PreparedVariant } from './inputs/variants';

export interface Combination {
  /** The value ids in option order: unique per product (variants_product_option_key). */
  key: string;
  choices: Array<{ optionId: string; valueId: string }>;
}

/** Where a new variant goes and what it is checked against. */
export interface VariantPlace {
  known: KnownOption[];
  position: number;
  defaultThreshold: number;
  /** Input path for errors (`input.variants[2]`). */
  field: string;
  takenKeys: Set<string>;
  actorId: string | null;
}

/**
 * What creating and changing variants share: turning option choices into a
 * combination (adding values the option does not have yet, at its end, as
 * shops expect when a new size arrives) and writing a variant with its
 * titles, prices and stock level.
 */
export class VariantWriter {
  constructor(
    private readonly options: OptionRepository,
    private readonly variants: VariantRepository,
    private readonly prices: PriceRepository,
    private readonly inventory: InventoryRepository,
  ) {}

  async combination(known: KnownOption[], selected: readonly SelectedOption[], field: string, transaction: Transaction): Promise<Combination> {
    const picked = new Map<string, string>();
    selected.forEach((choice, index) => {
      const option = known.find((o) => sameText(o.name, choice.name));
      if (option === undefined) {
        throw commerceError(CommerceErrors.OPTION_UNKNOWN, `The product has no option "${choice.name}"${known.length > 0 ? ` (it has ${known.map((o) => o.name).join(', ')})` : ''}.`, { field: `${field}.options[${index}].name` });
      }
      if (picked.has(option.id)) throw commerceError(CommerceErrors.OPTION_DUPLICATE, `Option "${option.name}" is chosen twice.`, { field: `${field}.options[${index}].name` });
      picked.set(option.id, choice.value);
    });
    const choices: Combination['choices'] = [];
    for (const option of [...known].sort((a, b) => a.position - b.position)) {
      const value = picked.get(option.id);
      if (value === undefined) throw commerceError(CommerceErrors.OPTION_VALUE_MISSING, `A variant needs a value for every option; "${option.name}" has none.`, { field: `${field}.options` });
      let found = option.values.find((v) => sameText(v.value, value));
      if (found === undefined) {
        const position = option.values.reduce((max, v) => Math.max(max, v.position + 1), 0);
        const [id] = await this.options.addValues(option.id, [{ value, translations: {}, position }], transaction);
        found = { id: id as string, value, position };
        option.values.push(found);
      }
      choices.push({ optionId: option.id, valueId: found.id });
    }
    return { key: choices.map((c) => c.valueId).join(','), choices };
  }

  /** Inserts a variant; `place.takenKeys` holds the product's combinations so far and gains this one. */
  async insert(productId: string, variant: PreparedVariant, place: VariantPlace, transaction: Transaction): Promise<VariantRow> {
    const { known, field, takenKeys } = place;
    const combination = await this.combination(known, variant.options ?? [], field, transaction);
    if (takenKeys.has(combination.key)) {
      throw commerceError(CommerceErrors.OPTION_COMBINATION_TAKEN, known.length === 0 ? 'A product without options has exactly one variant.' : 'Another variant of the product has this combination of option values.', { field: `${field}.options` });
    }
    takenKeys.add(combination.key);
    const row = await this.variants.create(
      {
        productId,
        sku: variant.sku ?? null,
        barcode: variant.barcode ?? null,
        weightGrams: variant.weightGrams ?? null,
        position: variant.position ?? place.position,
        inventoryPolicy: variant.inventoryPolicy ?? 'deny',
        lowStockThreshold: variant.lowStockThreshold ?? place.defaultThreshold,
        optionKey: combination.key,
      },
      transaction,
    );
    await this.variants.setOptionValues(row.id, combination.choices, transaction);
    if (variant.titles !== undefined) await this.variants.setTitles(row.id, variant.titles, transaction);
    await this.prices.upsert((variant.prices ?? []).map((p) => ({ variantId: row.id, ...p })), transaction);
    const onHand = variant.onHand ?? 0;
    await this.inventory.createLevels([{ variantId: row.id, onHand }], transaction);
    if (onHand > 0) {
      await this.inventory.record({ variantId: row.id, deltaOnHand: onHand, deltaReserved: 0, onHandAfter: onHand, reservedAfter: 0, reason: 'received', note: 'initial stock', reference: null, actorId: place.actorId }, transaction);
    }
    return row;
  }
}
