/**
 * Boot benchmark: how long the contract gate takes for 3, 30 and 100 modules,
 * against a baseline that only reads what the gate must read (registry,
 * package.json files) and hashes the module files.
 *
 *   npm run bench:boot
 *
 * Each fixture module requires the previous one (module and service),
 * consumes its event, provides a service, emits an event with a schema file,
 * owns a GraphQL type and extends Query with a field. Modules are pinned with
 * real integrity, so the gate does all of its work, hashing included.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RegistryEntry } from '@rustok/contracts';
import { Database } from '../kernel/src/db/database';
import { EventBus } from '../kernel/src/events/event-bus';
import { runGate } from '../kernel/src/gate/gate';
import { createLogger } from '../kernel/src/log';
import { computePackageIntegrity } from '../kernel/src/registry/integrity';
import { writeRegistryFile } from '../kernel/src/registry/registry-file';

const REPO_ROOT = path.resolve(__dirname, '..');
const SIZES = [3, 30, 100] as const;
/** Measured runs per size (after one warm-up run). */
const RUNS: Record<(typeof SIZES)[number], number> = { 3: 21, 30: 31, 100: 11 };
const TARGET_MS_30 = 200;
const log = createLogger({ level: 'silent' });

const idOf = (i: number) => `m${String(i).padStart(3, '0')}`;
const pascalOf = (i: number) => `M${String(i).padStart(3, '0')}`;

function moduleFiles(i: number): Record<string, string> {
  const id = idOf(i);
  const previous = i > 0 ? idOf(i - 1) : null;
  const type = `${pascalOf(i)}Thing`;
  const field = `${id}Thing`;
  const event = `${id}.thing.created@1`;
  const manifest = {
    name: `bench-module-${id}`,
    version: '1.0.0',
    private: true,
    rustok: {
      id,
      kernel: '^0.1.0',
      ...(previous ? { requires: { modules: { [previous]: '^1.0.0' }, services: [`${previous}.greeter@1`] } } : {}),
      provides: { services: [`${id}.greeter@1`] },
      events: { emits: { [event]: 'events/thing-created.v1.schema.json' }, ...(previous ? { consumes: [`${previous}.thing.created@1`] } : {}) },
      permissions: [`${id}.thing.read`],
      graphql: { owns: [type], extends: { Query: [field] }, access: { [`Query.${field}`]: 'public' } },
    },
  };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' } },
  };
  const entry = `import { defineModule, serviceRef } from '@rustok/contracts';

interface Greeter {
  greet(name: string): string;
}

export default defineModule({
  register(ctx) {
    ${previous ? `const previous = ctx.services.get(serviceRef<Greeter>('${previous}.greeter@1'));\n    ctx.events.on('${previous}.thing.created@1', () => undefined);` : 'const previous: Greeter = { greet: (name) => name };'}
    ctx.services.provide(serviceRef<Greeter>('${id}.greeter@1'), { greet: (name: string) => \`${id}: \${previous.greet(name)}\` });
    ctx.graphql.extend({
      typeDefs: 'type ${type} { id: ID! name: String! } extend type Query { ${field}: ${type}! }',
      resolvers: {
        Query: {
          ${field}: async () => {
            const thing = { id: '${id}', name: previous.greet('${id}') };
            await ctx.events.emit('${event}', thing, { transaction: null });
            return thing;
          },
        },
      },
    });
  },
});
`;
  return { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, 'events/thing-created.v1.schema.json': `${JSON.stringify(schema, null, 2)}\n`, 'src/index.ts': entry };
}

/** A throw-away project with `count` pinned modules; node_modules links to the repo's so @rustok/contracts resolves. */
async function makeProject(count: number): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `rustok-bench-${count}-`));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const entries: RegistryEntry[] = [];
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, 'modules', idOf(i));
    for (const [relative, content] of Object.entries(moduleFiles(i))) {
      await fs.mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
      await fs.writeFile(path.join(dir, relative), content);
    }
    entries.push({ id: idOf(i), package: `bench-module-${idOf(i)}`, version: '1.0.0', source: `workspace:modules/${idOf(i)}`, integrity: await computePackageIntegrity(dir), enabled: true });
  }
  await writeRegistryFile(path.join(root, 'registry.json'), { modules: entries });
  return root;
}

/** The least any boot must do: read the registry and each package.json, and hash each module's files. */
async function baseline(root: string): Promise<void> {
  const registry = JSON.parse(await fs.readFile(path.join(root, 'registry.json'), 'utf8')) as { modules: RegistryEntry[] };
  await Promise.all(
    registry.modules.map(async (entry) => {
      const dir = path.join(root, entry.source.slice('workspace:'.length));
      JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8'));
      const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile()).map((f) => path.join(f.parentPath, f.name)).sort();
      const hash = createHash('sha512');
      for (const file of files) hash.update(await fs.readFile(file));
      hash.digest('base64');
    }),
  );
}

async function gate(root: string): Promise<void> {
  const result = await runGate({ projectRoot: root, sequelize: new Database(log).sequelize, bus: new EventBus(new Database(log).sequelize, log), log });
  if (result.modules.length === 0) throw new Error('the gate booted no module');
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const median = (values: number[]) => quantile(values, 0.5);
/** Nearest-rank quantile. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
}
const fixed = (value: number) => value.toFixed(2);

async function measure(count: (typeof SIZES)[number]): Promise<{ gate: number[]; baseline: number[] }> {
  const gateTimes: number[] = [];
  const baselineTimes: number[] = [];
  // Every run, the warm-up included, gets a fresh project dir, as a real boot in a new process
  // finds nothing of it in the require cache. (The gate itself also drops a module's files from
  // require.cache before loading its entry; fresh dirs keep the measurement independent of that.)
  // The files are in the OS page cache for both the gate and the baseline, having just been written.
  for (let run = 0; run <= RUNS[count]; run++) {
    const root = await makeProject(count);
    try {
      const baselineMs = await timed(() => baseline(root));
      const gateMs = await timed(() => gate(root));
      if (run > 0) {
        baselineTimes.push(baselineMs);
        gateTimes.push(gateMs);
      }
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  }
  return { gate: gateTimes, baseline: baselineTimes };
}

async function main(): Promise<void> {
  const results = new Map<number, { gate: number[]; baseline: number[] }>();
  for (const count of SIZES) {
    const result = await measure(count);
    results.set(count, result);
    const gateMs = median(result.gate);
    const baselineMs = median(result.baseline);
    console.log(
      `${String(count).padStart(3)} modules: gate ${fixed(gateMs)} ms (${fixed(gateMs / count)} ms/module, p99 ${fixed(quantile(result.gate, 0.99))} ms, ${result.gate.length} runs) | baseline ${fixed(baselineMs)} ms | ratio ${fixed(gateMs / baselineMs)}`,
    );
  }
  const r30 = results.get(30) as { gate: number[]; baseline: number[] };
  const ms30 = median(r30.gate);
  const baseline30 = median(r30.baseline);
  const ms100 = median((results.get(100) as { gate: number[] }).gate);
  const met = ms30 < TARGET_MS_30;
  console.log(`target: 30 modules gated in under ${TARGET_MS_30} ms: ${met ? 'met' : 'NOT met'} (${fixed(ms30)} ms)`);
  console.log(
    `RESULT name=boot ratio=${fixed(ms30 / baseline30)} rps=${fixed(1000 / ms30)} p99_ms=${fixed(quantile(r30.gate, 0.99))} baseline_rps=${fixed(1000 / baseline30)} ms_per_module_30=${fixed(ms30 / 30)} ms_30=${fixed(ms30)} ms_100=${fixed(ms100)} target_met=${met}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
