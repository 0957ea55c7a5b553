import { CommerceErrors, commerceError } from '../../errors';
import { checkLocales, type TenantLocales } from '../../domain/locales';
import { requiredText } from '../../domain/text';
import type { LocalizedTextInput } from './shapes';

/** A locale → text map from a list of per-locale texts (labels, alt texts). */
export function localizedMap(tenant: TenantLocales, entries: readonly LocalizedTextInput[] | null | undefined, field: string, max = 255): Record<string, string> {
  const checked = checkLocales(tenant, entries ?? [], field);
  return Object.fromEntries(checked.map((entry, index) => [entry.locale, requiredText(entry.text, `${field}[${index}].text`, max)]));
}

/** An integer within bounds (GraphQL Int is already an integer; bounds are ours). */
export function boundedInt(value: number, field: string, min: number, max: number, code: 'QUANTITY_INVALID' | 'INPUT_INVALID' = 'INPUT_INVALID'): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw commerceError(CommerceErrors[code], `${field} must be an integer from ${min} to ${max}; got ${value}.`, { field });
  }
  return value;
}

/** Refuses lists longer than `max`, naming the field. */
export function atMost<T>(list: readonly T[], max: number, field: string): readonly T[] {
  if (list.length > max) throw commerceError(CommerceErrors.INPUT_INVALID, `${field} holds at most ${max} entries; got ${list.length}.`, { field });
  return list;
}
