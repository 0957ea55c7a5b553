import type { ModuleMigration } from '@rustok/contracts';
import { tenantsMigration } from './0001-tenants';
import { tenantModulesMigration } from './0002-tenant-modules';
import { usersAndRolesMigration } from './0003-users-and-roles';
import { credentialsMigration } from './0004-credentials';
import { loginAttemptsMigration } from './0005-login-attempts';
import { auditLogMigration } from './0006-audit-log';

/** In order; never edit one that has been applied (its checksum is recorded), add a new one. */
export const coreMigrations: readonly ModuleMigration[] = [tenantsMigration, tenantModulesMigration, usersAndRolesMigration, credentialsMigration, loginAttemptsMigration, auditLogMigration];
