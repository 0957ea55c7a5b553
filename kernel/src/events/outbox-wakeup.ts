import type { Client } from 'pg';
import type { Logger } from 'pino';
import { OUTBOX_CHANNEL } from './event-bus';

/**
 * Tells the delivery loops of this instance that there may be work: on every
 * NOTIFY of the outbox channel (an emit or a replay committed) and, as a
 * fallback for lost connections and retries coming due, every `pollMs`. One
 * LISTEN connection serves the module-handler and the webhook dispatchers.
 */
export class OutboxWakeup {
  private listener: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly subscribers = new Set<() => void>();

  constructor(
    private readonly connectListener: () => Promise<Client>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    try {
      this.listener = await this.connectListener();
      this.listener.on('notification', () => this.notify());
      this.listener.on('error', (error) => {
        this.log.warn({ err: error }, 'outbox LISTEN connection lost; falling back to polling');
        this.listener = null;
      });
      await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.log.warn({ err: error }, 'cannot LISTEN for outbox notifications; polling only');
    }
    this.pollTimer = setInterval(() => this.notify(), this.pollMs);
    this.pollTimer.unref();
  }

  /** Calls `wake` on every notification and poll tick; returns the unsubscribe function. */
  subscribe(wake: () => void): () => void {
    this.subscribers.add(wake);
    return () => this.subscribers.delete(wake);
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private notify(): void {
    for (const wake of this.subscribers) wake();
  }
}
