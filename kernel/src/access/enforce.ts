import { permits, type RequestContext } from '@rustok/contracts';
import { ErrorCodes, ForbiddenError } from '../errors';

/**
 * Throws unless the request may use something guarded by `rule`. Platform
 * actors pass every rule; a tenant's actor holds that tenant's permissions only.
 */
export function enforceRule(rule: string, context: RequestContext, coordinate: string): void {
  if (rule === 'public') return;
  const actor = context.actor;
  if (actor === null) {
    throw new ForbiddenError(ErrorCodes.UNAUTHENTICATED, `${coordinate} requires ${describeRule(rule)}; the request carries no credentials.`, 'Log in (or use an API token) and send `Authorization: Bearer <token>`.', { field: coordinate, rule });
  }
  if (actor.platform) return;
  const tenantId = context.tenant?.id ?? null;
  if (actor.tenantId === tenantId && (rule === 'authenticated' || (rule !== 'platform' && permits(actor.permissions, rule)))) return;
  throw new ForbiddenError(
    ErrorCodes.FORBIDDEN,
    rule === 'platform' ? `${coordinate} is for platform operators only.` : actor.tenantId !== tenantId ? `${coordinate}: the credentials belong to another tenant.` : `${coordinate} requires permission ${rule}.`,
    rule === 'platform' ? 'Use the operator admin token or a platform owner account.' : `Ask a tenant admin for a role with ${rule} (or ${rule.slice(0, rule.lastIndexOf('.'))}.manage).`,
    { field: coordinate, rule },
  );
}

function describeRule(rule: string): string {
  return rule === 'authenticated' ? 'a signed-in user or an API token' : rule === 'platform' ? 'a platform operator' : `permission ${rule}`;
}
