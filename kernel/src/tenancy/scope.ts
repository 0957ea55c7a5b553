import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestContext } from '@rustok/contracts';
import type { Transaction } from 'sequelize';

/**
 * What the code running now works for: a tenant, the request being served
 * (null for event deliveries, commands and seeds), and the transaction
 * `ctx.models.transaction` opened. Carried by AsyncLocalStorage so a module's
 * data layer finds its tenant without every call passing it along — that is
 * what lets a module not forget it.
 */
export interface Scope {
  readonly tenantId: string | null;
  readonly request: RequestContext | null;
  readonly transaction: Transaction | null;
}

const storage = new AsyncLocalStorage<Scope>();

export function currentScope(): Scope | undefined {
  return storage.getStore();
}

export function currentTenantId(): string | null {
  return storage.getStore()?.tenantId ?? null;
}

export function runInScope<T>(scope: Scope, work: () => T): T {
  return storage.run(scope, work);
}

export function requestScope(request: RequestContext): Scope {
  return { tenantId: request.tenant?.id ?? null, request, transaction: null };
}
