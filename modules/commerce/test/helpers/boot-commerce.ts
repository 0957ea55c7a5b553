import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RegistryEntry } from '@rustok/contracts';
import { QueryTypes } from 'sequelize';
import { computePackageIntegrity, writeRegistryFile } from '@rustok/kernel';
import { bootForTest, countStatements, type GraphQLResponse, type TeardownHost, type TestKernel } from '@rustok/kernel/src/testing';
import { as, codes, localId } from '../../../core/test/helpers/boot-core';

export { as, codes, localId };

const COMMERCE_PACKAGE = path.resolve(__dirname, '..', '..');
const CORE_PACKAGE = path.resolve(COMMERCE_PACKAGE, '..', 'core');
const REPO_ROOT = path.resolve(COMMERCE_PACKAGE, '..', '..');
export const OPERATOR_TOKEN = 'operator-token-for-commerce-tests-0123456789';

export interface TestTenant {
  id: string;
  host: string;
  /** Headers of the tenant's owner (holds `*`). */
  owner: Record<string, string>;
  /** Headers of an anonymous storefront visitor. */
  visitor: Record<string, string>;
}

export interface CommerceTestKernel extends TestKernel {
  /** A GraphQL request with headers (host, authorization, x-locale, …). */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Creates a tenant served at `<slug>.test` (locales en and ru unless told) and signs its owner in. */
  createTenant(slug: string, options?: { locales?: string[]; defaultLocale?: string }): Promise<TestTenant>;
  /** A user of the tenant with the named built-in or custom roles, signed in; returns its headers. */
  userWithRoles(tenant: TestTenant, email: string, roles: string[]): Promise<Record<string, string>>;
  /** SQL as the database owner (superuser in tests: not bound by row-level security). */
  sql<T = Record<string, unknown>>(text: string, bind?: unknown[]): Promise<T[]>;
  /** Runs `work` and returns the SQL statements the application's pool ran meanwhile. */
  statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

/** Copies a module package into the project, without its tests (integrity is over what is copied). */
async function copyModule(source: string, target: string): Promise<void> {
  await fs.cp(source, target, { recursive: true, filter: (file) => !file.includes(`${path.sep}node_modules`) && !file.startsWith(path.join(source, 'test')) });
}

/** A throw-away project with core and commerce pinned in registry.json; nothing booted. */
export async function commerceProject(t: TeardownHost, config: { core?: Record<string, unknown>; commerce?: Record<string, unknown> } = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-commerce-test-'));
  t.teardown(() => fs.rm(root, { recursive: true, force: true }));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const modules: RegistryEntry[] = [];
  for (const [id, pkg, source] of [
    ['core', '@rustok/module-core', CORE_PACKAGE],
    ['commerce', '@rustok/module-commerce', COMMERCE_PACKAGE],
  ] as const) {
    const target = path.join(root, 'modules', id);
    await copyModule(source, target);
    const moduleConfig = config[id];
    modules.push({ id, package: pkg, version: '0.1.0', source: `workspace:modules/${id}`, integrity: await computePackageIntegrity(target), enabled: true, ...(moduleConfig === undefined ? {} : { config: moduleConfig }) });
  }
  await writeRegistryFile(path.join(root, 'registry.json'), { modules });
  return root;
}

/**
 * Boots core + commerce on a fresh database. Core keeps resolved tenants for
 * 300 s here, so a statement count never includes a tenant lookup that
 * happened to expire mid-test.
 */
export async function bootCommerce(t: TeardownHost, options: { env?: NodeJS.ProcessEnv; commerce?: Record<string, unknown> } = {}): Promise<CommerceTestKernel> {
  const root = await commerceProject(t, { core: { tenantCacheSeconds: 300 }, commerce: options.commerce });
  const kernel = await bootForTest(t, { projectRoot: root, env: { RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN, ...options.env } });
  const request = async <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await kernel.running.app.inject({ method: 'POST', url: '/graphql', headers: { host: 'platform.test', ...headers }, payload: { query, variables } });
    return response.json() as GraphQLResponse<T>;
  };
  const login = async (host: string, email: string, password: string) => {
    const result = await request<{ login: { token: string } | null }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password }, { host });
    if (result.data?.login == null) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  };
  const database = new URL(kernel.databaseUrl).pathname.slice(1);
  const appRole = kernel.kernel.settings.appRole;
  return {
    ...kernel,
    request,
    async createTenant(slug, tenantOptions = {}) {
      const host = `${slug}.test`;
      const owner = { email: `owner@${slug}.test`, password: `password of ${slug} owner` };
      const locales = tenantOptions.locales ?? ['en', 'ru'];
      const created = await request<{ createTenant: { id: string } }>(
        'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }',
        { input: { slug, name: slug, domains: [host], locales, defaultLocale: tenantOptions.defaultLocale ?? locales[0], owner } },
        { authorization: `Bearer ${OPERATOR_TOKEN}` },
      );
      if (created.data?.createTenant == null) throw new Error(`createTenant failed: ${JSON.stringify(created.errors)}`);
      return { id: localId(created.data.createTenant.id), host, owner: as(host, await login(host, owner.email, owner.password)), visitor: { host } };
    },
    async userWithRoles(tenant, email, roles) {
      const listed = await request<{ roles: { edges: Array<{ node: { id: string; name: string } }> } }>('{ roles(first: 100) { edges { node { id name } } } }', {}, tenant.owner);
      const roleIds = roles.map((name) => {
        const role = listed.data?.roles.edges.find((edge) => edge.node.name === name);
        if (role === undefined) throw new Error(`no role "${name}": ${JSON.stringify(listed.errors ?? listed.data)}`);
        return role.node.id;
      });
      const password = `password of ${email}`;
      const created = await request('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email, password, roleIds } }, tenant.owner);
      if (created.errors !== undefined) throw new Error(`createUser failed: ${JSON.stringify(created.errors)}`);
      return as(tenant.host, await login(tenant.host, email, password));
    },
    async sql<T>(text: string, bind: unknown[] = []) {
      return (await kernel.kernel.database.owner.query(text, { bind, type: QueryTypes.SELECT })) as unknown as T[];
    },
    async statementsOf(work) {
      // Every statement the application role sends to this database, whichever way it goes (sequelize, ctx.models.query).
      const statements: string[] = [];
      const stop = countStatements((client, text) => {
        if (client.database === database && client.user === appRole) statements.push(text);
      });
      try {
        return { result: await work(), statements };
      } finally {
        stop();
      }
    },
  };
}

/** The data of a response that must have succeeded; fails loudly with the errors otherwise. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors !== undefined || response.data == null) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** `[code, field]` of each error, for assertions on bad input. */
export function failures(response: GraphQLResponse<unknown>): Array<[string, string | undefined]> {
  return (response.errors ?? []).map((error) => [String(error.extensions?.code), error.extensions?.field as string | undefined]);
}
