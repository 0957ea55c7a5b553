import { bootForTest, type GraphQLResponse, type TestKernel } from '../../src/testing';
import { fixtureProject, type FixtureUse, type TeardownHost } from './fixture-project';

/**
 * Shared by the tenancy and access tests (fixtures t-access, t-notes): the
 * tenants and tokens t-access knows, request headers, and a booted kernel.
 */

/** Tenant ids of t-access's tenants "alpha" and "beta". */
export const ALPHA = '11111111-1111-4111-8111-111111111111';
export const BETA = '22222222-2222-4222-8222-222222222222';

/** RUSTOK_ADMIN_TOKEN of kernels booted by `bootTenancy`: the platform operator. */
export const OPERATOR_TOKEN = 'operator-token-for-tenancy-tests';

/**
 * Headers of a request for tenant `slug` (none: no X-Tenant) with bearer `token`
 * (none: anonymous). t-access's tokens: alpha-reader, alpha-writer, alpha-admin, beta-writer.
 */
export function as(slug: string | null, token?: string): Record<string, string> {
  return { ...(slug === null ? {} : { 'x-tenant': slug }), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
}

/** Boots t-access and t-notes (plus `more`) with the operator token set. */
export async function bootTenancy(t: TeardownHost, options: { more?: ReadonlyArray<string | FixtureUse>; env?: NodeJS.ProcessEnv } = {}): Promise<TestKernel> {
  const project = await fixtureProject(t, ['t-access', 't-notes', ...(options.more ?? [])]);
  return bootForTest(t, { projectRoot: project.root, env: { RUSTOK_ADMIN_TOKEN: OPERATOR_TOKEN, ...options.env } });
}

/** The `extensions.code` of every error of a response, in order. */
export function errorCodes(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((error) => String(error.extensions?.code));
}

export interface NoteView {
  id: string;
  text: string;
  tenantId: string;
}

/** Creates a note through GraphQL as `headers`; throws on any error. */
export async function createNote(kernel: TestKernel, headers: Record<string, string>, text: string): Promise<NoteView> {
  const response = await kernel.graphql<{ tNoteCreate: NoteView }>('mutation ($text: String!) { tNoteCreate(text: $text) { id text tenantId } }', { text }, headers);
  if (response.errors || !response.data) throw new Error(`tNoteCreate "${text}" failed: ${JSON.stringify(response.errors)}`);
  return response.data.tNoteCreate;
}
