import { randomUUID } from 'node:crypto';
import t from 'tap';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isUnionType, type GraphQLField, type GraphQLInputType } from 'graphql';
import { toGlobalId } from '@rustok/contracts';
import { as, bootCore, codes, localId, type CoreTestKernel } from './helpers/boot-core';

/**
 * Generated from the composed schema and the access rules the kernel enforces:
 * every Query and Mutation field (and every node(id:) type) whose rule is not
 * `public` is called with minimal valid arguments, anonymously and as a user
 * holding no permission. A field a module adds later is covered without
 * touching this file.
 */

const FUTURE = new Date(Date.now() + 86_400_000).toISOString();

/** A value of `type` that passes GraphQL validation: required input fields only, recursively. */
function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [dummy(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(required.map((field) => [field.name, dummy(field.type)]));
  }
  switch (type.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'ID':
      return toGlobalId('User', randomUUID());
    case 'DateTime':
      return FUTURE;
    case 'JSON':
      return {};
    default:
      return 'x';
  }
}

interface Operation {
  coordinate: string;
  rule: string;
  /** Where in the response the denied value sits. */
  path: string[];
  query: string;
  variables: Record<string, unknown>;
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[key];
  return value ?? null;
}

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? ' { __typename }' : '';
}

function operationFor(root: 'Query' | 'Mutation', field: GraphQLField<unknown, unknown>, rule: string): Operation {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const definitions = required.length === 0 ? '' : `(${required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')})`;
  const call = required.length === 0 ? '' : `(${required.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})`;
  return {
    coordinate: `${root}.${field.name}`,
    rule,
    path: [field.name],
    query: `${root === 'Query' ? 'query' : 'mutation'}${definitions} { ${field.name}${call}${selectionOf(field)} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, dummy(arg.type)])),
  };
}

/** Every guarded root field and every guarded node type, from what the kernel composed and enforces. */
function guardedOperations(core: CoreTestKernel): Operation[] {
  const { schema, nodeFetchers } = core.kernel.gate.graphql;
  const { fields, types } = core.kernel.gate.access;
  const operations: Operation[] = [];
  for (const root of ['Query', 'Mutation'] as const) {
    const type = schema.getType(root);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = fields.get(`${root}.${field.name}`);
      // A root field without a rule would not have booted; undefined here would be a kernel bug worth failing on.
      if (rule !== 'public') operations.push(operationFor(root, field, rule ?? 'undeclared'));
    }
  }
  for (const typeName of nodeFetchers.keys()) {
    const rule = types.get(typeName) ?? 'platform';
    if (rule === 'public') continue;
    operations.push({ coordinate: `node(${typeName})`, rule, path: ['node'], query: 'query($id: ID!) { node(id: $id) { __typename } }', variables: { id: toGlobalId(typeName, randomUUID()) } });
  }
  return operations;
}

/**
 * Guarded fields of types a public root field returns (`Tenant.settings` under
 * the public `tenant`): reached in one step, with no required arguments.
 */
function guardedNestedOperations(core: CoreTestKernel): Operation[] {
  const { schema } = core.kernel.gate.graphql;
  const { fields, types } = core.kernel.gate.access;
  const operations: Operation[] = [];
  const query = schema.getType('Query');
  if (!isObjectType(query)) return operations;
  for (const rootField of Object.values(query.getFields())) {
    if (fields.get(`Query.${rootField.name}`) !== 'public' || rootField.args.some((arg) => isNonNullType(arg.type))) continue;
    const named = getNamedType(rootField.type);
    if (!isObjectType(named)) continue;
    for (const field of Object.values(named.getFields())) {
      const rule = fields.get(`${named.name}.${field.name}`) ?? types.get(named.name) ?? 'public';
      if (rule === 'public' || field.args.some((arg) => isNonNullType(arg.type))) continue;
      operations.push({ coordinate: `${named.name}.${field.name}`, rule, path: [rootField.name, field.name], query: `{ ${rootField.name} { ${field.name}${selectionOf(field)} } }`, variables: {} });
    }
  }
  return operations;
}

t.test('every non-public field and node type is denied to anonymous callers and to a user without the permission', async (t) => {
  const core = await bootCore(t, undefined, { modules: ['c-notes', 'c-addon'] });
  const shop = await core.createTenant('guarded', { email: 'owner@guarded.test', password: 'owner password 1' });
  const owner = await core.login(shop.host, 'owner@guarded.test', 'owner password 1');
  await core.createUser(shop.host, owner, { email: 'customer@guarded.test', password: 'customer password 1', roles: ['customer'] });
  const customer = () => core.login(shop.host, 'customer@guarded.test', 'customer password 1');
  let customerSession = await customer();

  const me = await core.request<{ me: { permissions: string[]; roles: Array<{ name: string }> } }>('{ me { permissions roles { name } } }', {}, as(shop.host, customerSession));
  t.same(me.data?.me, { permissions: [], roles: [{ name: 'customer' }] }, 'the customer holds no permission at all, so every permission rule must refuse it');

  const nested = guardedNestedOperations(core);
  t.ok(nested.some((op) => op.coordinate === 'Tenant.settings'), 'Tenant.settings, guarded under the public Query.tenant, is generated');
  const operations = [...guardedOperations(core), ...nested];
  const coordinates = operations.map((op) => op.coordinate);
  t.ok(operations.length >= 40, `the schema yields a real list of guarded fields (${operations.length})`);
  for (const expected of ['Mutation.createUser', 'Query.users', 'Mutation.createTenant', 'Query.auditLog', 'Mutation.setTenantModule', 'Query.cNotes', 'Mutation.cNoteCreate', 'Query.cNoteSearch', 'Query.cAddonPing', 'node(ApiToken)', 'node(CNote)']) {
    t.ok(coordinates.includes(expected), `${expected} is among the generated cases`);
  }
  for (const publicField of ['Mutation.login', 'Query.me', 'Query.cNotesPublicCount']) t.notOk(coordinates.includes(publicField), `${publicField} is public and not generated`);
  t.same(operations.filter((op) => op.rule === 'undeclared').map((op) => op.coordinate), [], 'every root field has a declared rule');

  const usersBefore = await core.sql<{ count: string }>('SELECT count(*) FROM core.users');

  for (const op of operations) {
    await t.test(`${op.coordinate} (${op.rule})`, async (t) => {
      const anonymous: Array<[string, Record<string, string>]> = [['anonymous on the tenant host', as(shop.host)]];
      // Nested fields need their parent, which exists only in a tenant.
      if (op.path.length === 1) anonymous.push(['anonymous without a tenant', as('platform.test')]);
      for (const [who, headers] of anonymous) {
        const response = await core.request(op.query, op.variables, headers);
        t.same(codes(response), ['UNAUTHENTICATED'], `${who}: UNAUTHENTICATED`);
        t.same(response.errors?.[0]?.path, op.path, `${who}: the error is on ${op.path.join('.')}`);
        t.equal(valueAt(response.data, op.path), null, `${who}: no data`);
      }

      const response = await core.request(op.query, op.variables, as(shop.host, customerSession));
      if (op.rule === 'authenticated') {
        t.notOk(codes(response).some((code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED'), `customer passes the guard of an authenticated field (got ${JSON.stringify(codes(response))})`);
        // It really ran (logoutEverywhere included), so the next case gets a fresh session.
        customerSession = await customer();
      } else {
        t.same(codes(response), ['FORBIDDEN'], 'customer without the permission: FORBIDDEN');
        t.equal(valueAt(response.data, op.path), null, 'customer: no data');
      }

      if (op.rule === 'platform') {
        const byOwner = await core.request(op.query, op.variables, as(shop.host, owner));
        t.same(codes(byOwner), ['FORBIDDEN'], "the tenant's owner (all of the tenant's permissions) is no platform operator");
      }
    });
  }

  const usersAfter = await core.sql<{ count: string }>('SELECT count(*) FROM core.users');
  t.same(usersAfter, usersBefore, 'no denied mutation created a user');
  t.same(await core.sql('SELECT id FROM c_notes.notes'), [], 'no denied mutation wrote a note');
  const denials = await core.sql<{ count: string }>("SELECT count(*) FROM core.audit_log WHERE outcome = 'denied' AND tenant_id = $1 AND actor_kind = 'user'", [localId(shop.id)]);
  t.equal(Number(denials[0]?.count), operations.filter((op) => op.rule !== 'authenticated').length + operations.filter((op) => op.rule === 'platform').length, "every denial of the tenant's users is in the tenant's audit log");
});
