import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

test("workspace declares node >= 20 and the two packages", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  assert.equal(pkg.engines.node, ">=20");
  assert.deepEqual(pkg.workspaces, ["packages/element", "packages/cli"]);
});
