import { createHmac } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { DatabaseError, ErrorCodes } from '../errors';
import { redactUrl } from '../log';
import { MIGRATION_LOCK_KEY } from './migration-runner';

/**
 * The application's own database role. Migrations run as the owner (the role
 * of DATABASE_URL, which owns every schema); requests, handlers and commands
 * run as this role, which holds DML rights only and is neither superuser nor
 * BYPASSRLS — so row-level security binds everything a module does.
 */
export interface AppRoleOptions {
  owner: Sequelize;
  ownerUrl: URL;
  /** RUSTOK_DB_APP_URL, when the operator provides the role. */
  appUrl: URL | null;
  roleName: string;
}

/** Makes sure the app role exists and is unprivileged; returns the URL to connect as it. */
export async function provisionAppRole(options: AppRoleOptions): Promise<URL> {
  const { owner, ownerUrl, appUrl } = options;
  const role = appUrl === null ? options.roleName : decodeURIComponent(appUrl.username);
  let found = await readRole(owner, role);
  if (found === null && appUrl === null) {
    try {
      await owner.query(`CREATE ROLE "${role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT`);
    } catch (error) {
      // Another kernel on the same server may have created it a moment ago; roles are cluster-wide.
      if (!isAlreadyExists(error)) throw unavailable(role, ownerUrl, error);
    }
    found = await readRole(owner, role);
  }
  if (found === null) {
    throw new DatabaseError(ErrorCodes.DB_APP_ROLE_UNAVAILABLE, `The application role "${role}" does not exist.`, 'Create it (LOGIN NOSUPERUSER NOBYPASSRLS) or fix RUSTOK_DB_APP_URL.', { role });
  }
  if (found.super || found.bypassRls) {
    throw new DatabaseError(
      ErrorCodes.DB_APP_ROLE_PRIVILEGED,
      `The application role "${role}" is ${found.super ? 'a superuser' : 'BYPASSRLS'}: row-level security would not bind it, so tenants would not be isolated.`,
      `Connect the application as a role without SUPERUSER and BYPASSRLS: ALTER ROLE "${role}" NOSUPERUSER NOBYPASSRLS, or point RUSTOK_DB_APP_URL at another role.`,
      { role },
    );
  }
  if (appUrl !== null) return appUrl;
  const password = derivedPassword(ownerUrl, role);
  if (password !== null) {
    await owner.query(`ALTER ROLE "${role}" PASSWORD '${password}'`).catch((error: unknown) => {
      // Two instances starting together both set the same password; the loser's "tuple concurrently updated" is harmless.
      if ((error as { original?: { code?: string } }).original?.code !== 'XX000') throw unavailable(role, ownerUrl, error);
    });
  }
  const url = new URL(ownerUrl.toString());
  url.username = encodeURIComponent(role);
  url.password = derivedPassword(ownerUrl, role) ?? '';
  return url;
}

/**
 * Gives the app role DML on every table of `schemas` (and on tables migrations create later), read
 * only on the migration ledger. Concurrent GRANTs on one catalog row fail ("tuple concurrently
 * updated"), and so do GRANTs racing a migration: unless the caller already holds the migration lock
 * (after `migrate up`), this takes it.
 */
export async function grantAppRole(owner: Sequelize, role: string, schemas: readonly string[], options: { holdingMigrationLock: boolean }): Promise<void> {
  await owner.transaction(async (transaction) => {
    if (!options.holdingMigrationLock) await owner.query('SELECT pg_advisory_xact_lock(hashtext($1))', { bind: [MIGRATION_LOCK_KEY], transaction });
    const existing = await owner.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', { bind: [schemas], transaction, type: QueryTypes.SELECT });
    for (const { nspname } of existing) {
      const schema = `"${nspname}"`;
      await owner.query(
        `GRANT USAGE ON SCHEMA ${schema} TO "${role}";
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO "${role}";
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO "${role}";
         ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role}";
         ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO "${role}";`,
        { transaction },
      );
    }
    await owner.query(`DO $$ BEGIN IF to_regclass('rustok.migrations') IS NOT NULL THEN REVOKE INSERT, UPDATE, DELETE ON rustok.migrations FROM "${role}"; END IF; END $$`, { transaction });
  }).catch((error: unknown) => {
    const reason = (error as { original?: Error }).original?.message ?? (error as Error).message;
    throw new DatabaseError(ErrorCodes.DB_APP_ROLE_UNAVAILABLE, `Granting the application role "${role}" its rights on ${schemas.join(', ')} failed: ${reason}.`, 'Check that DATABASE_URL is the owner of these schemas; run the command again.', { role }, { cause: error });
  });
}

async function readRole(owner: Sequelize, role: string): Promise<{ super: boolean; bypassRls: boolean } | null> {
  const [row] = await owner.query<{ rolsuper: boolean; rolbypassrls: boolean }>('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', { bind: [role], type: QueryTypes.SELECT });
  return row === undefined ? null : { super: row.rolsuper, bypassRls: row.rolbypassrls };
}

/** Derived from the owner's password, so nothing new needs storing; none when the owner has none (trust auth). */
function derivedPassword(ownerUrl: URL, role: string): string | null {
  const secret = decodeURIComponent(ownerUrl.password);
  return secret === '' ? null : createHmac('sha256', secret).update(`rustok-app-role:${role}`).digest('hex');
}

function isAlreadyExists(error: unknown): boolean {
  const code = (error as { original?: { code?: string } }).original?.code;
  return code === '42710' || code === '23505';
}

function unavailable(role: string, ownerUrl: URL, error: unknown): DatabaseError {
  const reason = (error as { original?: Error }).original?.message ?? (error as Error).message;
  return new DatabaseError(
    ErrorCodes.DB_APP_ROLE_UNAVAILABLE,
    `Cannot provision the application role "${role}" as the owner of ${redactUrl(ownerUrl.toString())}: ${reason}.`,
    `Give the DATABASE_URL role CREATEROLE, or create a LOGIN NOSUPERUSER NOBYPASSRLS role yourself and set RUSTOK_DB_APP_URL to connect as it.`,
    { role },
    { cause: error },
  );
}
