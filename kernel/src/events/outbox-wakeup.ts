import type { Client } from 'pg';
import type { Logger } from 'pino';
import { OUTBOX_CHANNEL, type WakeKind } from './event-bus';

/**
 * Tells the delivery loops of this instance that there may be work: on every
 * NOTIFY of the outbox channel (an emit or a replay committed) and, as a
 * fallback for lost connections and retries coming due, every `pollMs`. One
 * LISTEN connection serves the module-handler and the webhook dispatchers.
 */
export class OutboxWakeup {
  private listener: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly subscribers = new Set<{ wake: () => void; kind: WakeKind }>();

  constructor(
    private readonly connectListener: () => Promise<Client>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    try {
      this.listener = await this.connectListener();
      this.listener.on('notification', (message) => this.notify(message.payload));
      this.listener.on('error', (error) => {
        this.log.warn({ err: error }, 'outbox LISTEN connection lost; falling back to polling');
        this.listener = null;
      });
      await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.log.warn({ err: error }, 'cannot LISTEN for outbox notifications; polling only');
    }
    this.pollTimer = setInterval(() => this.notify(undefined), this.pollMs);
    this.pollTimer.unref();
  }

  /** Calls `wake` on every notification that names `kind` (or none) and on every poll tick; returns the unsubscribe function. */
  subscribe(wake: () => void, kind: WakeKind): () => void {
    const subscriber = { wake, kind };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** `payload`: the kinds a NOTIFY names; empty (a replay, an older instance) or undefined (a poll tick) wakes every kind. */
  private notify(payload: string | undefined): void {
    const kinds = payload ? payload.split(',') : null;
    for (const { wake, kind } of this.subscribers) if (kinds === null || kinds.includes(kind)) wake();
  }
}
