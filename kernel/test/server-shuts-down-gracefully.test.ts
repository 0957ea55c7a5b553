import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';
import { startServerProcess } from './helpers/server-process';

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  t.test(`${signal}: stops accepting, finishes the in-flight request, exits 0 within 10 s`, async (t) => {
    const project = await fixtureProject(t, ['k-slow']);
    const databaseUrl = await createTestDatabase(t);
    const server = await startServerProcess(t, 'dev', project.root, { DATABASE_URL: databaseUrl });
    const inFlight = server.graphql<{ kSlow: string }>('{ kSlow(ms: 800) }');
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill(signal);
    const answered = await inFlight;
    t.equal(answered.status, 200);
    t.same(answered.body.data, { kSlow: 'waited 800' }, 'the request running at shutdown completed');
    const exit = await server.exited;
    t.equal(exit.code, 0, server.output());
    t.ok(exit.ms < 10_000, `exited ${exit.ms} ms after the signal`);
    const refused = await fetch(server.graphqlUrl, { method: 'POST' }).then(() => 'answered', () => 'refused');
    t.equal(refused, 'refused', 'the port is closed after shutdown');
  });
}
