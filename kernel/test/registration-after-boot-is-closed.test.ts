import t from 'tap';
import { bootForTest } from '../src/testing';
import { fixtureProject } from './helpers/fixture-project';

t.test('every registration a resolver attempts at request time fails with RTK_REGISTRATION_CLOSED', async (t) => {
  const project = await fixtureProject(t, ['r-late-registrar']);
  const kernel = await bootForTest(t, { projectRoot: project.root });
  for (const call of ['graphql.extend', 'models.define', 'services.provide', 'events.on', 'migrations.add']) {
    const response = await kernel.graphql<{ rLate: string | null }>('query ($call: String!) { rLate(call: $call) }', { call });
    t.equal(response.errors?.[0]?.extensions?.code, 'RTK_REGISTRATION_CLOSED', `ctx.${call}`);
    t.same(response.errors?.[0]?.path, ['rLate'], `ctx.${call}: the error is on the field that attempted it`);
    t.equal(response.data?.rLate, null, `ctx.${call}: nothing was registered`);
  }
  const sneaked = await kernel.graphql('{ rSneaked }');
  t.equal(sneaked.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', 'the schema did not grow the field the late extend tried to add');
  t.notOk(kernel.kernel.database.sequelize.isDefined('RLateThing'), 'the late model was not defined');
});
