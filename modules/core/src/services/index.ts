import type { ModuleContext } from '@rustok/contracts';
import type { CoreConfig } from '../config';
import type { CoreModels } from '../models';
import { Platform } from '../platform';
import { ApiTokenRepository } from '../repositories/api-tokens';
import { AuditRepository } from '../repositories/audit';
import { LoginAttemptRepository } from '../repositories/login-attempts';
import { RoleRepository } from '../repositories/roles';
import { SessionRepository } from '../repositories/sessions';
import { TenantModuleRepository } from '../repositories/tenant-modules';
import { TenantRepository } from '../repositories/tenants';
import { UserTokenRepository } from '../repositories/user-tokens';
import { UserRepository } from '../repositories/users';
import { SecretPrefix } from '../secrets';
import { CoreAccessProvider } from './access-provider';
import { DirectoryService } from './directory-service';
import { ApiTokenService } from './api-tokens';
import { AuditService } from './audit';
import { EmailVerificationService } from './email-verification';
import { LoginRateLimit } from './login-rate-limit';
import { PasswordChangeService } from './password-change';
import { PasswordResetService } from './password-reset';
import { PasswordHasher } from './passwords';
import { RbacService } from './rbac';
import { SessionService } from './sessions';
import { TenantDirectory } from './tenant-directory';
import { TenantModuleService } from './tenant-modules';
import { TenantResolver } from './tenant-resolver';
import { TenantService } from './tenants';
import { Transactions } from './transactions';
import { UserTokenFlow } from './user-token-flow';
import { UserService } from './users';

/** Builds core's object graph: repositories over the models, services over the repositories. */
export function createCoreServices(ctx: ModuleContext<CoreConfig>, models: CoreModels) {
  const { config } = ctx;
  const platform = new Platform();
  const transactions = new Transactions(ctx.models, ctx.tenancy);

  const tenantRepository = new TenantRepository(models);
  const tenantModuleRepository = new TenantModuleRepository(models);
  const userRepository = new UserRepository(models);
  const roleRepository = new RoleRepository(models);
  const sessionRepository = new SessionRepository(models);
  const apiTokenRepository = new ApiTokenRepository(models);
  const userTokenRepository = new UserTokenRepository(models);

  const audit = new AuditService(new AuditRepository(models), transactions, ctx.log);
  const hasher = new PasswordHasher(config.password);
  const rateLimit = new LoginRateLimit(new LoginAttemptRepository(models), config.loginMaxFailures, config.loginWindowMinutes);
  const directory = new TenantDirectory(tenantRepository, tenantModuleRepository, platform, transactions, config.tenantCacheSeconds);
  const rbac = new RbacService(roleRepository, platform, transactions, audit);
  const users = new UserService(userRepository, sessionRepository, userTokenRepository, rbac, hasher, transactions, ctx.events, audit);
  const sessions = new SessionService(sessionRepository, userRepository, rbac, hasher, rateLimit, transactions, audit, { ttlHours: config.sessionTtlHours, idleMinutes: config.sessionIdleMinutes });
  const apiTokens = new ApiTokenService(apiTokenRepository, rbac, transactions, audit);
  const resetFlow = new UserTokenFlow(userTokenRepository, 'password-reset', SecretPrefix.passwordReset, config.passwordResetTtlMinutes * 60_000);
  const verificationFlow = new UserTokenFlow(userTokenRepository, 'email-verification', SecretPrefix.emailVerification, config.emailVerificationTtlHours * 3_600_000);

  const services = {
    platform,
    audit,
    rbac,
    users,
    sessions,
    apiTokens,
    tenants: new TenantService(tenantRepository, roleRepository, rbac, users, directory, transactions, ctx.events, audit),
    tenantModules: new TenantModuleService(tenantModuleRepository, tenantRepository, directory, platform, transactions, ctx.events, audit),
    passwordChange: new PasswordChangeService(userRepository, sessionRepository, hasher, rateLimit, transactions, audit),
    passwordReset: new PasswordResetService(userRepository, sessionRepository, resetFlow, hasher, transactions, ctx.events, audit),
    emailVerification: new EmailVerificationService(userRepository, verificationFlow, transactions, ctx.events, audit),
  };
  const directoryService = new DirectoryService(directory, userRepository, ctx.tenancy);
  const access = new CoreAccessProvider(platform, new TenantResolver(directory, platform, { allowTenantHeader: config.allowTenantHeader, devTenant: config.devTenant }), directory, sessions, apiTokens, audit);
  return { ...services, access, directory: directoryService };
}

export type CoreServices = ReturnType<typeof createCoreServices>;
