import { Client } from 'pg';
import type { TeardownHost } from './fixture-project';

/**
 * Shared by the durable-delivery tests (fixtures e-source, e-sink, e-sink-b): a direct pg connection for
 * assertions, bounded polling, and the e-source mutation.
 */

export const SINK_HANDLER = 'e-sink:e-source.item.created@1';
export const SINK_B_HANDLER = 'e-sink-b:e-source.item.created@1';

/** A plain pg connection to the test database, closed at teardown; assertions read the tables directly. */
export async function connectDb(t: TeardownHost, databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  return client;
}

export { waitFor } from './wait-for';

/** The `eEmit` mutation: n events of `batch` in one transaction, optionally rolled back after emitting. */
export function emitMutation(n: number, options: { batch?: string; rollBack?: boolean; correlationId?: string } = {}): string {
  const args = [`n: ${n}`, `batch: ${JSON.stringify(options.batch ?? 'default')}`];
  if (options.rollBack !== undefined) args.push(`rollBack: ${options.rollBack}`);
  if (options.correlationId !== undefined) args.push(`correlationId: ${JSON.stringify(options.correlationId)}`);
  return `mutation { eEmit(${args.join(', ')}) }`;
}

/** Sets (or, with null, clears) one e_sink.controls row. */
export async function setControl(db: Client, name: string, value: number | null): Promise<void> {
  if (value === null) await db.query('DELETE FROM e_sink.controls WHERE name = $1', [name]);
  else await db.query('INSERT INTO e_sink.controls (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
}

export interface DeliveryRow {
  event_id: string;
  handler: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/** Delivery ledger rows, optionally of one event and/or one handler, ordered by handler (bytewise: "e-sink-b:…" before "e-sink:…"). */
export async function deliveries(db: Client, filter: { eventId?: string; handler?: string } = {}): Promise<DeliveryRow[]> {
  const result = await db.query<DeliveryRow>(
    `SELECT event_id, handler, status, attempts, last_error FROM rustok.deliveries
      WHERE ($1::uuid IS NULL OR event_id = $1) AND ($2::text IS NULL OR handler = $2) ORDER BY handler COLLATE "C", event_id`,
    [filter.eventId ?? null, filter.handler ?? null],
  );
  return result.rows;
}

/** Ids of the outbox events e-source emitted for `batch`, in emission order. */
export async function eventIdsOfBatch(db: Client, batch: string): Promise<string[]> {
  const result = await db.query<{ id: string }>(`SELECT id FROM rustok.outbox WHERE name = 'e-source.item.created' AND payload->>'batch' = $1 ORDER BY (payload->>'seq')::int`, [batch]);
  return result.rows.map((row) => row.id);
}

export async function count(db: Client, sql: string, bind: unknown[] = []): Promise<number> {
  const result = await db.query<{ n: string }>(sql, bind);
  return Number(result.rows[0]?.n ?? 0);
}
