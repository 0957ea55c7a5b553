import type { AccessProvider, Actor, AuditEntry, PlatformDescription, RequestInfo, TenantContext } from '@rustok/contracts';
import type { Platform } from '../platform';
import { SecretPrefix } from '../secrets';
import type { ApiTokenService } from './api-tokens';
import type { AuditService } from './audit';
import { refused, type SessionService } from './sessions';
import type { TenantDirectory } from './tenant-directory';
import type { TenantResolver } from './tenant-resolver';

/** Core's `rustok.access@1`: the kernel asks it who is who; it enforces nothing itself. */
export class CoreAccessProvider implements AccessProvider {
  constructor(
    private readonly platform: Platform,
    private readonly resolver: TenantResolver,
    private readonly directory: TenantDirectory,
    private readonly sessions: SessionService,
    private readonly apiTokens: ApiTokenService,
    private readonly auditService: AuditService,
  ) {}

  attach(platform: PlatformDescription): void {
    this.platform.attach(platform);
    // Cached contexts hold disabled-module sets computed against the previous module list.
    this.directory.invalidate();
  }

  resolveTenant(request: RequestInfo): Promise<TenantContext | null> {
    return this.resolver.resolve(request);
  }

  /**
   * Sessions and API tokens live in their tenant's rows, looked up in that
   * tenant's scope: another tenant's token is simply not found there.
   */
  async authenticate(request: RequestInfo, tenant: TenantContext | null): Promise<Actor | null> {
    if (request.authorization === null) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization);
    if (match === null) throw refused('malformed', 'The Authorization header must be "Bearer <token>".');
    const token = match[1] as string;
    if (tenant === null) throw refused('no-tenant', 'The request names no tenant, and sessions and API tokens belong to one.');
    if (token.startsWith(SecretPrefix.session)) return this.sessions.authenticate(tenant.id, token);
    if (token.startsWith(SecretPrefix.apiToken)) return this.apiTokens.authenticate(tenant.id, token);
    throw refused('unknown', 'This is not a RusToK session or API token.');
  }

  async moduleEnabled(tenantId: string, moduleId: string): Promise<boolean> {
    const tenant = await this.directory.byId(tenantId);
    return tenant !== null && !tenant.context.disabledModules.has(moduleId);
  }

  audit(entry: AuditEntry): Promise<void> {
    return this.auditService.writeAlone(entry.tenantId, { action: entry.action, outcome: entry.outcome, actor: entry.actor, ip: entry.ip, requestId: entry.requestId, target: entry.target ?? null, detail: entry.detail });
  }
}
