import { CommerceErrors, commerceError } from '../errors';

/**
 * A required single-line text: trimmed, 1–`max` characters, no control
 * characters (they break exports and search snippets).
 */
export function requiredText(raw: string | null | undefined, field: string, max = 255): string {
  const text = (raw ?? '').trim();
  if (text.length === 0) throw commerceError(CommerceErrors.TEXT_INVALID, `${field} must not be empty.`, { field });
  return checked(text, field, max);
}

/** An optional text: null when absent or blank. */
export function optionalText(raw: string | null | undefined, field: string, max = 255): string | null {
  const text = (raw ?? '').trim();
  return text.length === 0 ? null : checked(text, field, max);
}

/** Long text (descriptions): newlines and tabs allowed. */
export function optionalLongText(raw: string | null | undefined, field: string, max = 65_535): string | null {
  const text = (raw ?? '').trim();
  if (text.length === 0) return null;
  if (text.length > max) throw commerceError(CommerceErrors.TEXT_INVALID, `${field} is longer than ${max} characters.`, { field });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw commerceError(CommerceErrors.TEXT_INVALID, `${field} contains control characters.`, { field });
  return text;
}

function checked(text: string, field: string, max: number): string {
  if (text.length > max) throw commerceError(CommerceErrors.TEXT_INVALID, `${field} is longer than ${max} characters.`, { field });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw commerceError(CommerceErrors.TEXT_INVALID, `${field} contains control characters or line breaks.`, { field });
  return text;
}

/** Tags: trimmed, lower-cased, deduplicated, sorted; each 1–64 characters. */
export function normalizeTags(raw: readonly string[] | null | undefined, field: string): string[] {
  const tags = new Set<string>();
  (raw ?? []).forEach((tag, index) => {
    const text = tag.trim().toLowerCase();
    // eslint-disable-next-line no-control-regex
    if (text.length === 0 || text.length > 64 || /[\u0000-\u001f\u007f,]/.test(text)) {
      throw commerceError(CommerceErrors.TAG_INVALID, `Tag "${tag}" must be 1–64 characters without commas or control characters.`, { field: `${field}[${index}]` });
    }
    tags.add(text);
  });
  if (tags.size > 250) throw commerceError(CommerceErrors.TAG_INVALID, 'A product has at most 250 tags.', { field });
  return [...tags].sort();
}

/** Metadata: a JSON object of at most 64 KiB serialized. */
export function checkMetadata(raw: unknown, field: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw commerceError(CommerceErrors.METADATA_INVALID, `${field} must be a JSON object.`, { field });
  if (JSON.stringify(raw).length > 65_536) throw commerceError(CommerceErrors.METADATA_INVALID, `${field} is larger than 64 KiB.`, { field });
  return raw as Record<string, unknown>;
}

/** An absolute http(s) URL (media live elsewhere: a CDN, an object store). */
export function checkUrl(raw: string, field: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw commerceError(CommerceErrors.URL_INVALID, `"${raw}" is not an absolute URL.`, { field });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || text.length > 2048) {
    throw commerceError(CommerceErrors.URL_INVALID, `"${raw}" must be an http(s) URL of at most 2048 characters.`, { field });
  }
  return text;
}
