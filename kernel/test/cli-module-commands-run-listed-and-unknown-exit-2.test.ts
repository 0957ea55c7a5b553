import t from 'tap';
import { createTestDatabase } from '../src/testing';
import { runCli } from './helpers/cli';
import { connectDb } from './helpers/event-delivery';
import { fixtureProject } from './helpers/fixture-project';
import { ALPHA, BETA } from './helpers/tenancy';

t.test('`rustok <module command>` runs it in the tenant it names; `rustok commands` lists it; an unknown command exits 2', async (t) => {
  const project = await fixtureProject(t, ['t-access', 't-notes']);
  const databaseUrl = await createTestDatabase(t);
  const cli = (...args: string[]) => runCli([...args, '--project', project.root], { env: { DATABASE_URL: databaseUrl } });

  const listed = await cli('commands');
  t.equal(listed.code, 0, listed.stderr);
  t.match(listed.stdout, /^\s+t-notes count\s+Prints how many notes a tenant has \(module t-notes\)$/m, 'lists the command, its summary and module');

  const unmigrated = await cli('t-notes', 'count', '--tenant', ALPHA);
  t.equal(unmigrated.code, 1, 'refused on a database with pending migrations');
  t.match(unmigrated.stderr, /RTK_MIGRATIONS_PENDING/);
  t.equal((await cli('migrate')).code, 0);

  // Written as the superuser the tests connect as, which row-level security does not bind.
  const db = await connectDb(t, databaseUrl);
  await db.query("INSERT INTO t_notes.notes (id, tenant_id, text) VALUES (gen_random_uuid(), $1, 'a1'), (gen_random_uuid(), $1, 'a2'), (gen_random_uuid(), $2, 'b1')", [ALPHA, BETA]);

  const alpha = await cli('t-notes', 'count', '--tenant', ALPHA);
  t.equal(alpha.code, 0, alpha.stderr);
  t.equal(alpha.stdout, `2 notes in tenant ${ALPHA}\n`, "prints alpha's count only");
  const beta = await cli('t-notes', 'count', `--tenant=${BETA}`);
  t.equal(beta.code, 0, beta.stderr);
  t.equal(beta.stdout, `1 notes in tenant ${BETA}\n`, "prints beta's count only");

  const help = await cli('t-notes', 'count', '--help');
  t.equal(help.code, 0);
  t.equal(help.stdout, 'Usage: rustok t-notes count --tenant <tenant uuid>\n', "--help prints the command's usage");

  const unknownWord = await cli('t-notes', 'frobnicate');
  t.equal(unknownWord.code, 2, 'an unknown command is a usage error');
  t.match(unknownWord.stderr, /RTK_CLI_USAGE/);
  t.match(unknownWord.stderr, /Unknown command "t-notes frobnicate"\. Module commands: t-notes count\./, 'naming the commands there are');
  const unknown = await cli('frobnicate');
  t.equal(unknown.code, 2);
});
