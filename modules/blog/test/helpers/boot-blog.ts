import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RegistryEntry } from '@rustok/contracts';
import { QueryTypes } from 'sequelize';
import { computePackageIntegrity, writeRegistryFile } from '@rustok/kernel';
import { bootForTest, countStatements, type GraphQLResponse, type TeardownHost, type TestKernel } from '@rustok/kernel/src/testing';
import { as, codes, localId, OPERATOR_TOKEN } from '../../../core/test/helpers/boot-core';

export { as, codes, localId, OPERATOR_TOKEN };

const BLOG_PACKAGE = path.resolve(__dirname, '..', '..');
const CORE_PACKAGE = path.resolve(BLOG_PACKAGE, '..', 'core');
const REPO_ROOT = path.resolve(BLOG_PACKAGE, '..', '..');

/** Every test user's password: long enough for core's minimum. */
export const PASSWORD = 'correct horse battery staple';

export interface BlogProjectOptions {
  /** blog's `config` in registry.json. */
  blog?: Record<string, unknown>;
  /** core's `config` in registry.json. */
  core?: Record<string, unknown>;
}

/** A throw-away project with core and blog pinned (copied without tests, integrity computed); nothing booted. */
export async function blogProject(t: TeardownHost, options: BlogProjectOptions = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-blog-test-'));
  t.teardown(() => fs.rm(root, { recursive: true, force: true }));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const modules: RegistryEntry[] = [];
  for (const [id, source, config] of [['core', CORE_PACKAGE, options.core], ['blog', BLOG_PACKAGE, options.blog]] as const) {
    const target = path.join(root, 'modules', id);
    await fs.cp(source, target, { recursive: true, filter: (file) => !file.includes(`${path.sep}node_modules`) && !file.startsWith(path.join(source, 'test')) });
    const pkg = JSON.parse(await fs.readFile(path.join(target, 'package.json'), 'utf8')) as { name: string; version: string };
    modules.push({ id, package: pkg.name, version: pkg.version, source: `workspace:modules/${id}`, integrity: await computePackageIntegrity(target), enabled: true, ...(config === undefined ? {} : { config }) });
  }
  await writeRegistryFile(path.join(root, 'registry.json'), { modules });
  return root;
}

/** A tenant made for a test: its host, its owner's session and header helpers. */
export interface TestTenant {
  id: string;
  slug: string;
  host: string;
  ownerToken: string;
  /** Headers of a request to this tenant, signed in with `token` when given. */
  as(token?: string): Record<string, string>;
}

export interface BlogTestKernel extends TestKernel {
  projectRoot: string;
  /** A GraphQL request with headers, optionally from a given client IP. */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>, from?: { ip: string }): Promise<GraphQLResponse<T>>;
  /** Like request, but fails the caller on any GraphQL error: for set-up steps. */
  must<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<T>;
  /** A tenant at `<slug>.test` (locales en and ru unless given) with a signed-in owner. */
  createTenant(slug: string, options?: { locales?: string[]; defaultLocale?: string }): Promise<TestTenant>;
  /** A user with the named roles (built-in or custom) of `tenant`, signed in; `displayName` set when given. */
  createUser(tenant: TestTenant, email: string, roles: string[], displayName?: string): Promise<{ id: string; token: string }>;
  /** A custom role holding `permissions`. */
  createRole(tenant: TestTenant, name: string, permissions: string[]): Promise<void>;
  /** SQL as the database owner (a superuser in tests: not bound by row-level security). */
  sql<T = Record<string, unknown>>(text: string, bind?: unknown[]): Promise<T[]>;
  /**
   * Every SQL statement the application role sent for `work` (statements still in flight when it began are let finish
   * first): counted where they leave for PostgreSQL, so also those that bypass sequelize (the kernel's outbox writes,
   * the blog's prepared reads).
   */
  statements<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

/** core and blog pinned, gated, migrated and served on a fresh database. */
export async function bootBlog(t: TeardownHost, options: BlogProjectOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<BlogTestKernel> {
  const projectRoot = await blogProject(t, options);
  const kernel = await bootForTest(t, { projectRoot, env: { RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN, ...options.env } });
  const request = async <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}, from?: { ip: string }) => {
    const response = await kernel.running.app.inject({ method: 'POST', url: '/graphql', headers: { host: 'platform.test', ...headers }, payload: { query, variables }, ...(from === undefined ? {} : { remoteAddress: from.ip }) });
    return response.json() as GraphQLResponse<T>;
  };
  const must = async <T>(query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const response = await request<T>(query, variables, headers);
    if (response.errors !== undefined || response.data == null) throw new Error(`GraphQL failed: ${JSON.stringify(response.errors)}\n${query}`);
    return response.data;
  };
  const login = async (host: string, email: string) =>
    (await must<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: PASSWORD }, { host })).login.token;
  const roleIds = async (tenant: TestTenant) => (await must<{ roles: { edges: Array<{ node: { id: string; name: string } }> } }>('{ roles(first: 100) { edges { node { id name } } } }', {}, tenant.as(tenant.ownerToken))).roles.edges.map((e) => e.node);

  // A count waits until no connection of the pool is in use (before and after the work), so every
  // statement lands on the request that made it, whatever still finishes after a response left.
  const pool = (kernel.kernel.database.sequelize.connectionManager as unknown as { pool: { using: number } }).pool;
  const settled = async () => {
    for (let waited = 0; pool.using > 0 && waited < 2000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const database = new URL(kernel.databaseUrl).pathname.slice(1);
  const appRole = kernel.kernel.settings.appRole;

  return {
    ...kernel,
    projectRoot,
    request,
    must,
    async createTenant(slug, tenantOptions = {}) {
      const host = `${slug}.test`;
      const locales = tenantOptions.locales ?? ['en', 'ru'];
      const email = `owner@${host}`;
      const created = await must<{ createTenant: { id: string } }>(
        'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }',
        { input: { slug, name: slug, domains: [host], locales, defaultLocale: tenantOptions.defaultLocale ?? locales[0], owner: { email, password: PASSWORD } } },
        { authorization: `Bearer ${OPERATOR_TOKEN}` },
      );
      const ownerToken = await login(host, email);
      return { id: created.createTenant.id, slug, host, ownerToken, as: (token?: string) => as(host, token) };
    },
    async createUser(tenant, email, roles, displayName) {
      const known = await roleIds(tenant);
      const ids = roles.map((name) => {
        const role = known.find((r) => r.name === name);
        if (role === undefined) throw new Error(`no role ${name} in ${tenant.slug}`);
        return role.id;
      });
      const created = await must<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email, password: PASSWORD, roleIds: ids, displayName } }, tenant.as(tenant.ownerToken));
      return { id: created.createUser.id, token: await login(tenant.host, email) };
    },
    async createRole(tenant, name, permissions) {
      await must('mutation($input: CreateRoleInput!) { createRole(input: $input) { id } }', { input: { name, permissions } }, tenant.as(tenant.ownerToken));
    },
    async sql<T>(text: string, bind: unknown[] = []) {
      return (await kernel.kernel.database.owner.query(text, { bind, type: QueryTypes.SELECT })) as unknown as T[];
    },
    async statements(work) {
      await settled();
      const seen: string[] = [];
      const stop = countStatements((client, text) => {
        if (client.database === database && client.user === appRole) seen.push(text);
      });
      try {
        const result = await work();
        await settled();
        return { result, statements: seen };
      } finally {
        stop();
      }
    },
  };
}
