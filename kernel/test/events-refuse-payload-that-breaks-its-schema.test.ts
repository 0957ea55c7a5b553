import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

interface Report {
  emitted: boolean;
  code?: string;
  violations?: Array<{ path: string; expected?: string; received?: string }> | null;
}

t.test('an emitted payload that breaks the declared schema fails with RTK_EVENT_PAYLOAD_INVALID, naming each offending path', async (t) => {
  const project = await fixtureProject(t, ['r-ev-invalid-payload']);
  const kernel = await bootForTest(t, { projectRoot: project.root });

  const valid = await kernel.graphql<{ rEmitThing: boolean }>('mutation ($p: JSON!) { rEmitThing(payload: $p) }', { p: { title: 'ok', tags: ['a'] } });
  t.same(valid.errors, undefined, 'a payload matching the schema is emitted');
  t.equal(valid.data?.rEmitThing, true);

  const invalid = await kernel.graphql<{ rEmitThing: boolean }>('mutation ($p: JSON!) { rEmitThing(payload: $p) }', { p: { title: 42 } });
  t.equal(invalid.errors?.[0]?.extensions?.code, 'RTK_EVENT_PAYLOAD_INVALID', 'the GraphQL error carries the code');

  const reported = await kernel.graphql<{ rEmitThingReport: Report }>('mutation ($p: JSON!) { rEmitThingReport(payload: $p) }', { p: { tags: ['a', 3], colour: 'red' } });
  t.same(reported.errors, undefined);
  const report = reported.data?.rEmitThingReport;
  t.equal(report?.emitted, false);
  t.equal(report?.code, 'RTK_EVENT_PAYLOAD_INVALID', 'the module sees the code on the error it catches');
  const byPath = Object.fromEntries((report?.violations ?? []).map((v) => [v.path, v]));
  t.same(Object.keys(byPath).sort(), ['payload.colour', 'payload.tags[1]', 'payload.title'], 'every violation, by path');
  t.has(byPath['payload.title'], { expected: 'property "title"', received: 'nothing' });
  t.has(byPath['payload.tags[1]'], { expected: 'type string', received: '3' });
  t.has(byPath['payload.colour'], { expected: 'no such property', received: 'property "colour"' });
});
