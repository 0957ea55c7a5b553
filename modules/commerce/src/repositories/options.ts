import type { Transaction } from 'sequelize';
import type { CommerceModels } from '../models';
import type { OptionRow } from '../models/option';
import { uuidv7 } from '@rustok/contracts';
import { rows } from './sql';

/** An option with its values, as variant writes match choices against it. */
export interface KnownOption {
  id: string;
  name: string;
  position: number;
  values: Array<{ id: string; value: string; position: number }>;
}

export class OptionRepository {
  constructor(private readonly models: Pick<CommerceModels, 'Option' | 'OptionValue'>) {}

  async ofProduct(productId: string, transaction: Transaction): Promise<KnownOption[]> {
    const found = await rows<{ id: string; name: string; position: number; values: KnownOption['values'] }>(
      transaction,
      `SELECT o.id, o.name, o.position,
         (SELECT coalesce(json_agg(json_build_object('id', ov.id, 'value', ov.value, 'position', ov.position) ORDER BY ov.position), '[]')
            FROM commerce.product_option_values ov WHERE ov.option_id = o.id) AS values
       FROM commerce.product_options o WHERE o.product_id = $1 ORDER BY o.position`,
      [productId],
    );
    return found;
  }

  async findById(id: string, transaction: Transaction): Promise<OptionRow | null> {
    return (await this.models.Option.findOne({ where: { id }, raw: true, transaction })) as OptionRow | null;
  }

  async create(productId: string, option: { name: string; translations: Record<string, string>; position: number }, transaction: Transaction): Promise<string> {
    const created = await this.models.Option.create({ id: uuidv7(), productId, ...option }, { transaction });
    return created.get('id') as string;
  }

  async update(id: string, patch: { name?: string; translations?: Record<string, string> }, transaction: Transaction): Promise<void> {
    await this.models.Option.update({ ...patch, updatedAt: new Date() }, { where: { id }, transaction });
  }

  /** Inserts values at the given positions; returns their ids in input order. */
  async addValues(optionId: string, values: ReadonlyArray<{ value: string; translations: Record<string, string>; position: number }>, transaction: Transaction): Promise<string[]> {
    if (values.length === 0) return [];
    const created = await this.models.OptionValue.bulkCreate(values.map((v) => ({ id: uuidv7(), optionId, ...v })), { transaction });
    return created.map((row) => row.get('id') as string);
  }

  async updateValue(id: string, patch: { value: string; translations: Record<string, string>; position: number }, transaction: Transaction): Promise<void> {
    await this.models.OptionValue.update(patch, { where: { id }, transaction });
  }

  /** Value ids among `ids` some variant uses. */
  async valuesInUse(ids: readonly string[], transaction: Transaction): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await rows<{ value_id: string }>(transaction, 'SELECT DISTINCT value_id FROM commerce.variant_option_values WHERE value_id = ANY($1::uuid[])', [ids]);
    return new Set(found.map((row) => row.value_id));
  }

  async removeValues(ids: readonly string[], transaction: Transaction): Promise<void> {
    if (ids.length === 0) return;
    await this.models.OptionValue.destroy({ where: { id: [...ids] }, transaction });
  }
}
