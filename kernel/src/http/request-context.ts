import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ErrorCodes, ForbiddenError } from '../errors';
import type { AccessProvider, Actor, RequestContext, RequestInfo, TenantContext } from '@rustok/contracts';

/** The operator holding RUSTOK_ADMIN_TOKEN: a platform actor outside every tenant. */
const OPERATOR: Actor = Object.freeze({ kind: 'operator', id: 'operator', tenantId: null, platform: true, permissions: new Set(['*']) });

/**
 * Who is asking, for which tenant, in which locale: the access provider (if a
 * module provides one) resolves tenant and credentials; the operator's admin
 * token is the kernel's own. Errors it throws (unknown tenant, bad token)
 * refuse the whole request.
 */
export async function resolveRequestContext(request: FastifyRequest, provider: AccessProvider | null, adminToken: string | null): Promise<RequestContext> {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.length > 0 ? value : null;
  };
  const info: RequestInfo = {
    host: hostName(request.headers.host ?? ''),
    tenantHeader: header('x-tenant'),
    authorization: header('authorization'),
    ip: request.ip,
    userAgent: header('user-agent'),
  };
  const tenant = provider === null ? null : await provider.resolveTenant(info);
  let actor: Actor | null = null;
  if (info.authorization !== null) {
    if (isAdminToken(info.authorization, adminToken)) actor = OPERATOR;
    else if (provider !== null) actor = await provider.authenticate(info, tenant);
    else throw new ForbiddenError(ErrorCodes.UNAUTHENTICATED, 'The Authorization header carries credentials this platform does not know.', 'Send the operator admin token (RUSTOK_ADMIN_TOKEN), or no Authorization header for public fields.');
  }
  return { requestId: String(request.id), tenant, actor, locale: chooseLocale(tenant, header('x-locale') ?? header('accept-language')), ip: info.ip, userAgent: info.userAgent };
}

function hostName(host: string): string {
  const bracket = host.startsWith('[') ? host.indexOf(']') : -1;
  if (bracket > 0) return host.slice(1, bracket).toLowerCase();
  const colon = host.lastIndexOf(':');
  return (colon > 0 ? host.slice(0, colon) : host).toLowerCase();
}

/** The first requested language the tenant offers (exact, then by primary subtag), else its default. */
export function chooseLocale(tenant: TenantContext | null, requested: string | null): string | null {
  if (tenant === null) return null;
  const wanted = (requested ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: (tag ?? '').trim().toLowerCase(), q: q === undefined ? 1 : Number(q.trim().slice(2)) || 0 };
    })
    .filter((w) => w.tag.length > 0 && w.tag !== '*' && w.q > 0)
    .sort((a, b) => b.q - a.q);
  const offered = tenant.locales.map((locale) => ({ locale, lower: locale.toLowerCase() }));
  for (const { tag } of wanted) {
    const exact = offered.find((o) => o.lower === tag) ?? offered.find((o) => o.lower.split('-')[0] === tag.split('-')[0]);
    if (exact) return exact.locale;
  }
  return tenant.defaultLocale;
}

function isAdminToken(authorization: string, adminToken: string | null): boolean {
  if (adminToken === null || !authorization.startsWith('Bearer ')) return false;
  const offered = Buffer.from(authorization.slice('Bearer '.length));
  const expected = Buffer.from(adminToken);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}
