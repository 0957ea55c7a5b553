import { verifyWebhookSignature } from '@rustok/contracts';
import { QueryTypes } from 'sequelize';
import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { attemptsOf, deliveriesOf, EVENT, startWebhookReceiver, waitFor, writeNote } from './helpers/webhooks';

t.test('a subscribed endpoint receives each event once, signed, with the versioned contract body', async (t) => {
  const project = await fixtureProject(t, ['w-emitter']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  const receiver = await startWebhookReceiver(t);
  const { id, secret } = await kernel.kernel.webhooks.add(receiver.url, [EVENT]);

  await writeNote(kernel, 'first');
  await writeNote(kernel, 'second');
  const done = await waitFor(() => deliveriesOf(kernel, id), (rows) => rows.length === 2 && rows.every((r) => r.status === 'delivered'));
  t.same(done.map((r) => [r.status, r.attempts, r.last_error]), [['delivered', 1, null], ['delivered', 1, null]], 'both deliveries are marked delivered after one attempt');
  // A second, wrongful send would come right behind the first; give it a moment to show up.
  await new Promise((resolve) => setTimeout(resolve, 200));

  t.equal(receiver.received.length, 2, 'each event arrived exactly once');
  const outbox = await kernel.kernel.database.sequelize.query<{ id: string; correlation_id: string; created_at: Date }>('SELECT id, correlation_id, created_at FROM rustok.outbox ORDER BY created_at', { type: QueryTypes.SELECT });
  const bodies = receiver.received.map((r) => JSON.parse(r.rawBody.toString('utf8')) as Record<string, unknown>).sort((a, b) => String(a.emittedAt).localeCompare(String(b.emittedAt)));
  t.same(
    bodies,
    outbox.map((event, i) => ({ id: event.id, name: EVENT, emittedAt: event.created_at.toISOString(), correlationId: event.correlation_id, causationId: null, payload: { text: ['first', 'second'][i] } })),
    'the body is { id, name, emittedAt, correlationId, causationId, payload }',
  );
  for (const request of receiver.received) {
    t.same(verifyWebhookSignature({ secret, header: request.headers['x-rustok-signature'], rawBody: request.rawBody }), { ok: true }, 'the receiver verifies the signature with the secret shown at add');
    const body = JSON.parse(request.rawBody.toString('utf8')) as { id: string };
    t.match(
      request.headers,
      { 'content-type': 'application/json', 'x-rustok-event': EVENT, 'x-rustok-event-id': body.id, 'x-rustok-delivery-attempt': '1' },
      'headers name the event, its id and the attempt',
    );
  }
  const attempts = await attemptsOf(kernel, id);
  t.same(attempts.map((a) => [a.attempt, a.status_code, a.error]), [[1, 200, null], [1, 200, null]], 'each attempt is recorded with its status code');
  t.ok(attempts.every((a) => Number.isInteger(a.latency_ms) && a.latency_ms >= 0), 'with its latency in ms');
});
