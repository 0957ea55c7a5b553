import { type ModelsFacade, uuidv7 } from '@rustok/contracts';
import { tenantColumn } from './tenant-column';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditRow {
  id: string;
  tenantId: string | null;
  actorKind: string | null;
  actorId: string | null;
  action: string;
  outcome: AuditOutcome;
  target: string | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
  createdAt: Date;
}

const columns = (types: ModelsFacade['types']) => ({
  // uuidv7: newest-first paging orders by id alone.
  id: { type: types.UUID, primaryKey: true, defaultValue: uuidv7 },
  actorKind: { type: types.TEXT },
  actorId: { type: types.TEXT },
  action: { type: types.TEXT, allowNull: false },
  outcome: { type: types.TEXT, allowNull: false },
  target: { type: types.TEXT },
  ip: { type: types.TEXT },
  requestId: { type: types.TEXT },
  detail: { type: types.JSONB, allowNull: false, defaultValue: {} },
});

/** A tenant's audit trail (row-level security keeps it to its tenant). */
export function defineAuditEntry(models: ModelsFacade) {
  const { types } = models;
  return models.define('CoreAuditEntry', { ...columns(types), tenantId: tenantColumn(types) }, { tableName: 'audit_log', underscored: true, updatedAt: false });
}

/** What happened outside any tenant: operator actions, denials of requests that named no tenant. */
export function definePlatformAuditEntry(models: ModelsFacade) {
  const { types } = models;
  return models.define('CorePlatformAuditEntry', columns(types), { tableName: 'platform_audit_log', underscored: true, updatedAt: false });
}
