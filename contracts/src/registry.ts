/**
 * registry.json: the operator's pinned list of modules. Mirrors
 * `schemas/registry.schema.json`.
 */
export interface Registry {
  $schema?: string;
  modules: RegistryEntry[];
}

export interface RegistryEntry {
  /** Module id; must equal the `rustok.id` of the package's manifest. */
  id: string;
  /** npm package name; must equal the package's `name`. */
  package: string;
  /** Exact version; must equal the package's `version`. */
  version: string;
  /** `workspace:<path relative to the project>` or `npm` (resolved from node_modules). */
  source: string;
  /** `sha512-<base64>` over the package's files; recompute with `rustok module pin <id>`. */
  integrity: string;
  /** Disabled modules are checked for nothing but the registry schema and are not loaded. */
  enabled: boolean;
  /** Module configuration, validated against the manifest's `config` schema. */
  config?: Record<string, unknown>;
}
