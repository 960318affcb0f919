// The unified diff --dry-run prints: applying its hunks to the existing text gives the generated text, for
// hand-picked and random inputs; context is limited to 3 lines; equal texts give no diff.
import assert from "node:assert/strict";
import { test } from "node:test";
import { unifiedDiff } from "../../packages/cli/src/diff.js";

/** Applies a unified diff produced by unifiedDiff to `before`, checking every context and removed line. */
function apply(before: string, diff: string): string {
  const a = before.split("\n");
  if (a[a.length - 1] === "") a.pop();
  const lines = diff.trimEnd().split("\n").slice(2);
  const out: string[] = [];
  let pos = 0; // next unread line of a (0-based)
  let i = 0;
  while (i < lines.length) {
    const header = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(lines[i]);
    assert.ok(header, `hunk header expected, got ${JSON.stringify(lines[i])}`);
    const [oldStart, oldCount, , newCount] = header.slice(1).map(Number);
    const start = oldCount === 0 ? oldStart : oldStart - 1;
    assert.ok(start >= pos, "hunks in order");
    out.push(...a.slice(pos, start));
    pos = start;
    i++;
    let seenOld = 0;
    let seenNew = 0;
    while (i < lines.length && !lines[i].startsWith("@@")) {
      const [kind, text] = [lines[i][0], lines[i].slice(1)];
      if (kind === " " || kind === "-") {
        assert.equal(a[pos], text, `line ${pos + 1} of the old text`);
        pos++;
        seenOld++;
      }
      if (kind === " " || kind === "+") {
        out.push(text);
        seenNew++;
      }
      i++;
    }
    assert.equal(seenOld, oldCount, "old count");
    assert.equal(seenNew, newCount, "new count");
  }
  out.push(...a.slice(pos));
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

const text = (...lines: string[]) => (lines.length > 0 ? `${lines.join("\n")}\n` : "");

test("equal texts give no diff", () => {
  assert.equal(unifiedDiff("a.ts", text("x", "y"), text("x", "y")), "");
});

test("one changed line in a long file shows 3 lines of context either side", () => {
  const lines = Array.from({ length: 30 }, (_, n) => `line ${n + 1}`);
  const changed = [...lines];
  changed[14] = "line 15 changed";
  const diff = unifiedDiff("a.ts", text(...lines), text(...changed));
  assert.equal(
    diff,
    [
      "--- a.ts (existing)",
      "+++ a.ts (generated)",
      "@@ -12,7 +12,7 @@",
      " line 12",
      " line 13",
      " line 14",
      "-line 15",
      "+line 15 changed",
      " line 16",
      " line 17",
      " line 18",
      "",
    ].join("\n"),
  );
});

test("changes far apart are separate hunks; close ones merge", () => {
  const lines = Array.from({ length: 40 }, (_, n) => `l${n}`);
  const far = [...lines];
  far[2] = "x";
  far[30] = "y";
  assert.equal((unifiedDiff("f", text(...lines), text(...far)).match(/^@@/gm) ?? []).length, 2);
  const near = [...lines];
  near[10] = "x";
  near[15] = "y";
  assert.equal((unifiedDiff("f", text(...lines), text(...near)).match(/^@@/gm) ?? []).length, 1);
});

test("insertions at the start, deletions at the end, empty files", () => {
  for (const [before, after] of [
    [text("a", "b"), text("new", "a", "b")],
    [text("a", "b", "c"), text("a")],
    ["", text("a", "b")],
    [text("a", "b"), ""],
  ]) {
    assert.equal(apply(before, unifiedDiff("f", before, after)), after);
  }
});

test("random edits: applying the diff to the old text gives the new text", () => {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 300; round++) {
    const before = Array.from({ length: random(25) }, () => `v${random(6)}`);
    const after = [...before];
    for (let edits = random(6); edits > 0; edits--) {
      const at = random(after.length + 1);
      const op = random(3);
      if (op === 0) after.splice(at, 0, `n${random(6)}`);
      else if (op === 1 && after.length > 0) after.splice(Math.min(at, after.length - 1), 1);
      else if (after.length > 0) after[Math.min(at, after.length - 1)] = `c${random(6)}`;
    }
    const diff = unifiedDiff("f", text(...before), text(...after));
    if (text(...before) === text(...after)) assert.equal(diff, "");
    else assert.equal(apply(text(...before), diff), text(...after), diff);
  }
});
