import type { ModelsFacade } from '@rustok/contracts';
import { defineApiToken } from './api-token';
import { defineAuditEntry, definePlatformAuditEntry } from './audit-entry';
import { defineLoginAttempt } from './login-attempt';
import { defineRole } from './role';
import { defineSession } from './session';
import { defineTenant } from './tenant';
import { defineTenantModule } from './tenant-module';
import { defineUser } from './user';
import { defineUserRole } from './user-role';
import { defineUserToken } from './user-token';

export function defineCoreModels(models: ModelsFacade) {
  return {
    Tenant: defineTenant(models),
    TenantModule: defineTenantModule(models),
    User: defineUser(models),
    Role: defineRole(models),
    UserRole: defineUserRole(models),
    Session: defineSession(models),
    ApiToken: defineApiToken(models),
    UserToken: defineUserToken(models),
    LoginAttempt: defineLoginAttempt(models),
    AuditEntry: defineAuditEntry(models),
    PlatformAuditEntry: definePlatformAuditEntry(models),
  };
}

export type CoreModels = ReturnType<typeof defineCoreModels>;
