import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { parseDatabaseUrl } from '../src/db/database';
import { ENVIRONMENT_VARIABLES, loadSettings } from '../src/settings';
import { REPO_ROOT } from './helpers/fixture-project';

// Docker cannot run where the tests run, so this reads the files Docker would read and checks that
// they give the app what loadSettings() needs.

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  volumes?: Array<string | { target?: string }>;
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };
const services = Object.entries(compose.services);

/** Compose's `${VAR:-default}` and `${VAR-default}`, resolved as on a host where VAR is unset. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? '');
}

function environmentOf(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  const pairs = Array.isArray(raw) ? raw.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const) : Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)] as const);
  return Object.fromEntries(pairs.map(([key, value]) => [key, interpolate(value)]));
}

const postgres = services.find(([, service]) => /^postgres:16(?:$|[.-])/.test(service.image ?? ''));
const app = services.find(([, service]) => service.build !== undefined);

t.test('a PostgreSQL 16 service with a healthcheck and a data volume', async (t) => {
  t.ok(postgres, `a service uses image postgres:16 (images: ${services.map(([, s]) => s.image).join(', ')})`);
  if (!postgres) return;
  const [, service] = postgres;
  t.ok(service.healthcheck?.test, 'postgres has a healthcheck');
  const dataVolume = (service.volumes ?? []).find((volume) => (typeof volume === 'string' ? volume.split(':')[1] : volume.target) === '/var/lib/postgresql/data');
  t.ok(dataVolume, 'the data folder is a volume');
  if (typeof dataVolume === 'string') t.ok(compose.volumes && (dataVolume.split(':')[0] as string) in compose.volumes, 'the named volume is declared');
});

t.test('the app is built from the Dockerfile and waits for a healthy PostgreSQL', async (t) => {
  t.ok(app, 'a service builds the app');
  if (!app || !postgres) return;
  const [, service] = app;
  const build = typeof service.build === 'string' ? { context: service.build } : (service.build ?? {});
  const dockerfile = path.join(REPO_ROOT, build.context ?? '.', build.dockerfile ?? 'Dockerfile');
  t.equal(path.relative(REPO_ROOT, dockerfile), 'Dockerfile', 'it builds from the root Dockerfile');
  const dependsOn = service.depends_on;
  t.ok(dependsOn && !Array.isArray(dependsOn), 'depends_on names a condition');
  if (dependsOn && !Array.isArray(dependsOn)) t.equal(dependsOn[postgres[0]]?.condition, 'service_healthy');
});

t.test("the app's environment is what the kernel's settings read", async (t) => {
  if (!app || !postgres) return t.fail('no app or postgres service');
  const env = environmentOf(app[1]);
  for (const name of ['DATABASE_URL', 'HOST', 'PORT'] as const) t.ok(env[name], `${name} is set`);
  const unknown = Object.keys(env).filter((name) => !(ENVIRONMENT_VARIABLES as readonly string[]).includes(name));
  t.same(unknown, [], `every variable is one the kernel reads (${ENVIRONMENT_VARIABLES.join(', ')})`);

  const url = parseDatabaseUrl(env.DATABASE_URL as string);
  t.equal(url.hostname, postgres[0], 'DATABASE_URL points at the postgres service');
  const postgresEnv = environmentOf(postgres[1]);
  t.equal(decodeURIComponent(url.username), postgresEnv.POSTGRES_USER, 'with the user postgres creates');
  t.equal(decodeURIComponent(url.password), postgresEnv.POSTGRES_PASSWORD, 'and its password');
  t.equal(url.pathname, `/${postgresEnv.POSTGRES_DB}`, 'and its database');

  const settings = loadSettings('/app', env);
  t.equal(settings.host, '0.0.0.0', 'listens on every interface of the container');
  t.equal(settings.port, 3000);
  t.equal(settings.production, true, 'NODE_ENV=production: introspection and GraphiQL off, errors masked');
  t.equal(settings.databaseUrl, env.DATABASE_URL, 'an external database, so no embedded PostgreSQL in the container');
});

t.test('the Dockerfile uses Node 20 and installs with npm ci; .dockerignore keeps host state out', async (t) => {
  const file = path.join(REPO_ROOT, 'Dockerfile');
  t.ok(existsSync(file), 'Dockerfile exists');
  const dockerfile = readFileSync(file, 'utf8');
  t.match(dockerfile, /^FROM\s+node:20(?:[-.@\s]|$)/m, 'based on node:20');
  t.match(dockerfile, /^RUN\s+.*\bnpm ci\b/m, 'installs with npm ci');
  const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
  for (const entry of ['node_modules', '.rustok', '.git']) t.ok(ignored.includes(entry), `.dockerignore lists ${entry}`);
});
