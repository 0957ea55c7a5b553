import { fromGlobalId, isUuid } from '@rustok/contracts';
import { CommerceErrors, commerceError } from '../errors';

/** The commerce types whose ids clients pass back. */
export type CommerceIdType = 'CommerceProduct' | 'CommerceVariant' | 'CommerceCategory' | 'CommerceMedia' | 'CommerceProductOption' | 'CommerceProductOptionValue' | 'CommerceStockAdjustment';

/** The local id inside a global id of `typeName`; ID_INVALID (with `field`) for anything else. */
export function localIdOf(globalId: string, typeName: CommerceIdType, field: string): string {
  const decoded = fromGlobalId(globalId);
  if (decoded === null || decoded.typeName !== typeName || !isUuid(decoded.localId)) {
    throw commerceError(CommerceErrors.ID_INVALID, `"${globalId}" is not the id of a ${typeName}.`, { field });
  }
  return decoded.localId;
}

/** A parser for one type, as the input preparers take it. */
export const idParser = (typeName: CommerceIdType) => (globalId: string, field: string) => localIdOf(globalId, typeName, field);
