import { QueryTypes, type Sequelize } from 'sequelize';
import { OUTBOX_CHANNEL } from './event-bus';

export interface HandlerBacklog {
  event: string;
  handler: string;
  /** Due and not yet delivered. */
  pending: number;
  /** Scheduled for later (emitted with `deliverAt`); not backlog. */
  scheduled: number;
  dead: number;
  /** Seconds since the oldest pending delivery became due, or null when none is pending. */
  oldestPendingSeconds: number | null;
}

export interface EventsStatus {
  pending: number;
  scheduled: number;
  dead: number;
  oldestPendingSeconds: number | null;
  handlers: HandlerBacklog[];
}

export interface DeadLetter {
  eventId: string;
  event: string;
  handler: string;
  attempts: number;
  lastError: string | null;
  emittedAt: string;
  payload: unknown;
}

/** Operator view of the outbox: backlog, dead letters, replay. Shared by the CLI, /health/ready and GraphQL. */
export class EventAdmin {
  constructor(private readonly sequelize: Sequelize) {}

  async status(): Promise<EventsStatus> {
    const rows = await this.sequelize.query<{ event: string; handler: string; pending: string; scheduled: string; dead: string; oldest: number | null }>(
      `SELECT o.name || '@' || o.version AS event, d.handler,
              count(*) FILTER (WHERE d.status = 'pending' AND coalesce(o.deliver_at, o.created_at) <= clock_timestamp()) AS pending,
              count(*) FILTER (WHERE d.status = 'pending' AND o.deliver_at > clock_timestamp()) AS scheduled,
              count(*) FILTER (WHERE d.status = 'dead') AS dead,
              extract(epoch FROM clock_timestamp() - min(coalesce(o.deliver_at, o.created_at)) FILTER (WHERE d.status = 'pending' AND coalesce(o.deliver_at, o.created_at) <= clock_timestamp()))::float AS oldest
         FROM rustok.deliveries d JOIN rustok.outbox o ON o.id = d.event_id
        WHERE d.status <> 'delivered'
        GROUP BY 1, 2 ORDER BY 1, 2`,
      { type: QueryTypes.SELECT },
    );
    const handlers = rows.map((r) => ({ event: r.event, handler: r.handler, pending: Number(r.pending), scheduled: Number(r.scheduled), dead: Number(r.dead), oldestPendingSeconds: r.oldest === null ? null : Math.round(r.oldest * 1000) / 1000 }));
    const ages = handlers.map((h) => h.oldestPendingSeconds).filter((a): a is number => a !== null);
    return {
      pending: handlers.reduce((sum, h) => sum + h.pending, 0),
      scheduled: handlers.reduce((sum, h) => sum + h.scheduled, 0),
      dead: handlers.reduce((sum, h) => sum + h.dead, 0),
      oldestPendingSeconds: ages.length > 0 ? Math.max(...ages) : null,
      handlers,
    };
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const rows = await this.sequelize.query<{ event_id: string; event: string; handler: string; attempts: number; last_error: string | null; created_at: Date; payload: unknown }>(
      `SELECT d.event_id, o.name || '@' || o.version AS event, d.handler, d.attempts, d.last_error, o.created_at, o.payload
         FROM rustok.deliveries d JOIN rustok.outbox o ON o.id = d.event_id
        WHERE d.status = 'dead' ORDER BY o.created_at LIMIT $1`,
      { bind: [limit], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ eventId: r.event_id, event: r.event, handler: r.handler, attempts: r.attempts, lastError: r.last_error, emittedAt: r.created_at.toISOString(), payload: r.payload }));
  }

  /**
   * Puts dead deliveries back in the queue with a fresh attempt budget: those
   * of one event (optionally one handler), or all of them. Returns how many.
   */
  async replay(target: { eventId: string; handler?: string } | 'all'): Promise<number> {
    const where = target === 'all' ? '' : target.handler === undefined ? 'AND event_id = $1' : 'AND event_id = $1 AND handler = $2';
    const bind = target === 'all' ? [] : target.handler === undefined ? [target.eventId] : [target.eventId, target.handler];
    const rows = await this.sequelize.query<{ n: string }>(
      `WITH replayed AS (
         UPDATE rustok.deliveries SET status = 'pending', attempts = 0, next_attempt_at = clock_timestamp()
          WHERE status = 'dead' ${where} RETURNING 1
       ) SELECT count(*) AS n, pg_notify('${OUTBOX_CHANNEL}', '') FROM replayed`,
      { bind, type: QueryTypes.SELECT },
    );
    return Number(rows[0]?.n ?? 0);
  }
}
