import t from 'tap';
import { connectDb } from './helpers/event-delivery';
import { ALPHA, as, bootTenancy, errorCodes, OPERATOR_TOKEN } from './helpers/tenancy';

const SECRETS = { password: 'hunter2-correct-horse', resetToken: 'reset-9f8e7d6c', deniedPassword: 'denied-battery-staple' };
const NOTES = '{ tNotes { text } }';
const CREATE = 'mutation ($text: String!) { tNoteCreate(text: $text) { text tenantId } }';
const SET_PASSWORD = 'mutation ($user: String!, $password: String!, $options: TAccessPasswordOptions) { tAccessSetPassword(user: $user, password: $password, options: $options) }';
const SWITCH = 'mutation { tAccessSwitch(tenant: "beta", module: "t-notes", enabled: true) }';

interface AuditRow {
  action: string;
  outcome: string;
  audited_tenant: string | null;
  actor_id: string | null;
  detail: { code?: string; rule?: string; arguments?: Record<string, unknown> };
}

t.test('fields are denied by rule before module code runs; denials and guarded mutations are audited with secrets redacted', async (t) => {
  const kernel = await bootTenancy(t);
  const db = await connectDb(t, kernel.databaseUrl);
  const noteCount = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM t_notes.notes')).rows[0]?.n);

  const anonymous = await kernel.graphql(NOTES, undefined, as('alpha'));
  t.same(errorCodes(anonymous), ['UNAUTHENTICATED'], 'no credentials: UNAUTHENTICATED');
  t.equal(anonymous.data ?? null, null);
  const reader = await kernel.graphql(CREATE, { text: 'by a reader' }, as('alpha', 'alpha-reader'));
  t.same(errorCodes(reader), ['FORBIDDEN'], 'a reader writing: FORBIDDEN');
  t.match(reader.errors?.[0]?.message, /requires permission t-notes\.note\.write/);
  t.equal(await noteCount(), 0, 'the denied mutation never ran');
  const otherTenant = await kernel.graphql(NOTES, undefined, as('alpha', 'beta-writer'));
  t.same(errorCodes(otherTenant), ['FORBIDDEN'], "beta's token in alpha: FORBIDDEN");
  t.match(otherTenant.errors?.[0]?.message, /belong to another tenant/);

  const readerReads = await kernel.graphql(NOTES, undefined, as('alpha', 'alpha-reader'));
  t.same(errorCodes(readerReads), [], 'a reader reads');
  const manager = await kernel.graphql<{ tNoteCreate: { tenantId: string } }>(CREATE, { text: 'by a manager' }, as('alpha', 'alpha-admin'));
  t.same(errorCodes(manager), [], 't-notes.note.manage implies t-notes.note.write');
  const operator = await kernel.graphql<{ tNoteCreate: { tenantId: string } }>(CREATE, { text: 'by the operator' }, as('alpha', OPERATOR_TOKEN));
  t.same(errorCodes(operator), [], 'the operator token passes a tenant permission');
  t.equal(operator.data?.tNoteCreate.tenantId, ALPHA, "and writes into the request's tenant");
  t.same(errorCodes(await kernel.graphql(SWITCH, undefined, as('alpha', 'alpha-admin'))), ['FORBIDDEN'], 'a tenant admin is not a platform operator');
  t.same(errorCodes(await kernel.graphql(SWITCH, undefined, as(null, OPERATOR_TOKEN))), [], 'the operator passes `platform`');

  const unknownToken = await kernel.running.app.inject({ method: 'POST', url: '/graphql', payload: { query: NOTES }, headers: as('alpha', 'forged-token') });
  t.equal(unknownToken.statusCode, 401, 'unknown credentials refuse the whole request with 401');
  t.equal(unknownToken.json().errors?.[0]?.extensions?.code, 'TOKEN_INVALID');
  const unknownTenant = await kernel.running.app.inject({ method: 'POST', url: '/graphql', payload: { query: NOTES }, headers: as('gamma', 'alpha-reader') });
  t.equal(unknownTenant.statusCode, 400, 'an unknown tenant refuses the whole request with 400');
  t.equal(unknownTenant.json().errors?.[0]?.extensions?.code, 'TENANT_UNKNOWN');

  const set = await kernel.graphql(SET_PASSWORD, { user: 'ann', password: SECRETS.password, options: { notifyEmail: 'ann@example.com', resetToken: SECRETS.resetToken } }, as('alpha', 'alpha-admin'));
  t.same(errorCodes(set), []);
  const failed = await kernel.graphql(SET_PASSWORD, { user: 'nobody', password: SECRETS.password }, as('alpha', 'alpha-admin'));
  t.same(errorCodes(failed), ['T_ACCESS_USER_UNKNOWN'], "the module's own error reaches the client");
  const denied = await kernel.graphql(SET_PASSWORD, { user: 'ann', password: SECRETS.deniedPassword }, as('alpha', 'alpha-reader'));
  t.same(errorCodes(denied), ['FORBIDDEN']);

  const audit = (await db.query<AuditRow>('SELECT action, outcome, audited_tenant, actor_id, detail FROM t_access.audit ORDER BY id')).rows;
  t.same(
    audit.map((row) => [row.action, row.outcome, row.audited_tenant === ALPHA ? 'alpha' : row.audited_tenant, row.actor_id, row.detail.code ?? null]),
    [
      ['graphql.Query.tNotes', 'denied', 'alpha', null, 'UNAUTHENTICATED'],
      ['graphql.Mutation.tNoteCreate', 'denied', 'alpha', 'reader@alpha', 'FORBIDDEN'],
      ['graphql.Query.tNotes', 'denied', 'alpha', 'writer@beta', 'FORBIDDEN'],
      ['graphql.Mutation.tNoteCreate', 'success', 'alpha', 'admin@alpha', null],
      ['graphql.Mutation.tNoteCreate', 'success', 'alpha', 'operator', null],
      ['graphql.Mutation.tAccessSwitch', 'denied', 'alpha', 'admin@alpha', 'FORBIDDEN'],
      ['graphql.Mutation.tAccessSwitch', 'success', null, 'operator', null],
      ['graphql.Mutation.tAccessSetPassword', 'success', 'alpha', 'admin@alpha', null],
      ['graphql.Mutation.tAccessSetPassword', 'failure', 'alpha', 'admin@alpha', 'T_ACCESS_USER_UNKNOWN'],
      ['graphql.Mutation.tAccessSetPassword', 'denied', 'alpha', 'reader@alpha', 'FORBIDDEN'],
    ],
    'every denial and every permission- or platform-guarded mutation is audited, in order; successful queries are not',
  );
  t.same(audit[1]?.detail.rule, 't-notes.note.write', 'a denial records the rule it failed');
  t.same(audit[3]?.detail.arguments, { text: 'by a manager' }, 'a mutation records its arguments');
  t.same(
    audit[7]?.detail.arguments,
    { user: 'ann', password: '[redacted]', options: { notifyEmail: 'ann@example.com', resetToken: '[redacted]' } },
    'values of secret-named arguments are redacted, nested ones too',
  );
  t.same(audit[8]?.detail.arguments, { user: 'nobody', password: '[redacted]' });
  for (const [name, secret] of [...Object.entries(SECRETS), ['operator token', OPERATOR_TOKEN]]) {
    const found = await db.query('SELECT id FROM t_access.audit a WHERE a::text LIKE $1', [`%${secret}%`]);
    t.equal(found.rowCount, 0, `the ${name} appears nowhere in the audit log`);
  }
});
