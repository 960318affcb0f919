// A small line-based unified diff (longest common subsequence), enough to show what `--dry-run` would change in a
// file that already exists. Generated files are a few hundred lines at most, so the quadratic table is cheap; above
// MAX_CELLS the diff falls back to a one-line notice instead of spending time and memory.

const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

// On ties, removals come before additions, as in `diff -u`.
type Op = { kind: " " | "-" | "+"; line: string };

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function diffOps(a: string[], b: string[]): Op[] {
  // Trim the common head and tail first: most edits are local.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        midA[i] === midB[j]
          ? table[(i + 1) * (m + 1) + j + 1] + 1
          : Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
    }
  }
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: " ", line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      ops.push({ kind: " ", line: midA[i] });
      i++;
      j++;
    } else if (j < m && (i === n || table[i * (m + 1) + j + 1] > table[(i + 1) * (m + 1) + j])) {
      ops.push({ kind: "+", line: midB[j] });
      j++;
    } else {
      ops.push({ kind: "-", line: midA[i] });
      i++;
    }
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: " ", line });
  return ops;
}

/** Unified diff of `before` -> `after`, labelled with `name`; "" when the texts are equal. */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS)
    return `--- ${name}\n+++ ${name}\n(files differ; too large to diff)\n`;
  const ops = diffOps(a, b);
  const out = [`--- ${name} (existing)`, `+++ ${name} (generated)`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === " ") {
      k++;
      continue;
    }
    // Grow a hunk around this change, merging changes closer than 2 * CONTEXT lines.
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    let lastChange = k;
    while (end < ops.length && end - lastChange <= 2 * CONTEXT) {
      if (ops[end].kind !== " ") lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + CONTEXT + 1);
    let oldLine = 1;
    let newLine = 1;
    for (let x = 0; x < start; x++) {
      if (ops[x].kind !== "+") oldLine++;
      if (ops[x].kind !== "-") newLine++;
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
    );
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    k = end;
  }
  return `${out.join("\n")}\n`;
}
