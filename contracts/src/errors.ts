/**
 * Base for errors a module raises on purpose in front of API consumers. The
 * kernel's GraphQL error formatter keeps the message and copies `extensions`
 * (code, field, fix) to the response; anything else is masked in production.
 */
export class PlatformError extends Error {
  readonly code: string;
  readonly extensions: { code: string; field?: string; fix?: string; [key: string]: unknown };

  constructor(code: string, message: string, options: { field?: string; fix?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.extensions = { code, ...(options.field === undefined ? {} : { field: options.field }), ...(options.fix === undefined ? {} : { fix: options.fix }), ...options.details };
  }
}
