import { fromGlobalId, permits, type Actor, type RequestContext, isUuid } from '@rustok/contracts';
import { CoreErrors, coreError } from '../errors';
import type { AuditSource } from '../services/audit';
import { userSession } from '../services/sessions';

/**
 * What resolvers need from the request. The kernel has already enforced each
 * field's declared rule; these helpers serve the finer checks a rule cannot
 * express (yourself vs. anyone, this tenant vs. another).
 */

export function tenantOf(context: RequestContext): string {
  if (context.tenant === null) {
    throw coreError(CoreErrors.TENANT_REQUIRED, 'This field works on a tenant, and the request names none.', { fix: 'Send X-Tenant: <slug>, or call the tenant\'s own host.' });
  }
  return context.tenant.id;
}

export function actorOf(context: RequestContext): Actor {
  if (context.actor === null) throw coreError(CoreErrors.UNAUTHENTICATED, 'Log in first.');
  return context.actor;
}

/** The actor, which must be a signed-in user (not an API token or the operator). */
export function userActorOf(context: RequestContext): Actor {
  const actor = actorOf(context);
  userSession(actor);
  return actor;
}

export function sourceOf(context: RequestContext): AuditSource {
  return { actor: context.actor, ip: context.ip, requestId: context.requestId };
}

/** Whether the actor holds `permission` in the request's tenant (platform actors hold everything). */
export function can(context: RequestContext, permission: string): boolean {
  const actor = context.actor;
  if (actor === null) return false;
  return actor.platform || (actor.tenantId === context.tenant?.id && permits(actor.permissions, permission));
}

/** The local id inside a global id of `typeName`; ID_INVALID (with `field`) for anything else. */
export function localIdOf(globalId: string, typeName: string, field: string): string {
  const decoded = fromGlobalId(globalId);
  if (decoded === null || decoded.typeName !== typeName || !isUuid(decoded.localId)) {
    throw coreError(CoreErrors.ID_INVALID, `"${globalId}" is not the id of a ${typeName}.`, { field });
  }
  return decoded.localId;
}

/**
 * The tenant a platform-capable field works on: the request's, or the one
 * `tenantIdArg` names, which only platform actors may reach.
 */
export function targetTenantOf(context: RequestContext, tenantIdArg: string | null | undefined, field = 'tenantId'): string {
  if (tenantIdArg == null) return tenantOf(context);
  const tenantId = localIdOf(tenantIdArg, 'Tenant', field);
  if (tenantId !== context.tenant?.id && context.actor?.platform !== true) {
    throw coreError(CoreErrors.FORBIDDEN, 'Only platform operators can work on another tenant.', { field });
  }
  return tenantId;
}
