import { BlogErrors, blogError } from '../errors';

/**
 * Checks shared by every text a client sends. PostgreSQL refuses NUL in text
 * (which would surface as an internal error), and lone surrogates are not
 * Unicode at all: both are refused here with the field named.
 */

// C0 controls other than tab, newline and carriage return; DEL; lone UTF-16 surrogates.
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function checkText(value: string, field: string): string {
  if (INVALID.test(value)) {
    throw blogError(BlogErrors.TEXT_INVALID, `${field} contains control characters or broken Unicode (a lone surrogate).`, { field, fix: 'Send UTF-8 text; remove NUL and other control characters.' });
  }
  return value;
}

/** A one-line text: whitespace runs (newlines included) collapse to one space; empty becomes null. */
export function singleLine(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const collapsed = checkText(value, field).replace(/\s+/g, ' ').trim();
  if (collapsed.length === 0) return null;
  if ([...collapsed].length > max) throw blogError(BlogErrors.TEXT_TOO_LONG, `${field} is longer than ${max} characters.`, { field, details: { max } });
  return collapsed;
}

/** A multi-line text, trimmed; empty becomes null. */
export function multiLine(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const trimmed = checkText(value, field).replace(/\r\n?/g, '\n').trim();
  if (trimmed.length === 0) return null;
  if ([...trimmed].length > max) throw blogError(BlogErrors.TEXT_TOO_LONG, `${field} is longer than ${max} characters.`, { field, details: { max } });
  return trimmed;
}

/** Escapes text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
