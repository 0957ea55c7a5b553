import t from 'tap';
import type { Actor, RequestContext, TenantContext } from '@rustok/contracts';
import { enforceRule } from '../src/access/enforce';
import { KernelError } from '../src/errors';

const tenant = (id: string): TenantContext => ({ id, slug: id, name: id, defaultLocale: 'en', locales: ['en'], disabledModules: new Set() });
const actor = (tenantId: string | null, permissions: string[], platform = false): Actor => ({ kind: 'user', id: 'u', tenantId, platform, permissions: new Set(permissions) });
const request = (forTenant: string | null, by: Actor | null): RequestContext => ({ requestId: 'r', tenant: forTenant === null ? null : tenant(forTenant), actor: by, locale: null, ip: '127.0.0.1', userAgent: null });

function codeOf(work: () => void): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof KernelError ? error.code : 'not a KernelError';
  }
}

t.test('each rule passes exactly the actors it names, and only in their own tenant', async (t) => {
  const cases: Array<[string, RequestContext, string | null]> = [
    ['public', request('a', null), null],
    ['authenticated', request('a', null), 'UNAUTHENTICATED'],
    ['authenticated', request('a', actor('a', [])), null],
    ['authenticated', request('b', actor('a', [])), 'FORBIDDEN'],
    ['platform', request('a', actor('a', ['*'])), 'FORBIDDEN'],
    ['platform', request(null, actor(null, [], true)), null],
    ['blog.post.publish', request('a', actor('a', ['blog.post.publish'])), null],
    ['blog.post.publish', request('a', actor('a', ['blog.post.manage'])), null],
    ['blog.post.publish', request('a', actor('a', ['blog.page.manage'])), 'FORBIDDEN'],
    ['blog.post.publish', request('b', actor('a', ['*'])), 'FORBIDDEN'],
    ['blog.post.publish', request('b', actor(null, [], true)), null],
  ];
  for (const [rule, context, expected] of cases) {
    t.equal(codeOf(() => enforceRule(rule, context, 'Query.field')), expected, `${rule} for ${context.actor === null ? 'anonymous' : `an actor of ${context.actor.tenantId ?? 'the platform'}`} on tenant ${context.tenant?.id ?? 'none'}`);
  }
});
