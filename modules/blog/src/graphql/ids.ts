import { fromGlobalId, isUuid } from '@rustok/contracts';
import { BlogErrors, blogError } from '../errors';

/** The local id inside a global id of `typeName`; ID_INVALID (naming `field`) for anything else. */
export function localIdOf(globalId: string, typeName: string, field: string): string {
  const decoded = fromGlobalId(globalId);
  if (decoded === null || decoded.typeName !== typeName || !isUuid(decoded.localId)) {
    throw blogError(BlogErrors.ID_INVALID, `"${globalId}" is not the id of a ${typeName}.`, { field });
  }
  return decoded.localId;
}

export function optionalLocalIdOf(globalId: string | null | undefined, typeName: string, field: string): string | null | undefined {
  return globalId == null ? globalId : localIdOf(globalId, typeName, field);
}

/** Ids of a list argument, each checked, with its index in errors. */
export function localIdsOf(globalIds: readonly string[] | null | undefined, typeName: string, field: string): string[] | null | undefined {
  return globalIds == null ? globalIds : globalIds.map((id, index) => localIdOf(id, typeName, `${field}.${index}`));
}
