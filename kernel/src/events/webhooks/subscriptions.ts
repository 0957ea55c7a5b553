import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { schemaFiles } from '@rustok/contracts';
import { QueryTypes, type Sequelize } from 'sequelize';
import { ErrorCodes, WebhookError } from '../../errors';

/** A webhook subscription as operators see it: the secret is never shown after `add`. */
export interface WebhookSubscriptionInfo {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

/** What `add` returns: the only time the secret is available. */
export interface AddedWebhookSubscription {
  id: string;
  url: string;
  events: string[];
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let eventNamePattern: RegExp | undefined;

/** The manifest schema's `eventName`, so a subscription accepts exactly the names a module may declare. */
function eventName(): RegExp {
  eventNamePattern ??= new RegExp((JSON.parse(readFileSync(schemaFiles.moduleManifest, 'utf8')) as { definitions: { eventName: { pattern: string } } }).definitions.eventName.pattern);
  return eventNamePattern;
}

/**
 * Checks a webhook endpoint: https anywhere, plain http only to this machine
 * (127.0.0.0/8, ::1, localhost), where nothing travels over a network.
 * Returns the normalised URL.
 */
export function validateWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookError(ErrorCodes.WEBHOOK_URL_INVALID, `Webhook URL ${JSON.stringify(raw)} is not an absolute URL.`, 'Give the full endpoint, e.g. https://hooks.example.com/rustok.', { url: raw });
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookError(ErrorCodes.WEBHOOK_URL_INVALID, 'Webhook URL carries a user name or password, which HTTP clients refuse to send and `webhooks list` would show.', 'Remove the credentials from the URL; receivers authenticate requests by their X-Rustok-Signature.', { url: `${url.protocol}//${url.host}${url.pathname}` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookError(ErrorCodes.WEBHOOK_URL_INVALID, `Webhook URL ${url.href} uses "${url.protocol}"; webhooks are HTTP POSTs.`, 'Use an https:// URL, or http:// to a loopback host.', { url: url.href, expected: 'https: or http:', received: url.protocol });
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new WebhookError(
      ErrorCodes.WEBHOOK_URL_INVALID,
      `Webhook URL ${url.href} uses plain http to "${url.hostname}", which is not this machine: events and signatures would cross the network unencrypted.`,
      'Use https://, or http:// only to 127.0.0.1, [::1] or localhost (e.g. a local relay).',
      { url: url.href, expected: 'https://, or http:// to a loopback host', received: `http:// to ${url.hostname}` },
    );
  }
  return url.href;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (host === 'localhost') return true;
  // WHATWG URL parsing has already turned every IPv4 spelling (127.1, 0x7f.0.0.1, …) into dotted decimal.
  if (isIP(host) === 4) return host.startsWith('127.');
  // Likewise every IPv6 spelling of the loopback address becomes "::1".
  return host === '::1';
}

/** Checks the event names of a subscription; returns them sorted and unique. */
export function validateWebhookEvents(events: readonly string[]): string[] {
  const invalid = events.filter((name) => !eventName().test(name));
  if (events.length === 0 || invalid.length > 0) {
    throw new WebhookError(
      ErrorCodes.WEBHOOK_EVENT_INVALID,
      events.length === 0 ? 'A webhook subscription needs at least one event.' : `Not an event name: ${invalid.map((name) => JSON.stringify(name)).join(', ')}.`,
      'Name each event as module.entity.verb@version, e.g. blog.post.published@1.',
      { expected: 'module.entity.verb@N', received: events },
    );
  }
  return [...new Set(events)].sort();
}

/**
 * Operator-managed webhook subscriptions (`rustok.webhook_subscriptions`).
 * Emit queues a delivery `webhook:<id>` for every active subscription listing
 * the event; the WebhookDispatcher sends it.
 */
export class WebhookSubscriptions {
  constructor(private readonly sequelize: Sequelize) {}

  /** Subscribes `url` to `events`, with a fresh random secret that is returned here and never again. */
  async add(url: string, events: readonly string[]): Promise<AddedWebhookSubscription> {
    const subscription = { id: randomUUID(), url: validateWebhookUrl(url), events: validateWebhookEvents(events), secret: `whsec_${randomBytes(32).toString('base64url')}` };
    await this.sequelize.query('INSERT INTO rustok.webhook_subscriptions (id, url, events, secret) VALUES ($1, $2, $3::text[], $4)', { bind: [subscription.id, subscription.url, subscription.events, subscription.secret] });
    return subscription;
  }

  /** Every subscription, oldest first, without secrets. */
  async list(): Promise<WebhookSubscriptionInfo[]> {
    const rows = await this.sequelize.query<{ id: string; url: string; events: string[]; active: boolean; created_at: Date }>('SELECT id, url, events, active, created_at FROM rustok.webhook_subscriptions ORDER BY created_at, id', { type: QueryTypes.SELECT });
    return rows.map((r) => ({ id: r.id, url: r.url, events: r.events, active: r.active, createdAt: r.created_at.toISOString() }));
  }

  /**
   * Stops queuing new events for the subscription. Deliveries already queued
   * are still sent, since their events were promised to it when emitted.
   */
  async deactivate(id: string): Promise<void> {
    const rows = await this.sequelize.query<{ id: string }>('UPDATE rustok.webhook_subscriptions SET active = false WHERE id = $1 RETURNING id', { bind: [this.checkedId(id)], type: QueryTypes.SELECT });
    if (rows.length === 0) throw this.notFound(id);
  }

  /**
   * Deletes the subscription with its queued and dead deliveries; delivered
   * ones and the attempt log stay as history. Returns how many deliveries were dropped.
   */
  async remove(id: string): Promise<{ droppedDeliveries: number }> {
    return this.sequelize.transaction(async (transaction) => {
      const removed = await this.sequelize.query<{ id: string }>('DELETE FROM rustok.webhook_subscriptions WHERE id = $1 RETURNING id', { bind: [this.checkedId(id)], transaction, type: QueryTypes.SELECT });
      if (removed.length === 0) throw this.notFound(id);
      const dropped = await this.sequelize.query<{ n: string }>(
        `WITH dropped AS (DELETE FROM rustok.deliveries WHERE handler = 'webhook:' || $1 AND status <> 'delivered' RETURNING 1) SELECT count(*) AS n FROM dropped`,
        { bind: [id.toLowerCase()], transaction, type: QueryTypes.SELECT },
      );
      return { droppedDeliveries: Number(dropped[0]?.n ?? 0) };
    });
  }

  private checkedId(id: string): string {
    if (!UUID.test(id)) throw this.notFound(id);
    return id;
  }

  private notFound(id: string): WebhookError {
    return new WebhookError(ErrorCodes.WEBHOOK_NOT_FOUND, `No webhook subscription has id ${JSON.stringify(id)}.`, 'Run `rustok webhooks list` to see the ids.', { id });
  }
}
