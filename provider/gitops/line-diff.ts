// A unified line diff of two texts (a system prompt before and after), the way `diff -u` prints its hunks:
// common lines trimmed from both ends, a longest-common-subsequence match of the rest, and three lines of
// context around each change. Depends on nothing.

/** The size of the match table above which the middle is shown as all removed, then all added. */
const MAX_CELLS = 4_000_000;

type Edit = { op: " " | "-" | "+"; line: string };

function lines(text: string): string[] {
  if (text === "") return [];
  const split = text.split("\n");
  if (split[split.length - 1] === "") split.pop();
  return split;
}

/** The edit script from `a` to `b`. */
function edits(a: string[], b: string[]): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: Edit[] = a.slice(0, start).map((line) => ({ op: " ", line }));
  const tail: Edit[] = a.slice(endA).map((line) => ({ op: " ", line }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  return [...head, ...middle(midA, midB), ...tail];
}

function middle(a: string[], b: string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) {
    return [...a.map((line): Edit => ({ op: "-", line })), ...b.map((line): Edit => ({ op: "+", line }))];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: " ", line: a[i++]! });
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) out.push({ op: "-", line: a[i++]! });
    else out.push({ op: "+", line: b[j++]! });
  }
  while (i < n) out.push({ op: "-", line: a[i++]! });
  while (j < m) out.push({ op: "+", line: b[j++]! });
  return out;
}

export interface LineDiff {
  /** The hunks, `@@ -a,b +c,d @@` headers included, one line each; empty when the texts are equal. */
  lines: string[];
  added: number;
  removed: number;
}

/** A unified diff of `before` and `after` with `context` lines around each change. */
export function lineDiff(before: string, after: string, context = 3): LineDiff {
  const script = edits(lines(before), lines(after));
  const added = script.filter((edit) => edit.op === "+").length;
  const removed = script.filter((edit) => edit.op === "-").length;
  const out: string[] = [];
  // Positions in the script of changed lines, grouped into hunks whose context would touch or overlap.
  const changed = script.flatMap((edit, index) => (edit.op === " " ? [] : [index]));
  let k = 0;
  while (k < changed.length) {
    const first = changed[k]!;
    let last = first;
    while (k + 1 < changed.length && changed[k + 1]! - last <= 2 * context + 1) last = changed[++k]!;
    k++;
    const from = Math.max(0, first - context);
    const to = Math.min(script.length, last + context + 1);
    // Line numbers (1-based) of the hunk's first line in each text.
    let oldLine = 1;
    let newLine = 1;
    for (const edit of script.slice(0, from)) {
      if (edit.op !== "+") oldLine++;
      if (edit.op !== "-") newLine++;
    }
    const hunk = script.slice(from, to);
    const oldCount = hunk.filter((edit) => edit.op !== "+").length;
    const newCount = hunk.filter((edit) => edit.op !== "-").length;
    out.push(`@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`);
    for (const edit of hunk) out.push(`${edit.op}${edit.line}`);
  }
  return { lines: out, added, removed };
}
