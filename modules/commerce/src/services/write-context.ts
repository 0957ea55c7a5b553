import type { TenantLocales } from '../domain/locales';

/** Who writes, for which tenant: what every write service method needs besides its input. */
export interface WriteContext extends TenantLocales {
  tenantId: string;
  /** The actor's id for ledgers (stock adjustments); null for system work (seeds). */
  actorId: string | null;
}
