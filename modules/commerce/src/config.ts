/** commerce's `config` in registry.json (schema in the manifest; defaults applied by the kernel). */
export interface CommerceConfig {
  /** Low-stock threshold of variants created without one. */
  defaultLowStockThreshold: number;
  /** Slug of the tenant the demo catalog is written for. */
  demoTenant: string;
}
