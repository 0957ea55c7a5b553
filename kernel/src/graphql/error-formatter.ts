import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCodes, KernelError } from '../errors';

export interface FormattedExecution {
  statusCode: number;
  response: { data: unknown; errors: unknown[] };
}

/**
 * Gives every GraphQL error an `extensions.code`. Errors the platform raises
 * on purpose (KernelError, or any error carrying its own code) keep their
 * message; anything unexpected is logged and, in production, masked to
 * "Internal server error" so no SQL, stack or Sequelize text reaches a client.
 */
export function createErrorFormatter(options: { production: boolean; log: Logger }) {
  return (execution: ExecutionResult & { statusCode?: number }): FormattedExecution => {
    const flat = (execution.errors ?? []).flatMap((error) => {
      const nested = (error.originalError as { errors?: unknown } | undefined)?.errors;
      return Array.isArray(nested) ? nested.map((inner: Error) => (inner instanceof GraphQLError ? inner : new GraphQLError(inner.message, { originalError: inner }))) : [error];
    });
    const errors = flat.map((error) => publicError(error, options));
    const statusCode = execution.data ? 200 : (execution.statusCode ?? 200);
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };
}

function publicError(error: GraphQLError, options: { production: boolean; log: Logger }): unknown {
  const original = error.originalError;
  const base = { locations: error.locations, path: error.path };
  if (original instanceof KernelError) {
    return { ...base, message: original.message, extensions: { code: original.code, fix: original.fix } };
  }
  const ownCode = error.extensions?.code ?? (original as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  if (typeof ownCode === 'string') return { ...base, message: error.message, extensions: { ...error.extensions, code: ownCode } };
  const mercuriusCode = (original as { code?: unknown } | undefined)?.code;
  if (mercuriusCode === 'MER_ERR_GQL_QUERY_DEPTH') return { ...base, message: error.message, extensions: { code: ErrorCodes.GRAPHQL_DEPTH_LIMIT } };
  if (original === undefined || (typeof mercuriusCode === 'string' && mercuriusCode.startsWith('MER_ERR_GQL_VALIDATION'))) {
    // With introspection off, "Did you mean …?" hints would list field names a client cannot otherwise see.
    const message = options.production ? error.message.replace(/ Did you mean .*\?$/, '') : error.message;
    return { ...base, message, extensions: { code: ErrorCodes.GRAPHQL_VALIDATION_FAILED } };
  }
  options.log.error({ err: original, path: error.path }, 'unexpected error in a GraphQL resolver');
  return { ...base, message: options.production ? 'Internal server error' : error.message, extensions: { code: ErrorCodes.INTERNAL } };
}
