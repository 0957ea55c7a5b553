import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computePackageIntegrity, writeRegistryFile } from '@rustok/kernel';
import { bootForTest, type GraphQLResponse, type TeardownHost, type TestKernel } from '@rustok/kernel/src/testing';

const CORE_PACKAGE = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(CORE_PACKAGE, '..', '..');
export const OPERATOR_TOKEN = 'operator-token-for-core-tests-0123456789';

export interface CoreTestKernel extends TestKernel {
  /** A GraphQL request with headers (Host, X-Tenant, Authorization). */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Creates a tenant served at `<slug>.test` with an owner, as the operator. */
  createTenant(slug: string, owner: { email: string; password: string }): Promise<{ id: string; host: string }>;
  /** Logs in and returns the session token. */
  login(host: string, email: string, password: string): Promise<string>;
}

/** A throw-away project with only core pinned, gated, migrated and served on a fresh database. */
export async function bootCore(t: TeardownHost, config?: Record<string, unknown>): Promise<CoreTestKernel> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-core-test-'));
  t.teardown(() => fs.rm(root, { recursive: true, force: true }));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const target = path.join(root, 'modules', 'core');
  await fs.cp(CORE_PACKAGE, target, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) && !source.startsWith(path.join(CORE_PACKAGE, 'test')) });
  await writeRegistryFile(path.join(root, 'registry.json'), {
    modules: [{ id: 'core', package: '@rustok/module-core', version: '0.1.0', source: 'workspace:modules/core', integrity: await computePackageIntegrity(target), enabled: true, ...(config === undefined ? {} : { config }) }],
  });
  const kernel = await bootForTest(t, { projectRoot: root, env: { RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN } });
  const request = async <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await kernel.running.app.inject({ method: 'POST', url: '/graphql', headers: { host: 'platform.test', ...headers }, payload: { query, variables } });
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
  };
}

export function codes(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((error) => String(error.extensions?.code));
}
