/** Who calls a checkout service, for which tenant, in which locale. */
export interface Caller {
  tenantId: string;
  /** The signed-in user (a customer or staff), or an API token; null for guests. */
  actorId: string | null;
  actorKind: 'user' | 'api-token' | 'operator' | 'guest' | 'system';
  locale: string;
}

/** The customer a cart or order belongs to: signed-in users only. */
export function customerIdOf(caller: Caller): string | null {
  return caller.actorKind === 'user' ? caller.actorId : null;
}
