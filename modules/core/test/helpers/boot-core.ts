import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromGlobalId, type RegistryEntry } from '@rustok/contracts';
import { QueryTypes } from 'sequelize';
import { computePackageIntegrity, writeRegistryFile } from '@rustok/kernel';
import { bootForTest, type GraphQLResponse, type TeardownHost, type TestKernel } from '@rustok/kernel/src/testing';

const CORE_PACKAGE = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(CORE_PACKAGE, '..', '..');
const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const OPERATOR_TOKEN = 'operator-token-for-core-tests-0123456789';

export interface CoreTestKernel extends TestKernel {
  /** A GraphQL request with headers (Host, X-Tenant, Authorization). */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>, from?: { ip: string }): Promise<GraphQLResponse<T>>;
  /** Creates a tenant served at `<slug>.test` with an owner, as the operator. */
  createTenant(slug: string, owner: { email: string; password: string }): Promise<{ id: string; host: string }>;
  /** Logs in and returns the session token. */
  login(host: string, email: string, password: string): Promise<string>;
  /** Creates a user through GraphQL as `token` on `host`, with the named roles of that tenant; returns its global id. */
  createUser(host: string, token: string, user: { email: string; password: string; roles?: string[] }): Promise<string>;
  /** Runs SQL as the database owner (not bound by row-level security: superuser in tests). */
  sql<T = Record<string, unknown>>(text: string, bind?: unknown[]): Promise<T[]>;
}

/** Headers of a request to `host`, signed in with `token` when given. */
export function as(host: string, token?: string): Record<string, string> {
  return { host, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
}

/** The local (database) id inside a global id. */
export function localId(globalId: string): string {
  const decoded = fromGlobalId(globalId);
  if (decoded === null) throw new Error(`not a global id: ${globalId}`);
  return decoded.localId;
}

/** A module of test/fixtures pinned next to core, with its registry config. */
export interface FixtureUse {
  fixture: string;
  config?: Record<string, unknown>;
}

export interface CoreProjectOptions {
  /** core's `config` in registry.json. */
  config?: Record<string, unknown>;
  /** Fixture modules (test/fixtures/<name>) to install next to core. */
  modules?: ReadonlyArray<string | FixtureUse>;
}

/** A throw-away project with core (and the fixtures asked for) pinned in registry.json; nothing booted. */
export async function coreProject(t: TeardownHost, options: CoreProjectOptions = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-core-test-'));
  t.teardown(() => fs.rm(root, { recursive: true, force: true }));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const target = path.join(root, 'modules', 'core');
  await fs.cp(CORE_PACKAGE, target, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) && !source.startsWith(path.join(CORE_PACKAGE, 'test')) });
  const { config } = options;
  const modules: RegistryEntry[] = [
    { id: 'core', package: '@rustok/module-core', version: '0.1.0', source: 'workspace:modules/core', integrity: await computePackageIntegrity(target), enabled: true, ...(config === undefined ? {} : { config }) },
  ];
  for (const use of options.modules ?? []) {
    const { fixture, config: fixtureConfig } = typeof use === 'string' ? { fixture: use, config: undefined } : use;
    const fixtureTarget = path.join(root, 'modules', fixture);
    await fs.cp(path.join(FIXTURES, fixture), fixtureTarget, { recursive: true });
    const pkg = JSON.parse(await fs.readFile(path.join(fixtureTarget, 'package.json'), 'utf8')) as { name: string; version: string; rustok: { id: string } };
    modules.push({ id: pkg.rustok.id, package: pkg.name, version: pkg.version, source: `workspace:modules/${fixture}`, integrity: await computePackageIntegrity(fixtureTarget), enabled: true, ...(fixtureConfig === undefined ? {} : { config: fixtureConfig }) });
  }
  await writeRegistryFile(path.join(root, 'registry.json'), { modules });
  return root;
}

/** A throw-away project with core (plus `modules`) pinned, gated, migrated and served on a fresh database. */
export async function bootCore(t: TeardownHost, config?: Record<string, unknown>, options: { modules?: CoreProjectOptions['modules']; env?: NodeJS.ProcessEnv } = {}): Promise<CoreTestKernel> {
  const root = await coreProject(t, { config, modules: options.modules });
  const kernel = await bootForTest(t, { projectRoot: root, env: { RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN, ...options.env } });
  const request = async <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}, from?: { ip: string }) => {
    const response = await kernel.running.app.inject({ method: 'POST', url: '/graphql', headers: { host: 'platform.test', ...headers }, payload: { query, variables }, ...(from === undefined ? {} : { remoteAddress: from.ip }) });
    return response.json() as GraphQLResponse<T>;
  };
  return {
    ...kernel,
    request,
    async createTenant(slug, owner) {
      const host = `${slug}.test`;
      const created = await request<{ createTenant: { id: string } }>(
        'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }',
        { input: { slug, name: slug, domains: [host], owner } },
        { authorization: `Bearer ${OPERATOR_TOKEN}` },
      );
      if (created.data?.createTenant == null) throw new Error(`createTenant failed: ${JSON.stringify(created.errors)}`);
      return { id: created.data.createTenant.id, host };
    },
    async login(host, email, password) {
      const result = await request<{ login: { token: string } | null }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password }, { host });
      if (result.data?.login == null) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.token;
    },
    async createUser(host, token, user) {
      const roles = await request<{ roles: { edges: Array<{ node: { id: string; name: string } }> } }>('{ roles(first: 100) { edges { node { id name } } } }', {}, as(host, token));
      const roleIds = (user.roles ?? []).map((name) => {
        const role = roles.data?.roles.edges.find((edge) => edge.node.name === name);
        if (role === undefined) throw new Error(`no role "${name}" on ${host}: ${JSON.stringify(roles.errors ?? roles.data)}`);
        return role.node.id;
      });
      const created = await request<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email: user.email, password: user.password, roleIds } }, as(host, token));
      if (created.data?.createUser == null) throw new Error(`createUser failed: ${JSON.stringify(created.errors)}`);
      return created.data.createUser.id;
    },
    async sql<T>(text: string, bind: unknown[] = []) {
      return (await kernel.kernel.database.owner.query(text, { bind, type: QueryTypes.SELECT })) as unknown as T[];
    },
  };
}

export function codes(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((error) => String(error.extensions?.code));
}

/** `code/reason` of every error: how credential refusals (UNAUTHENTICATED with `extensions.reason`) read in assertions. */
export function reasons(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((error) => `${String(error.extensions?.code)}/${String(error.extensions?.reason)}`);
}
