import * as path from 'node:path';
import t from 'tap';
import { codes, fixtureProject, gate } from './helpers/fixture-project';
import { blamed } from './helpers/gate-report';

t.test('a consumed event that no enabled module emits is refused', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-listener']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null, 'boot is refused');
  t.same(codes(problems), ['RTK_EVENT_NO_EMITTER']);
  t.has(problems[0], { module: 'listener', file: path.join('modules', 's-listener', 'package.json'), path: 'rustok.events.consumes[0]', received: 'no emitted events' });
  t.same(blamed(problems), ['listener'], 'the healthy module is not blamed');
});

t.test('an emitter that is disabled does not emit', async (t) => {
  const project = await fixtureProject(t, ['s-listener', { fixture: 's-emitter', enabled: false }]);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_EVENT_NO_EMITTER']);
  t.has(problems[0], { module: 'listener', path: 'rustok.events.consumes[0]' });
});

t.test('consuming another version than the one emitted is refused, naming what is emitted', async (t) => {
  const project = await fixtureProject(t, ['s-healthy', 's-emitter', 's-listener-v2']);
  const { result, problems } = await gate(project.root);
  t.equal(result, null);
  t.same(codes(problems), ['RTK_EVENT_NO_EMITTER']);
  t.has(problems[0], { module: 'listener-v2', path: 'rustok.events.consumes[0]', received: 'emitted events: emitter.thing.happened@1' });
  t.same(blamed(problems), ['listener-v2'], 'the emitter is not blamed');
});

t.test('consuming exactly the emitted name and version is accepted', async (t) => {
  const project = await fixtureProject(t, ['s-listener', 's-emitter']);
  const { result, problems } = await gate(project.root);
  t.same(codes(problems), []);
  t.same(result?.modules.map((m) => m.manifest.id).sort(), ['emitter', 'listener']);
});
