import type { EventMeta, EventsFacade, ModelsFacade, TenancyFacade } from '@rustok/contracts';
import type { Transaction } from 'sequelize';
import { BlogErrors, blogError } from '../errors';
import type { EntryKind, EntryRow } from '../models/entry';
import type { EntryWrites } from '../repositories/entry-writes';
import type { Caller } from './caller';
import { assertMayChange, entryNotFound } from './ownership';

/** The event the blog sends itself to publish a scheduled entry on time (delivered by the kernel at `scheduledFor`). */
export const PUBLISH_DUE = 'blog.entry.publish-due@1';

export interface PublishDuePayload {
  tenantId: string;
  entryId: string;
  kind: EntryKind;
  scheduledFor: string;
}

/**
 * draft → scheduled → published → archived, and back to draft. Scheduling
 * is the kernel's durable delayed delivery: the blog emits its own
 * `blog.entry.publish-due@1` with `deliverAt`, in the transaction that
 * schedules, and handles it itself. The handler publishes only if the entry
 * is still scheduled for that very time, so a reschedule, an unpublish or an
 * earlier publish turns older schedule events into no-ops. Transitions that
 * change nothing (publishing a published post) do nothing and emit nothing.
 */
export class Workflow {
  constructor(
    private readonly models: ModelsFacade,
    private readonly tenancy: TenancyFacade,
    private readonly events: EventsFacade,
    private readonly writes: EntryWrites,
    private readonly now: () => Date = () => new Date(),
  ) {}

  publish(caller: Caller, kind: EntryKind, id: string): Promise<void> {
    return this.transition(caller, kind, id, async (entry, t) => {
      if (entry.status === 'published') return;
      const row = await this.writes.setStatus(caller.tenant.id, id, 'published', { publishedAt: this.now(), scheduledFor: null }, t);
      await this.emitPublished(row, false, t);
    });
  }

  schedule(caller: Caller, kind: EntryKind, id: string, at: Date): Promise<void> {
    if (at.getTime() <= this.now().getTime()) {
      throw blogError(BlogErrors.SCHEDULE_IN_PAST, `${at.toISOString()} is not in the future.`, { field: 'publishAt', fix: 'Give a time after now, or publish at once.' });
    }
    return this.transition(caller, kind, id, async (entry, t) => {
      if (entry.status === 'published') {
        throw blogError(BlogErrors.STATUS_TRANSITION_INVALID, `The ${kind} is published already; scheduling would take it offline until then.`, { field: 'id', fix: 'Unpublish it first if that is what you want.' });
      }
      if (entry.status === 'scheduled' && entry.scheduledFor?.getTime() === at.getTime()) return;
      await this.writes.setStatus(caller.tenant.id, id, 'scheduled', { scheduledFor: at }, t);
      const payload: PublishDuePayload = { tenantId: caller.tenant.id, entryId: id, kind, scheduledFor: at.toISOString() };
      await this.events.emit(PUBLISH_DUE, payload, { transaction: t, deliverAt: at });
    });
  }

  /** Back to draft: offline, and any schedule cancelled. */
  unpublish(caller: Caller, kind: EntryKind, id: string): Promise<void> {
    return this.transition(caller, kind, id, async (entry, t) => {
      if (entry.status === 'draft') return;
      await this.writes.setStatus(caller.tenant.id, id, 'draft', { scheduledFor: null }, t);
      if (entry.status === 'published') await this.events.emit(`blog.${kind}.unpublished@1`, { tenantId: caller.tenant.id, [`${kind}Id`]: id }, { transaction: t });
    });
  }

  archive(caller: Caller, kind: EntryKind, id: string): Promise<void> {
    return this.transition(caller, kind, id, async (entry, t) => {
      if (entry.status === 'archived') return;
      await this.writes.setStatus(caller.tenant.id, id, 'archived', { scheduledFor: null }, t);
      await this.events.emit(`blog.${kind}.archived@1`, { tenantId: caller.tenant.id, [`${kind}Id`]: id, previousStatus: entry.status }, { transaction: t });
    });
  }

  /** Handler of `blog.entry.publish-due@1`; runs in the event's tenant, in the delivery's transaction. */
  async publishDue(payload: PublishDuePayload, _meta: EventMeta, transaction: Transaction): Promise<void> {
    const row = await this.writes.publishIfDue(payload.tenantId, payload.entryId, new Date(payload.scheduledFor), transaction);
    if (row !== null) await this.emitPublished(row, true, transaction);
  }

  /**
   * The kernel skips a module's handlers for tenants that switched it off,
   * so schedule events that fell due meanwhile were consumed unhandled.
   * When the blog is switched on again, every still-scheduled entry gets a
   * fresh one (due at once when its time has passed). Duplicates are
   * harmless: only the first delivery finds the entry still scheduled.
   */
  async rescheduleAll(tenantId: string): Promise<void> {
    await this.tenancy.run(tenantId, () =>
      this.models.transaction(async (t) => {
        for (const entry of await this.writes.scheduled(tenantId, t)) {
          const at = entry.scheduledFor as Date;
          const payload: PublishDuePayload = { tenantId, entryId: entry.id, kind: entry.kind, scheduledFor: at.toISOString() };
          await this.events.emit(PUBLISH_DUE, payload, { transaction: t, deliverAt: at });
        }
      }),
    );
  }

  private transition(caller: Caller, kind: EntryKind, id: string, work: (entry: EntryRow, t: Transaction) => Promise<void>): Promise<void> {
    return this.models.transaction(async (t) => {
      const entry = await this.writes.lock(caller.tenant.id, kind, id, t);
      if (entry === null) throw entryNotFound(kind, 'id');
      assertMayChange(caller, kind, entry, 'publish');
      await work(entry, t);
    });
  }

  private async emitPublished(row: EntryRow, scheduled: boolean, transaction: Transaction): Promise<void> {
    const translations = await this.writes.headlinesOf(row.tenantId, row.id, transaction);
    await this.events.emit(
      `blog.${row.kind}.published@1`,
      {
        tenantId: row.tenantId,
        [`${row.kind}Id`]: row.id,
        authorId: row.authorId,
        publishedAt: (row.publishedAt as Date).toISOString(),
        scheduled,
        translations,
      },
      { transaction },
    );
  }
}
