import t from 'tap';
import { bootForTest, type TestKernel } from '../src/testing';
import { runCli } from './helpers/cli';
import { fixtureProject } from './helpers/fixture-project';
import { waitFor } from './helpers/wait-for';

const STATUS = '{ eventsStatus { pending dead handlers { event handler pending dead } deadLetters { eventId event handler attempts lastError payload } } }';

async function untilDead(kernel: TestKernel): Promise<number> {
  return (await waitFor(() => kernel.kernel.events.status(), (status) => status.dead > 0)).dead;
}

t.test('eventsStatus needs rustok.events.read; the admin token grants it; CLI and /health/ready show the same figures', async (t) => {
  const project = await fixtureProject(t, ['k-failing-consumer']);
  const env = { RUSTOK_ADMIN_TOKEN: 'operator-secret-token', RUSTOK_EVENTS_MAX_ATTEMPTS: '1', RUSTOK_EVENTS_POLL_MS: '20' };
  const kernel = await bootForTest(t, { projectRoot: project.root, env });
  t.same((await kernel.graphql('mutation { kFailingQueue(job: "nightly") }')).data, { kFailingQueue: true });
  t.equal(await untilDead(kernel), 1, 'the always-failing handler is dead-lettered after one attempt');

  const anonymous = await kernel.graphql(STATUS);
  t.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'an anonymous request is told to authenticate');
  t.match(anonymous.errors?.[0]?.message, /rustok\.events\.read/);
  const wrongToken = await kernel.running.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Bearer operator-secret-tokeX' }, payload: { query: STATUS } });
  t.equal(wrongToken.statusCode, 401, 'unknown credentials refuse the whole request');
  t.equal(wrongToken.json().errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');

  const operator = await kernel.running.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Bearer operator-secret-token' }, payload: { query: STATUS } });
  const status = operator.json().data.eventsStatus;
  t.match(status, {
    pending: 0,
    dead: 1,
    handlers: [{ event: 'k-failing.job.queued@1', handler: 'k-failing:k-failing.job.queued@1', pending: 0, dead: 1 }],
    deadLetters: [{ event: 'k-failing.job.queued@1', attempts: 1, lastError: 'Error: the job runner is down', payload: { job: 'nightly' } }],
  });

  const ready = (await kernel.running.app.inject({ url: '/health/ready' })).json();
  t.match(ready, { status: 'ready', checks: { events: { ok: true, detail: { dead: 1, pending: 0 } } } });

  const cliEnv = { DATABASE_URL: kernel.databaseUrl, RUSTOK_EVENTS_MAX_ATTEMPTS: '1' };
  const cliStatus = await runCli(['events', 'status', '--json', '--project', project.root], { env: cliEnv });
  t.equal(cliStatus.code, 1, 'status exits 1 while there are dead letters');
  t.match(JSON.parse(cliStatus.stdout), { dead: 1, pending: 0 });
  const listed = await runCli(['events', 'dlq', 'list', '--json', '--project', project.root], { env: cliEnv });
  t.equal(listed.code, 0, listed.stderr);
  const eventId = JSON.parse(listed.stdout)[0].eventId as string;
  t.equal(eventId, status.deadLetters[0].eventId);
  const badId = await runCli(['events', 'dlq', 'replay', 'not-a-uuid', '--project', project.root], { env: cliEnv });
  t.equal(badId.code, 2);
  t.match(badId.stderr, /RTK_CLI_USAGE.*not an event id/);
  const replayed = await runCli(['events', 'dlq', 'replay', eventId, '--project', project.root], { env: cliEnv });
  t.equal(replayed.code, 0, replayed.stderr);
  t.match(replayed.stdout, /Replayed 1 dead delivery/);
  t.equal(await untilDead(kernel), 1, 'still failing, so it is dead again after its fresh attempt');
});
