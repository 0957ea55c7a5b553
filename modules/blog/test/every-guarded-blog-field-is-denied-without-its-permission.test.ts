import { randomUUID } from 'node:crypto';
import t from 'tap';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, type GraphQLInputType } from 'graphql';
import { toGlobalId } from '@rustok/contracts';
import { bootBlog, codes } from './helpers/boot-blog';

/** A value that passes GraphQL validation: required input fields only, recursively. */
function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [dummy(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, dummy(f.type)]));
  return { Int: 1, Boolean: true, ID: toGlobalId('BlogPost', randomUUID()), DateTime: new Date(Date.now() + 86_400_000).toISOString() }[type.name] ?? 'x';
}

t.test('every blog Query and Mutation field guarded by a permission refuses anonymous callers and users without it, before blog code runs', async (t) => {
  const blog = await bootBlog(t);
  const tenant = await blog.createTenant('alpha');
  const reader = await blog.createUser(tenant, 'reader@alpha.test', ['customer']);
  const { schema, fieldOwners } = blog.kernel.gate.graphql;
  const rules = blog.kernel.gate.access.fields;

  let checked = 0;
  for (const root of ['Query', 'Mutation'] as const) {
    const type = schema.getType(root);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (fieldOwners.get(`${root}.${field.name}`) !== 'blog') continue;
      const rule = rules.get(`${root}.${field.name}`);
      t.ok(rule !== undefined, `${root}.${field.name} has a rule`);
      if (rule === 'public' || rule === 'authenticated') continue;
      t.match(rule, /^blog\.(post|page|category|tag|comment)\./, `${root}.${field.name} is guarded by a blog permission (${rule})`);
      const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
      const named = getNamedType(field.type);
      const selection = isObjectType(named) || isInterfaceType(named) ? ' { __typename }' : '';
      const query = `${root === 'Query' ? 'query' : 'mutation'}${required.length === 0 ? '' : `(${required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})`} { ${field.name}${required.length === 0 ? '' : `(${required.map((a) => `${a.name}: $${a.name}`).join(', ')})`}${selection} }`;
      const variables = Object.fromEntries(required.map((arg) => [arg.name, dummy(arg.type)]));
      t.same(codes(await blog.request(query, variables, tenant.as())), ['UNAUTHENTICATED'], `${root}.${field.name}: anonymous`);
      t.same(codes(await blog.request(query, variables, tenant.as(reader.token))), ['FORBIDDEN'], `${root}.${field.name}: a customer`);
      checked++;
    }
  }
  t.ok(checked >= 25, `${checked} guarded blog fields checked`);
  t.same(await blog.sql("SELECT count(*)::int AS n FROM blog.entries"), [{ n: 0 }], 'nothing got written');
  const denials = await blog.sql<{ n: number }>("SELECT count(*)::int AS n FROM core.audit_log WHERE action LIKE 'graphql.%.blog%' AND outcome = 'denied'");
  t.equal(denials[0]?.n, checked * 2, 'every denial is in the audit log');
});
