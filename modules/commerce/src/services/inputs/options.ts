import { CommerceErrors, commerceError } from '../../errors';
import type { TenantLocales } from '../../domain/locales';
import { requiredText } from '../../domain/text';
import { atMost, localizedMap } from './common';
import type { OptionInput, SelectedOptionInput } from './shapes';

export const MAX_OPTIONS = 10;
export const MAX_OPTION_VALUES = 250;

export interface PreparedOptionValue {
  id: string | null;
  value: string;
  translations: Record<string, string>;
}

export interface PreparedOption {
  name: string;
  translations: Record<string, string>;
  values: PreparedOptionValue[];
}

/** Names and values compare case-insensitively: "Red" and "red" are one colour. */
export const sameText = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/**
 * One option. `valueId` parses ids of existing values, which only an option
 * update may name; without it an id is refused.
 */
export function prepareOption(tenant: TenantLocales, input: OptionInput, field: string, valueId?: (raw: string, field: string) => string): PreparedOption {
  const name = requiredText(input.name, `${field}.name`, 64);
  const values: PreparedOptionValue[] = [];
  atMost(input.values ?? [], MAX_OPTION_VALUES, `${field}.values`).forEach((raw, index) => {
    const value = requiredText(raw.value, `${field}.values[${index}].value`, 128);
    if (values.some((v) => sameText(v.value, value))) throw commerceError(CommerceErrors.OPTION_VALUE_DUPLICATE, `Value "${value}" appears twice in option "${name}".`, { field: `${field}.values[${index}].value` });
    const idField = `${field}.values[${index}].id`;
    if (raw.id != null && valueId === undefined) throw commerceError(CommerceErrors.INPUT_INVALID, 'Value ids name existing values; a new option has none.', { field: idField });
    values.push({ id: raw.id == null || valueId === undefined ? null : valueId(raw.id, idField), value, translations: localizedMap(tenant, raw.translations, `${field}.values[${index}].translations`, 128) });
  });
  return { name, translations: localizedMap(tenant, input.translations, `${field}.translations`, 64), values };
}

export function prepareOptions(tenant: TenantLocales, inputs: readonly OptionInput[] | null | undefined, field: string): PreparedOption[] {
  const options: PreparedOption[] = [];
  atMost(inputs ?? [], MAX_OPTIONS, field).forEach((input, index) => {
    const option = prepareOption(tenant, input, `${field}[${index}]`);
    if (options.some((o) => sameText(o.name, option.name))) throw commerceError(CommerceErrors.OPTION_DUPLICATE, `Option "${option.name}" appears twice.`, { field: `${field}[${index}].name` });
    options.push(option);
  });
  return options;
}

export interface SelectedOption {
  name: string;
  value: string;
}

/** A variant's option choices, trimmed; whether they fit the product's options is checked against it. */
export function prepareSelection(inputs: readonly SelectedOptionInput[], field: string): SelectedOption[] {
  return inputs.map((input, index) => ({ name: requiredText(input.name, `${field}[${index}].name`, 64), value: requiredText(input.value, `${field}[${index}].value`, 128) }));
}
