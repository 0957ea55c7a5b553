/**
 * The module's `config` in registry.json, after the kernel applied the
 * manifest schema's defaults (see package.json `rustok.config`).
 */
export interface CoreConfig {
  /** Whether `X-Tenant: <slug>` may pick the tenant; turn off where every tenant has its own host. */
  allowTenantHeader: boolean;
  /** Slug of the tenant that loopback requests without a header resolve to, outside production. */
  devTenant: string;
  /** Seconds a resolved tenant (with its switched-off modules) is served from memory. */
  tenantCacheSeconds: number;
  sessionTtlHours: number;
  sessionIdleMinutes: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  passwordResetTtlMinutes: number;
  emailVerificationTtlHours: number;
  password: PasswordConfig;
}

/** argon2id cost; the schema refuses anything weaker than m=19456 KiB, t=2, p=1. */
export interface PasswordConfig {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  /** Hashes (and verifications) running at once; each holds `memoryCost` KiB. */
  maxConcurrentHashes: number;
  minLength: number;
}
