import { CommerceErrors, commerceError } from '../errors';
import { idParser } from '../domain/global-ids';
import type { OptionRepository } from '../repositories/options';
import type { ProductRepository } from '../repositories/products';
import type { CatalogEvents } from './catalog-events';
import { withConstraintErrors } from './constraints';
import { prepareOption, sameText } from './inputs/options';
import type { OptionInput } from './inputs/shapes';
import type { Transactions } from './transactions';
import type { WriteContext } from './write-context';

/**
 * Renames an option and sets its values: the list given is the new order;
 * values named by id are kept (renamed or retranslated), values without an
 * id are added, and values left out are removed — unless a variant uses
 * them (OPTION_VALUE_IN_USE: change or delete those variants first).
 */
export class OptionService {
  constructor(private readonly deps: { options: OptionRepository; products: ProductRepository; events: CatalogEvents; transactions: Transactions }) {}

  async update(ctx: WriteContext, id: string, input: OptionInput): Promise<{ id: string; productId: string }> {
    const prepared = prepareOption(ctx, input, 'input', idParser('CommerceProductOptionValue'));
    const { options, products, events } = this.deps;
    return this.deps.transactions.inTenant(ctx.tenantId, (t) =>
      withConstraintErrors(
        async () => {
          const option = await options.findById(id, t);
          if (option === null) throw commerceError(CommerceErrors.OPTION_NOT_FOUND, 'No such option.', { field: 'id' });
          const product = await products.findById(option.productId, t, true);
          if (product === null) throw commerceError(CommerceErrors.OPTION_NOT_FOUND, 'No such option.', { field: 'id' });
          const known = await options.ofProduct(option.productId, t);
          if (known.some((o) => o.id !== id && sameText(o.name, prepared.name))) throw commerceError(CommerceErrors.OPTION_DUPLICATE, `The product has another option named "${prepared.name}".`, { field: 'input.name' });
          const current = known.find((o) => o.id === id)?.values ?? [];
          prepared.values.forEach((value, index) => {
            if (value.id !== null && !current.some((v) => v.id === value.id)) throw commerceError(CommerceErrors.OPTION_NOT_FOUND, 'No such value of this option.', { field: `input.values[${index}].id` });
          });
          const kept = new Set(prepared.values.map((v) => v.id).filter((v): v is string => v !== null));
          const dropped = current.filter((v) => !kept.has(v.id)).map((v) => v.id);
          const used = await options.valuesInUse(dropped, t);
          if (used.size > 0) {
            const value = current.find((v) => used.has(v.id))?.value;
            throw commerceError(CommerceErrors.OPTION_VALUE_IN_USE, `Value "${value}" is used by a variant; it cannot be removed.`, { field: 'input.values' });
          }
          await options.removeValues(dropped, t);
          await options.update(id, { name: prepared.name, translations: prepared.translations }, t);
          // (option, value) is unique: renames that swap two texts ("S"↔"M") first park every kept value on a text of its own.
          for (const [index, value] of prepared.values.entries()) if (value.id !== null) await options.updateValue(value.id, { value: `renaming:${value.id}`, translations: value.translations, position: index }, t);
          for (const [index, value] of prepared.values.entries()) if (value.id !== null) await options.updateValue(value.id, { value: value.value, translations: value.translations, position: index }, t);
          await options.addValues(id, prepared.values.flatMap((value, index) => (value.id === null ? [{ value: value.value, translations: value.translations, position: index }] : [])), t);
          await products.touch(product.id, t);
          await events.productUpdated(ctx.tenantId, product, ['options'], t);
          return { id, productId: product.id };
        },
        { product_options_product_name_key: 'input.name', product_option_values_option_value_key: 'input.values' },
      ),
    );
  }
}
