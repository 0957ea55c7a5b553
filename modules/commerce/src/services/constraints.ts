import { CommerceErrors, commerceError, violatedConstraint, type CommerceErrorCode } from '../errors';

/**
 * What each unique or check constraint means to a caller. Services check
 * first (to name the exact field), but two requests can race past a check;
 * the constraint then decides, and the error still says what went wrong.
 */
const MEANINGS: Readonly<Record<string, { code: CommerceErrorCode; message: string }>> = {
  products_tenant_handle_key: { code: CommerceErrors.HANDLE_TAKEN, message: 'Another product has this handle.' },
  categories_tenant_handle_key: { code: CommerceErrors.HANDLE_TAKEN, message: 'Another category has this handle.' },
  variants_tenant_sku_key: { code: CommerceErrors.SKU_TAKEN, message: 'Another variant has this SKU.' },
  variants_product_option_key: { code: CommerceErrors.OPTION_COMBINATION_TAKEN, message: 'Another variant of the product has this combination of option values.' },
  product_options_product_name_key: { code: CommerceErrors.OPTION_DUPLICATE, message: 'The product has an option of this name.' },
  product_option_values_option_value_key: { code: CommerceErrors.OPTION_VALUE_DUPLICATE, message: 'The option has this value already.' },
  stock_levels_available_non_negative: { code: CommerceErrors.STOCK_INSUFFICIENT, message: 'Available stock cannot go below zero.' },
  variant_prices_compare_at_above_amount: { code: CommerceErrors.COMPARE_AT_NOT_ABOVE_PRICE, message: 'The compare-at price must be above the price.' },
};

/** Runs `work`, turning a broken unique or check constraint into its PlatformError; `fields` names the field per constraint. */
export async function withConstraintErrors<T>(work: () => Promise<T>, fields: Readonly<Record<string, string>> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const constraint = violatedConstraint(error, '23505') ?? violatedConstraint(error, '23514');
    const meaning = constraint === null ? undefined : MEANINGS[constraint];
    if (constraint === null || meaning === undefined) throw error;
    throw commerceError(meaning.code, meaning.message, fields[constraint] === undefined ? {} : { field: fields[constraint] });
  }
}
