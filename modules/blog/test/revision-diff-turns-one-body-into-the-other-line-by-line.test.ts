import fc from 'fast-check';
import t from 'tap';
import { diffLines } from '../src/content/diff';

const apply = (lines: ReturnType<typeof diffLines>, side: 'before' | 'after') => lines.filter((l) => l.op !== (side === 'before' ? 'insert' : 'delete')).map((l) => l.text).join('\n');

t.test('a changed line shows as deleted then inserted, the rest as equal', async (t) => {
  t.same(diffLines('a\nb\nc', 'a\nx\nc'), [
    { op: 'equal', text: 'a' },
    { op: 'delete', text: 'b' },
    { op: 'insert', text: 'x' },
    { op: 'equal', text: 'c' },
  ]);
  t.same(diffLines('', 'a'), [{ op: 'insert', text: 'a' }]);
  t.same(diffLines('a', ''), [{ op: 'delete', text: 'a' }]);
});

t.test('the diff is minimal and reproduces both texts (property)', async (t) => {
  const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 }).map((lines) => lines.join('\n'));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const diff = diffLines(before, after);
      return apply(diff, 'before') === before && apply(diff, 'after') === after;
    }),
    { numRuns: 3000 },
  );
  t.pass('no counterexample');
});

t.test('a long text with a few edits diffs quickly; one changed beyond the edit budget is replaced whole', async (t) => {
  const long = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
  const started = Date.now();
  const diff = diffLines(long, long.replace('line 500\n', 'changed\n'));
  t.equal(diff.filter((l) => l.op !== 'equal').length, 2);
  const other = Array.from({ length: 20_000 }, (_, i) => `other ${i}`).join('\n');
  const replaced = diffLines(long, other, 100);
  t.equal(replaced.filter((l) => l.op === 'delete').length, 20_000);
  t.equal(replaced.filter((l) => l.op === 'insert').length, 20_000);
  t.ok(Date.now() - started < 2000, 'bounded time');
});
