/**
 * Relay helpers shared by the kernel and modules: global ids (`Node.id`) and
 * opaque connection cursors. Both are base64url so they survive URLs.
 */
export function toGlobalId(typeName: string, localId: string): string {
  return Buffer.from(`${typeName}:${localId}`, 'utf8').toString('base64url');
}

/** Returns null when `globalId` is not one this platform issued. */
export function fromGlobalId(globalId: string): { typeName: string; localId: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0 || separator === decoded.length - 1) return null;
  const typeName = decoded.slice(0, separator);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(typeName)) return null;
  return { typeName, localId: decoded.slice(separator + 1) };
}

export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Returns null for a cursor that is not valid JSON of an object. */
export function decodeCursor(cursor: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
}
