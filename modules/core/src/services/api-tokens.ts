import type { Actor } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { ApiTokenRow } from '../models/api-token';
import type { ApiTokenRepository } from '../repositories/api-tokens';
import type { Page, PageQuery } from '../repositories/page';
import { hashSecret, newSecret, SecretPrefix } from '../secrets';
import { checkName } from '../validation';
import type { AuditService, AuditSource } from './audit';
import type { RbacService } from './rbac';
import { refused } from './sessions';
import type { Transactions } from './transactions';

export interface NewApiTokenInput {
  name: string;
  permissions: readonly string[];
  expiresAt?: Date | null;
}

/**
 * Credentials for apps and storefronts: a name, a fixed set of permissions
 * (never more than the creator held), an optional expiry. The secret is
 * returned once; only its SHA-256 is stored. Tokens outlive their creator's
 * roles on purpose: a storefront must not stop when the admin who set it up leaves.
 */
export class ApiTokenService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly rbac: RbacService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async create(tenantId: string, input: NewApiTokenInput, source: AuditSource): Promise<{ token: string; apiToken: ApiTokenRow }> {
    const name = checkName(input.name, 'name', 100);
    const permissions = this.rbac.checkGrantable(input.permissions, 'permissions');
    this.rbac.assertHolds(source.actor, permissions, 'permissions');
    if (input.expiresAt != null && input.expiresAt.getTime() <= Date.now()) {
      throw coreError(CoreErrors.EXPIRY_INVALID, 'The expiry is in the past.', { field: 'expiresAt' });
    }
    const token = newSecret(SecretPrefix.apiToken);
    const apiToken = await this.transactions.inTenant(tenantId, async (t) => {
      const created = await this.tokens.create({ name, tokenHash: hashSecret(token), permissions, createdByKind: source.actor?.kind ?? 'operator', createdById: source.actor?.id ?? 'unknown', expiresAt: input.expiresAt ?? null }, t);
      await this.audit.write({ ...source, action: 'core.api-token.created', outcome: 'success', target: created.id, detail: { name, permissions, expiresAt: created.expiresAt } }, t);
      return created;
    });
    return { token, apiToken };
  }

  list(tenantId: string, page: PageQuery, includeRevoked: boolean): Promise<Page<ApiTokenRow>> {
    return this.transactions.inTenant(tenantId, (t) => this.tokens.list(page, includeRevoked, t));
  }

  get(tenantId: string, id: string): Promise<ApiTokenRow | null> {
    return this.transactions.inTenant(tenantId, (t) => this.tokens.findById(id, t));
  }

  async revoke(tenantId: string, id: string, source: AuditSource): Promise<ApiTokenRow> {
    return this.transactions.inTenant(tenantId, async (t) => {
      const existing = await this.tokens.findById(id, t);
      if (existing === null) throw coreError(CoreErrors.API_TOKEN_NOT_FOUND, 'No such API token in this tenant.', { field: 'id' });
      if (existing.revokedAt !== null) return existing;
      const revoked = (await this.tokens.revoke(id, t)) as ApiTokenRow;
      await this.audit.write({ ...source, action: 'core.api-token.revoked', outcome: 'success', target: id, detail: { name: existing.name } }, t);
      return revoked;
    });
  }

  async authenticate(tenantId: string, token: string): Promise<Actor> {
    return this.transactions.inTenant(tenantId, async (t) => {
      const found = await this.tokens.check(tenantId, hashSecret(token), t);
      if (found === null) throw refused('unknown', 'This API token is not valid for this tenant.');
      if (found.revoked) throw refused('revoked', 'This API token was revoked.');
      if (found.expired) throw refused('expired', 'This API token has expired.');
      if (found.stale) await this.tokens.touch(found.id, t);
      return Object.freeze({ kind: 'api-token', id: found.id, tenantId, platform: false, permissions: new Set(found.permissions), credentialId: found.id }) satisfies Actor;
    });
  }
}
