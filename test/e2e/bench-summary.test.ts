// The e2e benchmark's goal summary must say honestly which round-trip goals are met (bench/e2e/run.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type GoalRow, goalSummary } from "../../bench/e2e/run.js";

const row = (token: "cached" | "fresh", name: string, hops: number, floor?: string): GoalRow => ({
  token,
  goal: token === "cached" ? 2 : 3,
  name,
  hops,
  floor,
});

describe("bench/e2e goal summary", () => {
  it("counts the scenarios that meet each goal and names every one that does not, with its reason", () => {
    const lines = goalSummary([
      row("cached", "element loads both", 3, "the SDK must arrive first"),
      row("cached", "page gives both", 2),
      row("fresh", "refresh token", 3),
      row("fresh", "iframe", 4),
    ]);
    assert.deepEqual(lines, [
      "cached token, goal <= 2:",
      "  all set-ups: met in 1 of 2 scenarios (3, 2)",
      "  NOT met (3): element loads both -- the SDK must arrive first",
      "fresh token, goal <= 3:",
      "  all set-ups: met in 1 of 2 scenarios (3, 4)",
      "  NOT met (4): iframe",
    ]);
  });

  it("says MET only when every scenario meets the goal", () => {
    assert.deepEqual(goalSummary([row("cached", "a", 2), row("cached", "b", 1)]), [
      "cached token, goal <= 2:",
      "  all set-ups: MET in every scenario (2, 1)",
    ]);
  });

  it("says NOT met in any scenario when none does, and lists them all", () => {
    const lines = goalSummary([row("fresh", "a", 4), row("fresh", "b", 5)]);
    assert.equal(lines[1], "  all set-ups: NOT met in any scenario (4, 5)");
    assert.equal(lines.length, 4);
    assert.doesNotMatch(lines.join("\n"), /MET|met in \d/);
  });

  it("judges the recommended set-up on its own cases, and still lists every miss elsewhere", () => {
    const recommended = (token: "cached" | "fresh", hops: number): GoalRow => ({
      ...row(token, `recommended ${token}`, hops),
      recommended: true,
    });
    const met = goalSummary([recommended("cached", 2), row("cached", "drop-in", 3, "why")]);
    assert.deepEqual(met, [
      "cached token, goal <= 2:",
      "  recommended set-up: MET in every case (2)",
      "  all set-ups: met in 1 of 2 scenarios (2, 3)",
      "  NOT met (3): drop-in -- why",
    ]);
    const missed = goalSummary([recommended("fresh", 4), recommended("fresh", 3), row("fresh", "other", 3)]);
    assert.equal(missed[1], "  recommended set-up: met in 1 of 2 cases (4, 3)");
    assert.equal(missed[3], "  NOT met (4): recommended fresh");
  });
});
