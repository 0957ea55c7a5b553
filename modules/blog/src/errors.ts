import { PlatformError } from '@rustok/contracts';

/**
 * Every code the blog puts in `extensions.code`, in one catalogue so clients
 * and tests match on codes, never on prose. Input errors also name the
 * `field` (a path into the mutation's arguments, e.g. `input.translations.1.slug`).
 */
export const BlogErrors = Object.freeze({
  // Request shape
  TENANT_REQUIRED: 'TENANT_REQUIRED',
  ID_INVALID: 'ID_INVALID',
  FIRST_INVALID: 'FIRST_INVALID',
  CURSOR_INVALID: 'CURSOR_INVALID',
  LOCALE_UNSUPPORTED: 'LOCALE_UNSUPPORTED',
  // Who may do it
  NOT_AUTHOR: 'NOT_AUTHOR',
  AUTHOR_ASSIGNMENT_FORBIDDEN: 'AUTHOR_ASSIGNMENT_FORBIDDEN',
  AUTHOR_UNKNOWN: 'AUTHOR_UNKNOWN',
  // Content
  TRANSLATION_REQUIRED: 'TRANSLATION_REQUIRED',
  LOCALE_DUPLICATED: 'LOCALE_DUPLICATED',
  TITLE_INVALID: 'TITLE_INVALID',
  NAME_INVALID: 'NAME_INVALID',
  TEXT_TOO_LONG: 'TEXT_TOO_LONG',
  TEXT_INVALID: 'TEXT_INVALID',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  BODY_REQUIRED: 'BODY_REQUIRED',
  MARKDOWN_TOO_DEEP: 'MARKDOWN_TOO_DEEP',
  SLUG_INVALID: 'SLUG_INVALID',
  SLUG_TAKEN: 'SLUG_TAKEN',
  MEDIA_URL_INVALID: 'MEDIA_URL_INVALID',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  // Entries, tree and taxonomy
  POST_NOT_FOUND: 'POST_NOT_FOUND',
  PAGE_NOT_FOUND: 'PAGE_NOT_FOUND',
  PARENT_INVALID: 'PARENT_INVALID',
  HAS_CHILDREN: 'HAS_CHILDREN',
  CATEGORY_NOT_FOUND: 'CATEGORY_NOT_FOUND',
  TAG_NOT_FOUND: 'TAG_NOT_FOUND',
  POSITION_INVALID: 'POSITION_INVALID',
  // Workflow and revisions
  SCHEDULE_IN_PAST: 'SCHEDULE_IN_PAST',
  STATUS_TRANSITION_INVALID: 'STATUS_TRANSITION_INVALID',
  REVISION_NOT_FOUND: 'REVISION_NOT_FOUND',
  REVISIONS_OF_DIFFERENT_ENTRIES: 'REVISIONS_OF_DIFFERENT_ENTRIES',
  // Comments
  COMMENTS_CLOSED: 'COMMENTS_CLOSED',
  COMMENT_NOT_FOUND: 'COMMENT_NOT_FOUND',
  COMMENT_PARENT_INVALID: 'COMMENT_PARENT_INVALID',
  GUEST_NAME_REQUIRED: 'GUEST_NAME_REQUIRED',
  EMAIL_INVALID: 'EMAIL_INVALID',
  RATE_LIMITED: 'RATE_LIMITED',
});

export type BlogErrorCode = (typeof BlogErrors)[keyof typeof BlogErrors];

export function blogError(code: BlogErrorCode, message: string, options: { field?: string; fix?: string; details?: Record<string, unknown> } = {}): PlatformError {
  return new PlatformError(code, message, options);
}

/** The name of the unique constraint a write broke, or null for any other error (pg's own, or wrapped by sequelize). */
export function violatedUniqueConstraint(error: unknown): string | null {
  const wrapped = error as { code?: unknown; constraint?: unknown; parent?: { code?: unknown; constraint?: unknown } } | null;
  const cause = wrapped?.parent ?? wrapped;
  return cause?.code === '23505' && typeof cause.constraint === 'string' ? cause.constraint : null;
}
