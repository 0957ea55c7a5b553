import t from 'tap';
import { bootForTest, createTestDatabase } from '@rustok/kernel/src/testing';
import { runCli } from '@rustok/kernel/test/helpers/cli';
import { coreProject, OPERATOR_TOKEN } from './helpers/boot-core';

t.test('`rustok tenant create` and `rustok user create --owner` make a tenant whose owner logs in through GraphQL; bad flags exit 2 with a code', async (t) => {
  const root = await coreProject(t);
  const databaseUrl = await createTestDatabase(t);
  const cli = (...args: string[]) => runCli([...args, '--project', root], { env: { DATABASE_URL: databaseUrl } });

  const migrated = await cli('migrate');
  t.equal(migrated.code, 0, migrated.stderr);

  const tenant = await cli('tenant', 'create', '--slug', 'cli-shop', '--name', 'CLI Shop', '--domain', 'cli-shop.test', '--locales', 'en,de');
  t.equal(tenant.code, 0, tenant.stderr);
  t.match(tenant.stdout, /Created tenant "cli-shop" \(CLI Shop\), id [0-9a-f-]{36}/);
  t.match(tenant.stdout, /domains: cli-shop\.test/);

  const owner = await cli('user', 'create', '--tenant', 'cli-shop', '--email', 'Boss@CLI-Shop.test', '--password', 'boss password 1', '--owner');
  t.equal(owner.code, 0, owner.stderr);
  t.match(owner.stdout, /Created user boss@cli-shop\.test in tenant "cli-shop"/);
  t.match(owner.stdout, /roles: owner/);
  t.notOk(owner.stdout.includes('boss password 1') || owner.stderr.includes('boss password 1'), 'the password is not echoed');

  await t.test('bad input: usage errors exit 2, other coded errors exit 1, and nothing is written', async (t) => {
    const missing = await cli('user', 'create', '--tenant', 'cli-shop', '--email', 'half@cli-shop.test');
    t.equal(missing.code, 2, 'a missing required flag exits 2');
    t.match(missing.stderr, /CLI_USAGE/);
    t.match(missing.stderr, /--password/, 'naming the flag');
    t.match(missing.stderr, /rustok user create --tenant <slug>/, 'with the usage');

    const noValue = await cli('tenant', 'create', '--name', 'No Slug', '--slug');
    t.equal(noValue.code, 2, 'a flag without its value exits 2');
    t.match(noValue.stderr, /CLI_USAGE/);

    const typo = await cli('user', 'create', '--tenant', 'cli-shop', '--email', 'typo@cli-shop.test', '--password', 'typo password 1', '--ownr');
    t.equal(typo.code, 2, 'an unknown flag (--ownr for --owner) exits 2 instead of silently creating a user without the role');
    t.match(typo.stderr, /CLI_USAGE/);
    t.match(typo.stderr, /ownr/, 'naming the unknown flag');

    const badSlug = await cli('tenant', 'create', '--slug', 'Bad Slug', '--name', 'Bad');
    t.equal(badSlug.code, 1, 'an invalid value is an error, not a usage error');
    t.match(badSlug.stderr, /SLUG_INVALID/);

    const unknownTenant = await cli('user', 'create', '--tenant', 'nowhere', '--email', 'x@nowhere.test', '--password', 'nowhere password');
    t.equal(unknownTenant.code, 1);
    t.match(unknownTenant.stderr, /TENANT_UNKNOWN/);
  });

  const kernel = await bootForTest(t, { projectRoot: root, env: { DATABASE_URL: databaseUrl, RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN } });
  const graphql = async <T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
    (await kernel.running.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } })).json() as { data?: T; errors?: unknown[] };

  const users = await kernel.kernel.database.owner.query("SELECT email FROM core.users ORDER BY email", { type: 'SELECT' as never });
  t.same(users, [{ email: 'boss@cli-shop.test' }], 'only the owner was created: no refused command wrote a user');
  const tenants = await kernel.kernel.database.owner.query('SELECT slug FROM core.tenants ORDER BY slug', { type: 'SELECT' as never });
  t.same(tenants, [{ slug: 'cli-shop' }], 'and only the one tenant');

  const login = await graphql<{ login: { token: string } | null }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: 'boss@cli-shop.test', p: 'boss password 1' }, { host: 'cli-shop.test' });
  t.same(login.errors, undefined, 'the owner logs in on the tenant’s domain');
  const token = login.data?.login?.token as string;
  t.match(token, /^rtk_s_/);
  const me = await graphql<{ me: { email: string; roles: Array<{ name: string }>; permissions: string[] }; tenant: { slug: string; name: string; locales: string[]; defaultLocale: string } }>(
    '{ me { email roles { name } permissions } tenant { slug name locales defaultLocale } }',
    {},
    { host: 'cli-shop.test', authorization: `Bearer ${token}` },
  );
  t.same(me.data, { me: { email: 'boss@cli-shop.test', roles: [{ name: 'owner' }], permissions: ['*'] }, tenant: { slug: 'cli-shop', name: 'CLI Shop', locales: ['en', 'de'], defaultLocale: 'en' } }, 'as the owner of the tenant the command created');
  const created = await graphql<{ createUser: { email: string } }>('mutation { createUser(input: { email: "first-hire@cli-shop.test", password: "first hire password" }) { email } }', {}, { host: 'cli-shop.test', authorization: `Bearer ${token}` });
  t.same(created.data, { createUser: { email: 'first-hire@cli-shop.test' } }, 'and can run the tenant');
});
