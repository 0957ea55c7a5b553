import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryTypes } from 'sequelize';
import type { TestKernel } from '../../src/testing';
import type { TeardownHost } from './fixture-project';

/**
 * Shared by the webhook tests (fixture w-emitter): a loopback HTTP receiver,
 * the mutation that emits an event, and reads of the delivery ledger.
 */

export const EVENT = 'w-emitter.note.written@1';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Date.now() when the whole body had arrived. */
  at: number;
}

/** The status code to answer with, or 'hang' to never answer. */
export type Reply = number | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests left unanswered whose connection the sender still holds open. */
  hanging(): number;
}

/** An HTTP server on 127.0.0.1 and an ephemeral port; `reply` decides each answer. Closed at teardown. */
export async function startWebhookReceiver(t: TeardownHost, reply: (request: ReceivedWebhook, index: number) => Reply = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let hanging = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { headers: req.headers, rawBody: Buffer.concat(chunks), at: Date.now() };
      const answer = reply(request, received.push(request) - 1);
      if (answer === 'hang') {
        hanging++;
        res.on('close', () => hanging--);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : `receiver failure ${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, hanging: () => hanging };
}

/** Runs the w-emitter mutation: writes a note and emits w-emitter.note.written@1 in one transaction. */
export async function writeNote(kernel: TestKernel, text: string): Promise<void> {
  const response = await kernel.graphql<{ wWriteNote: boolean }>('mutation ($text: String!) { wWriteNote(text: $text) }', { text });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
}

export interface WebhookDelivery {
  event_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/** The delivery rows of one subscription, oldest event first. */
export function deliveriesOf(kernel: TestKernel, subscriptionId: string): Promise<WebhookDelivery[]> {
  return kernel.kernel.database.sequelize.query<WebhookDelivery>(
    `SELECT d.event_id, d.status, d.attempts, d.last_error FROM rustok.deliveries d JOIN rustok.outbox o ON o.id = d.event_id
      WHERE d.handler = 'webhook:' || $1 ORDER BY o.created_at`,
    { bind: [subscriptionId], type: QueryTypes.SELECT },
  );
}

export interface WebhookAttempt {
  event_id: string;
  attempt: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

/** rustok.webhook_attempts of one subscription, in the order they were recorded. */
export function attemptsOf(kernel: TestKernel, subscriptionId: string): Promise<WebhookAttempt[]> {
  return kernel.kernel.database.sequelize.query<WebhookAttempt>(
    'SELECT event_id, attempt, status_code, latency_ms, error FROM rustok.webhook_attempts WHERE subscription_id = $1 ORDER BY id',
    { bind: [subscriptionId], type: QueryTypes.SELECT },
  );
}

export { waitFor } from './wait-for';
