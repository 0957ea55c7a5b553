import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed } from './helpers/gate-report';

t.test('an emitted event without its schema file is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-event-no-schema']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_EVENT_SCHEMA_MISSING']);
  t.has(problems[0], {
    module: 'event-no-schema',
    file: path.join('modules', 's-event-no-schema', 'package.json'),
    path: 'rustok.events.emits["event-no-schema.thing.done@1"]',
    received: 'nothing',
  });
  t.same(blamed(problems), ['event-no-schema'], 'the healthy module is not blamed');
});

t.test('an event schema file that is not JSON is refused, pointing at the file', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-event-not-json']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_EVENT_SCHEMA_INVALID']);
  t.has(problems[0], {
    module: 'event-not-json',
    file: path.join('modules', 's-event-not-json', 'events', 'thing-done.v1.schema.json'),
    path: 'rustok.events.emits["event-not-json.thing.done@1"]',
  });
});

t.test('an event schema file that is JSON but not a JSON schema is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-event-not-a-schema']);
  const { problems } = await gate(project.root);
  t.same(codes(problems), ['RTK_EVENT_SCHEMA_INVALID']);
  t.has(problems[0], { module: 'event-not-a-schema', path: 'rustok.events.emits["event-not-a-schema.thing.done@1"]' });
});

t.test('an emitted event not prefixed with the module id is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-event-unprefixed']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_EVENT_NAME_PREFIX']);
  t.has(problems[0], {
    module: 'event-unprefixed',
    path: 'rustok.events.emits["other.thing.done@1"]',
    expected: 'event-unprefixed.<entity>.<verb>@<version>',
    received: 'other.thing.done@1',
  });
});

t.test('a permission not prefixed with the module id is refused; prefixed ones are not', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-permission-unprefixed']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_PERMISSION_PREFIX'], 'only the unprefixed permission of two');
  t.has(problems[0], {
    module: 'permission-unprefixed',
    path: 'rustok.permissions[1]',
    expected: 'permission-unprefixed.<resource>.<action>',
    received: 'other.thing.read',
  });
});

t.test('a module whose events have schemas and whose names are prefixed is accepted', async (t) => {
  const project = await fixtureProject(t, ['s-emitter']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id), ['emitter']);
});
