/**
 * Tenancy and access: what the kernel knows of "who is asking, for which
 * tenant", and the one service that answers it. The kernel enforces; the
 * module providing `rustok.access@1` (core) decides who is who.
 */

/** The tenant a request or an event belongs to. */
export interface TenantContext {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly defaultLocale: string;
  readonly locales: readonly string[];
  /** Ids of installed modules switched off for this tenant. */
  readonly disabledModules: ReadonlySet<string>;
}

/**
 * Who makes the request. `platform` actors (the operator's admin token, a
 * platform owner) pass every rule; everyone else holds a tenant's permissions.
 */
export interface Actor {
  readonly kind: 'user' | 'api-token' | 'operator';
  readonly id: string;
  /** The tenant whose permissions the actor holds; null for the operator. */
  readonly tenantId: string | null;
  readonly platform: boolean;
  /** Granted permissions as stored: `*`, `x.y.manage` and exact names; check with `permits`. */
  readonly permissions: ReadonlySet<string>;
  /** The session or API token that authenticated the request, if any. */
  readonly credentialId?: string;
}

/**
 * Who may call a GraphQL field, declared in the manifest under
 * `graphql.access`: `public` (anyone), `authenticated` (any actor),
 * `platform` (platform operators only) or a permission name.
 */
export type AccessRule = 'public' | 'authenticated' | 'platform' | (string & {});

export const PUBLIC_RULES: ReadonlySet<string> = new Set(['public', 'authenticated', 'platform']);

/**
 * True when `granted` allows `permission`: exactly, through `*`, or through
 * the resource's `manage` (`blog.post.manage` implies `blog.post.publish`).
 */
export function permits(granted: ReadonlySet<string>, permission: string): boolean {
  if (granted.has('*') || granted.has(permission)) return true;
  const lastDot = permission.lastIndexOf('.');
  return lastDot > 0 && granted.has(`${permission.slice(0, lastDot)}.manage`);
}

/** What the kernel learnt about an incoming request before resolving tenant and actor. */
export interface RequestInfo {
  /** Host name without port, lower case. */
  readonly host: string;
  /** Value of the X-Tenant header, when sent. */
  readonly tenantHeader: string | null;
  /** Value of the Authorization header, when sent. */
  readonly authorization: string | null;
  readonly ip: string;
  readonly userAgent: string | null;
}

/** One permission as a module declared it. */
export interface DeclaredPermission {
  readonly name: string;
  readonly module: string;
}

/** Everything the kernel tells the access provider at boot. */
export interface PlatformDescription {
  readonly environment: 'development' | 'test' | 'production';
  /** Installed modules in dependency order, with the modules each requires. */
  readonly modules: ReadonlyArray<{ readonly id: string; readonly requires: readonly string[] }>;
  readonly permissions: readonly DeclaredPermission[];
  /** Built-in role name → permissions modules grant it (manifest `roles`). */
  readonly roleGrants: Readonly<Record<string, readonly string[]>>;
}

/** An entry for the audit log; never put secrets in `detail`. */
export interface AuditEntry {
  readonly action: string;
  readonly outcome: 'success' | 'failure' | 'denied';
  readonly tenantId: string | null;
  readonly actor: Actor | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly target?: string | null;
  readonly detail?: Record<string, unknown>;
}

/**
 * The service `rustok.access@1`. The kernel calls it for every request and for
 * every event delivery to a tenant; at most one module provides it.
 */
export interface AccessProvider {
  /** Called once at boot, before the first request. */
  attach(platform: PlatformDescription): void;
  /**
   * The request's tenant, or null when the request names none. Throws an
   * error with a stable code for an unknown or inactive tenant.
   */
  resolveTenant(request: RequestInfo): Promise<TenantContext | null>;
  /** The actor behind the request's credentials; null when it sent none. Throws for bad credentials. */
  authenticate(request: RequestInfo, tenant: TenantContext | null): Promise<Actor | null>;
  /** Whether `moduleId` is switched on for the tenant (event handlers of switched-off modules skip its events). */
  moduleEnabled(tenantId: string, moduleId: string): Promise<boolean>;
  /** Records an audit entry. Must not throw for a valid entry. */
  audit(entry: AuditEntry): Promise<void>;
}

/** Name of the access service in manifests (`provides.services`). */
export const ACCESS_SERVICE = 'rustok.access@1';

/**
 * The PostgreSQL setting that carries the current tenant inside a
 * transaction; row-level security policies compare `tenant_id` with it.
 */
export const TENANT_SETTING = 'rustok.tenant_id';
