/**
 * The throw-away project of the durable-events benchmark (bench/events.bench.ts)
 * and its profiler (bench/events-profile.ts): two pinned modules, an emitter
 * driven through a global hook and a consumer whose handler writes one row per event.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RegistryEntry } from '@rustok/contracts';
import { computePackageIntegrity } from '../kernel/src/registry/integrity';
import { writeRegistryFile } from '../kernel/src/registry/registry-file';

const REPO_ROOT = path.resolve(__dirname, '..');

export const EVENT = 'bench-emitter.tick.emitted@1';
export const HOOK = Symbol.for('rustok.bench.events');
export interface Hook {
  emit?: (run: string, seq: number) => Promise<void>;
}

// ---------------------------------------------------------------- project

function emitterFiles(): Record<string, string> {
  const manifest = { name: 'bench-events-emitter', version: '1.0.0', private: true, rustok: { id: 'bench-emitter', kernel: '^0.1.0', events: { emits: { [EVENT]: 'events/tick-emitted.v1.schema.json' } } } };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['run', 'seq'],
    properties: { run: { type: 'string' }, seq: { type: 'integer' } },
  };
  // The bench reaches the module through a global hook it sets before boot; in
  // the dispatching processes the hook is absent and the module only declares its event.
  const entry = `import { defineModule } from '@rustok/contracts';

interface Hook {
  emit?: (run: string, seq: number) => Promise<void>;
}

export default defineModule({
  register(ctx) {
    const hook = (globalThis as Record<symbol, Hook | undefined>)[Symbol.for('rustok.bench.events')];
    if (hook === undefined) return;
    // One transaction per event, as a write that emits it would have.
    hook.emit = (run, seq) => ctx.models.transaction((transaction) => ctx.events.emit('${EVENT}', { run, seq }, { transaction }));
  },
});
`;
  return { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, 'events/tick-emitted.v1.schema.json': `${JSON.stringify(schema, null, 2)}\n`, 'src/index.ts': entry };
}

function consumerFiles(): Record<string, string> {
  const manifest = {
    name: 'bench-events-consumer',
    version: '1.0.0',
    private: true,
    rustok: { id: 'bench-consumer', kernel: '^0.1.0', requires: { modules: { 'bench-emitter': '^1.0.0' } }, events: { consumes: [EVENT] } },
  };
  // No primary key constraint in the table: a duplicate delivery must show up as a counted duplicate, not as a stuck retry.
  const entry = `import { defineModule } from '@rustok/contracts';

export default defineModule({
  register(ctx) {
    const { types } = ctx.models;
    const Received = ctx.models.define(
      'BenchReceived',
      {
        eventId: { type: types.UUID, primaryKey: true },
        run: { type: types.TEXT, allowNull: false },
        seq: { type: types.INTEGER, allowNull: false },
        delayMs: { type: types.DOUBLE, allowNull: false },
        attempt: { type: types.INTEGER, allowNull: false },
      },
      { tableName: 'received', timestamps: false },
    );
    ctx.migrations.add({
      name: '0001-create-received',
      up: 'CREATE TABLE received (event_id uuid NOT NULL, run text NOT NULL, seq integer NOT NULL, delay_ms double precision NOT NULL, attempt integer NOT NULL); CREATE INDEX received_run_seq ON received (run, seq)',
      down: 'DROP TABLE received',
    });
    ctx.events.on('${EVENT}', async (payload, meta, { transaction }) => {
      const delayMs = Date.now() - Date.parse(meta.emittedAt);
      const { run, seq } = payload as { run: string; seq: number };
      await Received.create({ eventId: meta.id, run, seq, delayMs, attempt: meta.attempt }, { transaction });
    });
  },
});
`;
  return { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, 'src/index.ts': entry };
}

/** A throw-away project with the two modules, pinned with real integrity; node_modules links to the repo's. */
export async function makeProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rustok-bench-events-'));
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const entries: RegistryEntry[] = [];
  for (const [id, files] of [
    ['bench-emitter', emitterFiles()],
    ['bench-consumer', consumerFiles()],
  ] as const) {
    const dir = path.join(root, 'modules', id);
    for (const [relative, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
      await fs.writeFile(path.join(dir, relative), content);
    }
    const pkg = JSON.parse(files['package.json']) as { name: string; version: string };
    entries.push({ id, package: pkg.name, version: pkg.version, source: `workspace:modules/${id}`, integrity: await computePackageIntegrity(dir), enabled: true });
  }
  await writeRegistryFile(path.join(root, 'registry.json'), { modules: entries });
  return root;
}
