/**
 * The `rustok` field of a module package's package.json. Mirrors
 * `schemas/module-manifest.schema.json`; the schema is the authority at boot,
 * this type is what module authors and the kernel compile against.
 */
export interface ModuleManifest {
  /** Module id, `/^[a-z][a-z0-9-]*$/`. Derives the PostgreSQL schema, event and permission prefixes. */
  id: string;
  /**
   * Semver range of kernel versions the module supports, e.g. `^0.1.0`.
   * Ranges without an upper bound (`*`, `>=0.1.0`) are refused as not specific enough.
   */
  kernel: string;
  /** Entry file relative to the package root. Default `src/index.ts`. */
  entry?: string;
  requires?: {
    /** Module id → semver range of its version. */
    modules?: Record<string, string>;
    /** Services (`name@major`) some enabled module must provide. */
    services?: string[];
  };
  provides?: {
    /** Services (`name@major`) this module provides with `ctx.services.provide`. */
    services?: string[];
  };
  events?: {
    /** `module.entity.verb@version` → JSON schema file of its payload, relative to the package. */
    emits?: Record<string, string>;
    /** Events of other modules this module subscribes to. */
    consumes?: string[];
  };
  /** Permissions the module declares, each prefixed with the module id (`blog.post.publish`). */
  permissions?: string[];
  /**
   * Built-in role (`owner`, `admin`, `editor`, `customer`) → permissions of this
   * module that the role holds in every tenant. Owners hold everything anyway.
   */
  roles?: Record<string, string[]>;
  /** CLI commands the module adds with `ctx.commands.add` (`tenant create`). */
  commands?: string[];
  /** JSON schema (draft-07) of the module's `config` in registry.json. Defaults are applied. */
  config?: Record<string, unknown>;
  graphql?: {
    /** GraphQL types this module defines. No other module may define them. */
    owns?: string[];
    /** Type name → fields this module adds to a type owned by the kernel or by a module it requires. */
    extends?: Record<string, string[]>;
    /**
     * Who may call each field: `Type.field` (or `Type` for all of a type's
     * fields and for `node(id:)`) → `public`, `authenticated`, `platform` or a
     * permission. Every Query and Mutation field the module adds must have a
     * rule: the kernel denies by default and refuses to boot without one.
     */
    access?: Record<string, string>;
  };
}

/** The default entry of a module package. */
export const DEFAULT_MODULE_ENTRY = 'src/index.ts';

/** PostgreSQL schema that holds a module's tables: its id with `-` turned into `_`. */
export function schemaNameFor(moduleId: string): string {
  return moduleId.replace(/-/g, '_');
}
