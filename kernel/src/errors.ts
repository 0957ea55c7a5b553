import type { ContractProblem } from '@rustok/contracts';

/**
 * The kernel's error catalogue. Every code is stable: tests, `rustok check
 * --json` consumers and GraphQL clients match on it, never on message text.
 */
export const ErrorCodes = Object.freeze({
  // Registry and packages
  REGISTRY_NOT_FOUND: 'RTK_REGISTRY_NOT_FOUND',
  REGISTRY_NOT_JSON: 'RTK_REGISTRY_NOT_JSON',
  REGISTRY_SCHEMA: 'RTK_REGISTRY_SCHEMA',
  REGISTRY_DUPLICATE_ID: 'RTK_REGISTRY_DUPLICATE_ID',
  PACKAGE_NOT_FOUND: 'RTK_PACKAGE_NOT_FOUND',
  PACKAGE_JSON_INVALID: 'RTK_PACKAGE_JSON_INVALID',
  PACKAGE_NAME_MISMATCH: 'RTK_PACKAGE_NAME_MISMATCH',
  PACKAGE_VERSION_MISMATCH: 'RTK_PACKAGE_VERSION_MISMATCH',
  INTEGRITY_MISMATCH: 'RTK_INTEGRITY_MISMATCH',
  MODULE_IMPORTS_MODULE: 'RTK_MODULE_IMPORTS_MODULE',
  // Manifest
  MANIFEST_MISSING: 'RTK_MANIFEST_MISSING',
  MANIFEST_SCHEMA: 'RTK_MANIFEST_SCHEMA',
  MANIFEST_ID_MISMATCH: 'RTK_MANIFEST_ID_MISMATCH',
  MODULE_ID_RESERVED: 'RTK_MODULE_ID_RESERVED',
  KERNEL_RANGE_INVALID: 'RTK_KERNEL_RANGE_INVALID',
  KERNEL_RANGE_UNSPECIFIC: 'RTK_KERNEL_RANGE_UNSPECIFIC',
  KERNEL_RANGE_EXCLUDES: 'RTK_KERNEL_RANGE_EXCLUDES',
  PERMISSION_PREFIX: 'RTK_PERMISSION_PREFIX',
  EVENT_NAME_PREFIX: 'RTK_EVENT_NAME_PREFIX',
  EVENT_SCHEMA_MISSING: 'RTK_EVENT_SCHEMA_MISSING',
  EVENT_SCHEMA_INVALID: 'RTK_EVENT_SCHEMA_INVALID',
  CONFIG_SCHEMA_INVALID: 'RTK_CONFIG_SCHEMA_INVALID',
  ENTRY_NOT_FOUND: 'RTK_ENTRY_NOT_FOUND',
  ENTRY_LOAD_FAILED: 'RTK_ENTRY_LOAD_FAILED',
  ENTRY_NOT_A_MODULE: 'RTK_ENTRY_NOT_A_MODULE',
  // Module graph
  REQUIRED_MODULE_MISSING: 'RTK_REQUIRED_MODULE_MISSING',
  REQUIRED_MODULE_DISABLED: 'RTK_REQUIRED_MODULE_DISABLED',
  REQUIRED_MODULE_VERSION: 'RTK_REQUIRED_MODULE_VERSION',
  DEPENDENCY_CYCLE: 'RTK_DEPENDENCY_CYCLE',
  SERVICE_NOT_PROVIDED: 'RTK_SERVICE_NOT_PROVIDED',
  SERVICE_PROVIDED_TWICE: 'RTK_SERVICE_PROVIDED_TWICE',
  EVENT_NO_EMITTER: 'RTK_EVENT_NO_EMITTER',
  CONFIG_INVALID: 'RTK_CONFIG_INVALID',
  // Registration (what register() did versus what the manifest declared)
  REGISTER_FAILED: 'RTK_REGISTER_FAILED',
  UNDECLARED_EVENT: 'RTK_UNDECLARED_EVENT',
  UNDECLARED_SERVICE: 'RTK_UNDECLARED_SERVICE',
  SERVICE_DECLARED_NOT_PROVIDED: 'RTK_SERVICE_DECLARED_NOT_PROVIDED',
  MODEL_OUTSIDE_SCHEMA: 'RTK_MODEL_OUTSIDE_SCHEMA',
  MODEL_DUPLICATE: 'RTK_MODEL_DUPLICATE',
  MIGRATION_INVALID: 'RTK_MIGRATION_INVALID',
  GRAPHQL_SYNTAX: 'RTK_GRAPHQL_SYNTAX',
  GRAPHQL_TYPE_CONFLICT: 'RTK_GRAPHQL_TYPE_CONFLICT',
  GRAPHQL_UNDECLARED_TYPE: 'RTK_GRAPHQL_UNDECLARED_TYPE',
  GRAPHQL_UNDECLARED_FIELD: 'RTK_GRAPHQL_UNDECLARED_FIELD',
  GRAPHQL_DECLARED_NOT_DEFINED: 'RTK_GRAPHQL_DECLARED_NOT_DEFINED',
  GRAPHQL_EXTENDS_UNREQUIRED: 'RTK_GRAPHQL_EXTENDS_UNREQUIRED',
  GRAPHQL_RESOLVER_UNKNOWN_FIELD: 'RTK_GRAPHQL_RESOLVER_UNKNOWN_FIELD',
  GRAPHQL_COMPOSE: 'RTK_GRAPHQL_COMPOSE',
  GRAPHQL_ACCESS_UNDECLARED: 'RTK_GRAPHQL_ACCESS_UNDECLARED',
  GRAPHQL_ACCESS_INVALID: 'RTK_GRAPHQL_ACCESS_INVALID',
  PERMISSION_UNKNOWN: 'RTK_PERMISSION_UNKNOWN',
  UNDECLARED_COMMAND: 'RTK_UNDECLARED_COMMAND',
  COMMAND_DECLARED_NOT_ADDED: 'RTK_COMMAND_DECLARED_NOT_ADDED',
  COMMAND_CONFLICT: 'RTK_COMMAND_CONFLICT',
  SEED_INVALID: 'RTK_SEED_INVALID',
  // Runtime misuse of ctx
  CTX_UNKNOWN_MEMBER: 'RTK_CTX_UNKNOWN_MEMBER',
  CTX_READ_ONLY: 'RTK_CTX_READ_ONLY',
  REGISTRATION_CLOSED: 'RTK_REGISTRATION_CLOSED',
  EVENT_PAYLOAD_INVALID: 'RTK_EVENT_PAYLOAD_INVALID',
  EVENT_TRANSACTION_MISSING: 'RTK_EVENT_TRANSACTION_MISSING',
  EVENT_TRANSACTION_FINISHED: 'RTK_EVENT_TRANSACTION_FINISHED',
  QUERY_TRANSACTION_FINISHED: 'RTK_QUERY_TRANSACTION_FINISHED',
  EVENT_DELIVER_AT_INVALID: 'RTK_EVENT_DELIVER_AT_INVALID',
  EVENT_LIST_INVALID: 'RTK_EVENT_LIST_INVALID',
  SERVICE_UNAVAILABLE: 'RTK_SERVICE_UNAVAILABLE',
  TENANT_SCOPE_REQUIRED: 'RTK_TENANT_SCOPE_REQUIRED',
  TENANT_MISMATCH: 'RTK_TENANT_MISMATCH',
  // Boot, database, HTTP
  BOOT_REFUSED: 'RTK_BOOT_REFUSED',
  DB_URL_INVALID: 'RTK_DB_URL_INVALID',
  DB_UNREACHABLE: 'RTK_DB_UNREACHABLE',
  EMBEDDED_PG_FAILED: 'RTK_EMBEDDED_PG_FAILED',
  MIGRATIONS_PENDING: 'RTK_MIGRATIONS_PENDING',
  MIGRATION_DRIFT: 'RTK_MIGRATION_DRIFT',
  MIGRATION_FAILED: 'RTK_MIGRATION_FAILED',
  TENANT_ISOLATION_MISSING: 'RTK_TENANT_ISOLATION_MISSING',
  DB_APP_ROLE_PRIVILEGED: 'RTK_DB_APP_ROLE_PRIVILEGED',
  DB_APP_ROLE_UNAVAILABLE: 'RTK_DB_APP_ROLE_UNAVAILABLE',
  SEED_FAILED: 'RTK_SEED_FAILED',
  HTTP_PORT_IN_USE: 'RTK_HTTP_PORT_IN_USE',
  HTTP_LISTEN_FAILED: 'RTK_HTTP_LISTEN_FAILED',
  CONFIG_ENV_INVALID: 'RTK_CONFIG_ENV_INVALID',
  CLI_USAGE: 'RTK_CLI_USAGE',
  SCAFFOLD_EXISTS: 'RTK_SCAFFOLD_EXISTS',
  // Webhooks
  WEBHOOK_URL_INVALID: 'RTK_WEBHOOK_URL_INVALID',
  WEBHOOK_EVENT_INVALID: 'RTK_WEBHOOK_EVENT_INVALID',
  WEBHOOK_NOT_FOUND: 'RTK_WEBHOOK_NOT_FOUND',
  // GraphQL request errors, in extensions.code
  GRAPHQL_DEPTH_LIMIT: 'GRAPHQL_DEPTH_LIMIT',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  MODULE_DISABLED: 'MODULE_DISABLED',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const);

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Base of every error the kernel throws on purpose. `fix` tells the reader what to do. */
export class KernelError extends Error {
  readonly code: ErrorCode;
  readonly fix: string;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, fix: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.fix = fix;
    this.details = details;
  }
}

/** Thrown by the gate: boot refused, with every problem found. */
export class ContractViolationError extends KernelError {
  readonly problems: readonly ContractProblem[];

  constructor(problems: readonly ContractProblem[]) {
    super(
      ErrorCodes.BOOT_REFUSED,
      `Boot refused: ${problems.length} contract problem${problems.length === 1 ? '' : 's'}.\n` + problems.map(formatProblem).join('\n'),
      'Fix every problem listed, then run `rustok check` again.',
      { problems },
    );
    this.problems = problems;
  }
}

/** A module used its ctx in a way its manifest or the boot phase does not allow. */
export class ModuleAccessError extends KernelError {}

export class DatabaseError extends KernelError {}

export class MigrationError extends KernelError {}

export class HttpStartError extends KernelError {}

export class CliUsageError extends KernelError {}

/** A webhook subscription was refused (URL, event names) or does not exist. */
export class WebhookError extends KernelError {}

/** The request lacks a permission the field requires. */
export class ForbiddenError extends KernelError {}

export function formatProblem(problem: ContractProblem): string {
  const where = [problem.module && `module "${problem.module}"`, problem.file, problem.path && `at ${problem.path}`].filter(Boolean).join(', ');
  const lines = [`  ✗ ${problem.code}${where ? ` (${where})` : ''}: ${problem.message}`];
  if (problem.expected !== undefined) lines.push(`      expected: ${problem.expected}`);
  if (problem.received !== undefined) lines.push(`      received: ${problem.received}`);
  lines.push(`      fix: ${problem.fix}`);
  return lines.join('\n');
}
