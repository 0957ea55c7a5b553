/** One line of a line diff: unchanged, only in the newer text, or only in the older one. */
export interface DiffLine {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Beyond this many inserted plus deleted lines, a diff says "everything changed" instead of searching on. */
export const MAX_DIFF_EDITS = 2000;

/**
 * Line diff (Myers' O(ND) algorithm) after trimming the common head and
 * tail, which is where most edits leave text alone. Time and memory grow
 * with the number of edits, not the length of the texts; past `maxEdits`
 * the middle is reported as deleted and inserted whole.
 */
export function diffLines(before: string, after: string, maxEdits = MAX_DIFF_EDITS): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text): DiffLine => ({ op: 'equal', text }));
  const tail = a.slice(endA).map((text): DiffLine => ({ op: 'equal', text }));
  const oldMiddle = a.slice(start, endA);
  const newMiddle = b.slice(start, endB);
  const middle = myers(oldMiddle, newMiddle, maxEdits) ?? [...oldMiddle.map((text): DiffLine => ({ op: 'delete', text })), ...newMiddle.map((text): DiffLine => ({ op: 'insert', text }))];
  return [...head, ...middle, ...tail];
}

/** The shortest edit script from `a` to `b`, or null when it needs more than `maxEdits` edits. */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): DiffLine[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds the furthest x per diagonal k in -(d+1)..d+1 after step d: value of k at index k + d + 1.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxEdits); d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d - 1, offset + d + 2));
        return backtrack(trace, a, b);
      }
    }
    trace.push(v.slice(offset - d - 1, offset + d + 2));
  }
  return null;
}

function backtrack(trace: readonly Int32Array[], a: readonly string[], b: readonly string[]): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1] as Int32Array;
    const at = (k: number) => previous[k + d] as number;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      out.push({ op: 'equal', text: a[x - 1] as string });
      x--;
      y--;
    }
    if (x === previousX) {
      out.push({ op: 'insert', text: b[y - 1] as string });
      y--;
    } else {
      out.push({ op: 'delete', text: a[x - 1] as string });
      x--;
    }
  }
  while (x > 0 && y > 0) {
    out.push({ op: 'equal', text: a[x - 1] as string });
    x--;
    y--;
  }
  return out.reverse();
}
