import { toGlobalId } from '@rustok/contracts';

/** How an actor recorded as (kind, local id) appears in the API: as the global id of its User or ApiToken. */
export function actorGlobalId(kind: string | null, id: string | null): string | null {
  if (kind === null || id === null) return null;
  if (kind === 'user') return toGlobalId('User', id);
  if (kind === 'api-token') return toGlobalId('ApiToken', id);
  return id;
}
