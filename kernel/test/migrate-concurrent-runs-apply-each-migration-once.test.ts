import t from 'tap';
import { Client } from 'pg';
import { createTestDatabase } from '../src/testing';
import { runCli } from './helpers/cli';
import { fixtureProject } from './helpers/fixture-project';

t.test('three concurrent `rustok migrate` runs apply each migration exactly once', async (t) => {
  const project = await fixtureProject(t, ['k-ledger']);
  const databaseUrl = await createTestDatabase(t);
  const runs = await Promise.all([1, 2, 3].map(() => runCli(['migrate', '--project', project.root], { env: { DATABASE_URL: databaseUrl } })));

  t.same(runs.map((run) => run.code), [0, 0, 0], runs.map((r) => r.stderr).join('\n'));
  const appliedLines = runs.flatMap((run) => run.stdout.split('\n').filter((line) => /^\s+\S+\/\S+$/.test(line)));
  t.same(appliedLines.map((l) => l.trim()).sort(), ['k-ledger/0001-create-entries', 'k-ledger/0002-seed-entries', 'rustok/0001-event-outbox', 'rustok/0002-split-due-delivery-indexes', 'rustok/0003-tenant-setting', 'rustok/0004-scheduled-delivery', 'rustok/0005-tenant-policy-once-per-statement'], 'each migration reported applied by exactly one run');

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  t.teardown(() => client.end());
  const ledger = await client.query('SELECT module, name, checksum FROM rustok.migrations ORDER BY id');
  t.same(ledger.rows.map((r) => `${r.module}/${r.name}`), ['rustok/0001-event-outbox', 'rustok/0002-split-due-delivery-indexes', 'rustok/0003-tenant-setting', 'rustok/0004-scheduled-delivery', 'rustok/0005-tenant-policy-once-per-statement', 'k-ledger/0001-create-entries', 'k-ledger/0002-seed-entries'], 'the kernel schema first, then modules');
  t.ok(ledger.rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum)), 'each ledger row records a sha256 checksum');
  const seeded = await client.query('SELECT label FROM k_ledger.entries');
  t.same(seeded.rows, [{ label: 'first' }], 'the seed ran once, in the module schema');
});
