import fc from 'fast-check';
import { Client } from 'pg';
import t from 'tap';
import { testServerUrl } from '@rustok/kernel/src/testing';
import { literal, sql } from '../src/repositories/sql';

/**
 * The read path inlines values into SQL (one simple-protocol message per
 * read). Whatever text a shopper types must arrive as that text — never as
 * SQL — with standard_conforming_strings on or off.
 */
t.test('inlined literals read back as the very value, for any text and any array', async (t) => {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  t.teardown(() => client.end());
  const echo = async (value: string | readonly string[]) => (await client.query<{ v: unknown }>(`SELECT ${literal(value)}${Array.isArray(value) ? '::text[]' : '::text'} AS v`)).rows[0]?.v;
  const text = fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !s.includes('\u0000'));
  for (const conforming of ['on', 'off']) {
    await client.query(`SET standard_conforming_strings = ${conforming}`);
    await fc.assert(fc.asyncProperty(text, async (value) => (await echo(value)) === value), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(fc.array(text, { maxLength: 5 }), async (values) => JSON.stringify(await echo(values)) === JSON.stringify(values)), { numRuns: 60 });
    for (const nasty of ["'); DROP TABLE x; --", "\\'", "E'\\\\'", '$$', '\\', "''"]) t.equal(await echo(nasty), nasty, `${JSON.stringify(nasty)} with standard_conforming_strings ${conforming}`);
  }
  t.equal(sql`a = ${"it's"} AND b = ${7} AND c = ${null} AND d = ${true} AND e = ${9007199254740993n}`, "a = 'it''s' AND b = 7 AND c = NULL AND d = TRUE AND e = 9007199254740993");
  t.throws(() => literal('a\u0000b'), /NUL/, 'NUL cannot be stored in text and is refused');
  t.throws(() => literal(Number.NaN), /NaN/, 'neither is NaN');
});
