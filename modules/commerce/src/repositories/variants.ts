import type { Transaction } from 'sequelize';
import type { CommerceModels } from '../models';
import type { VariantRow } from '../models/variant';
import { uuidv7 } from '@rustok/contracts';
import { rows } from './sql';

export type NewVariant = Pick<VariantRow, 'productId' | 'sku' | 'barcode' | 'weightGrams' | 'position' | 'inventoryPolicy' | 'lowStockThreshold' | 'optionKey'>;
export type VariantPatch = Partial<Omit<NewVariant, 'productId'>>;

export class VariantRepository {
  constructor(private readonly models: Pick<CommerceModels, 'Variant'>) {}

  async findById(id: string, transaction: Transaction): Promise<VariantRow | null> {
    return (await this.models.Variant.findOne({ where: { id }, raw: true, transaction })) as VariantRow | null;
  }

  async findByIds(ids: readonly string[], transaction: Transaction): Promise<VariantRow[]> {
    if (ids.length === 0) return [];
    return (await this.models.Variant.findAll({ where: { id: [...new Set(ids)] }, raw: true, transaction })) as unknown as VariantRow[];
  }

  async ofProduct(productId: string, transaction: Transaction): Promise<VariantRow[]> {
    return (await this.models.Variant.findAll({ where: { productId }, order: [['position', 'ASC'], ['id', 'ASC']], raw: true, transaction })) as unknown as VariantRow[];
  }

  async create(variant: NewVariant, transaction: Transaction): Promise<VariantRow> {
    return (await this.models.Variant.create({ id: uuidv7(), ...variant }, { transaction })).get({ plain: true }) as VariantRow;
  }

  async update(id: string, patch: VariantPatch, transaction: Transaction): Promise<VariantRow | null> {
    const [, updated] = await this.models.Variant.update({ ...patch, updatedAt: new Date() }, { where: { id }, transaction, returning: true });
    return (updated[0]?.get({ plain: true }) as VariantRow | undefined) ?? null;
  }

  async destroy(id: string, transaction: Transaction): Promise<void> {
    await this.models.Variant.destroy({ where: { id }, transaction });
  }

  /** SKUs among `skus` used by variants other than `exceptId`. */
  async skusTaken(skus: readonly string[], exceptId: string | null, transaction: Transaction): Promise<Set<string>> {
    if (skus.length === 0) return new Set();
    const found = await rows<{ sku: string }>(transaction, 'SELECT sku FROM commerce.variants WHERE sku = ANY($1::text[]) AND id IS DISTINCT FROM $2::uuid', [skus, exceptId]);
    return new Set(found.map((row) => row.sku));
  }

  async nextPosition(productId: string, transaction: Transaction): Promise<number> {
    const [row] = await rows<{ next: number }>(transaction, 'SELECT coalesce(max(position) + 1, 0) AS next FROM commerce.variants WHERE product_id = $1', [productId]);
    return row?.next ?? 0;
  }

  /** Makes the variant's option values exactly `choices` (one per option). */
  async setOptionValues(variantId: string, choices: ReadonlyArray<{ optionId: string; valueId: string }>, transaction: Transaction): Promise<void> {
    await rows(transaction, 'DELETE FROM commerce.variant_option_values WHERE variant_id = $1', [variantId]);
    if (choices.length === 0) return;
    await rows(
      transaction,
      `INSERT INTO commerce.variant_option_values (tenant_id, variant_id, option_id, value_id)
       SELECT rustok.current_tenant_id(), $1, c.option_id, c.value_id FROM unnest($2::uuid[], $3::uuid[]) AS c(option_id, value_id)`,
      [variantId, choices.map((c) => c.optionId), choices.map((c) => c.valueId)],
    );
  }

  /** Makes the variant's titles exactly `titles` (locale → title). */
  async setTitles(variantId: string, titles: Record<string, string>, transaction: Transaction): Promise<void> {
    const locales = Object.keys(titles);
    await rows(transaction, 'DELETE FROM commerce.variant_translations WHERE variant_id = $1 AND NOT (locale = ANY($2::text[]))', [variantId, locales]);
    if (locales.length === 0) return;
    await rows(
      transaction,
      `INSERT INTO commerce.variant_translations (tenant_id, variant_id, locale, title)
       SELECT rustok.current_tenant_id(), $1, t.locale, t.title FROM unnest($2::text[], $3::text[]) AS t(locale, title)
       ON CONFLICT (variant_id, locale) DO UPDATE SET title = EXCLUDED.title`,
      [variantId, locales, locales.map((locale) => titles[locale])],
    );
  }
}
