import type { PlatformDescription } from '@rustok/contracts';

/**
 * What the kernel told the access provider at boot: installed modules, every
 * declared permission and the built-in roles' grants. Commands and seeds may
 * run before (or without) `attach`; until then the description is empty,
 * which only the GraphQL paths (that run after boot) would notice.
 */
export class Platform {
  #description: PlatformDescription = {
    // Before attach (commands, seeds) only "is this production?" matters, and NODE_ENV is what the kernel derives it from.
    environment: process.env.NODE_ENV === 'production' ? 'production' : process.env.NODE_ENV === 'test' ? 'test' : 'development',
    modules: [],
    permissions: [],
    roleGrants: {},
  };
  #permissionNames: ReadonlySet<string> = new Set();

  attach(description: PlatformDescription): void {
    this.#description = description;
    this.#permissionNames = new Set(description.permissions.map((p) => p.name));
  }

  get environment(): PlatformDescription['environment'] {
    return this.#description.environment;
  }

  get modules(): PlatformDescription['modules'] {
    return this.#description.modules;
  }

  get permissions(): PlatformDescription['permissions'] {
    return this.#description.permissions;
  }

  /** Permissions modules grant a built-in role (owner holds `*` on top). */
  grantsOf(role: string): readonly string[] {
    return this.#description.roleGrants[role] ?? [];
  }

  /**
   * Whether a permission may be put in a role or token: `*`, a declared
   * permission, or `<resource>.manage` of a resource some module declares
   * actions for (manage implies them, so it is meaningful even undeclared).
   */
  isGrantable(permission: string): boolean {
    if (permission === '*' || this.#permissionNames.has(permission)) return true;
    if (!permission.endsWith('.manage')) return false;
    const resource = permission.slice(0, -'manage'.length);
    for (const name of this.#permissionNames) if (name.startsWith(resource)) return true;
    return false;
  }
}
