import { serviceRef } from '../module';

/** A tenant as other modules may see it. */
export interface TenantSummary {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly defaultLocale: string;
  readonly locales: readonly string[];
}

/** A user as other modules may show it (an author, a customer); never credentials. */
export interface UserSummary {
  readonly id: string;
  /** As the user set it; null when they never did. */
  readonly displayName: string | null;
  readonly status: 'active' | 'disabled';
}

/**
 * `core.directory@1`: lookups other modules need from core. User lookups run
 * in the caller's tenant scope and see only that tenant's users.
 */
export interface CoreDirectory {
  tenantBySlug(slug: string): Promise<TenantSummary | null>;
  /** Users of the current tenant by id, in no particular order; unknown ids are left out. */
  usersByIds(ids: readonly string[]): Promise<UserSummary[]>;
}

export const CORE_DIRECTORY = serviceRef<CoreDirectory>('core.directory@1');
