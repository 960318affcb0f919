// New mode, for every framework the built templates carry x TypeScript/JavaScript: the CLI writes exactly the
// renderer's files with the given answers, and the result typechecks with the repo's tsc (generated under
// test/.tmp so packages resolve from the root node_modules).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import {
  ANSWER_FLAGS,
  availableFrameworks,
  expectedValues,
  freshDir,
  LANGUAGES,
  listFiles,
  renderTemplate,
  runCli,
  typecheck,
} from "./helpers.js";

const frameworks = availableFrameworks();

test("the built templates carry at least Express", () => {
  assert.ok(frameworks.includes("express"), `available: ${frameworks.join(", ")}`);
});

for (const framework of frameworks) {
  describe(`new ${framework}`, () => {
    for (const language of LANGUAGES) {
      test(`${language}: writes the template's files with the answers, and they typecheck`, async () => {
        const parent = freshDir(`new-${framework}-${language}`);
        const name = `${framework}-${language}-api`;
        const result = await runCli(
          [name, "--yes", "--mode", "new", "--framework", framework, "--language", language, ...ANSWER_FLAGS],
          { cwd: parent },
        );
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, "");
        const target = path.join(parent, name);
        const expected = renderTemplate({
          framework,
          language,
          mode: "new",
          values: expectedValues(name, framework),
        });
        assert.deepEqual(listFiles(target), expected.map((f) => f.path).sort());
        for (const file of expected) {
          assert.equal(readFileSync(path.join(target, file.path), "utf8"), file.contents, file.path);
        }
        assert.match(result.stdout, /Next steps:/);
        assert.match(result.stdout, new RegExp(`cd ${name}\\n`));

        assert.ok(
          expected.some((f) => f.path === "package.json"),
          "the template makes a project with a package.json",
        );
        const pkg = JSON.parse(readFileSync(path.join(target, "package.json"), "utf8"));
        assert.equal(pkg.name, name);

        if (language === "ts") {
          assert.ok(
            expected.some((f) => f.path === "tsconfig.json"),
            "a TypeScript project carries tsconfig.json",
          );
        } else {
          assert.ok(
            !expected.some((f) => /\.(ts|tsx|mts|cts)$/.test(f.path) && !f.path.endsWith(".d.ts")),
            "a JavaScript project carries no TypeScript sources",
          );
          for (const file of expected.filter((f) => /\.(js|mjs|cjs)$/.test(f.path))) {
            const check = spawnSync(process.execPath, ["--check", path.join(target, file.path)], {
              encoding: "utf8",
            });
            assert.equal(check.status, 0, `${file.path}: ${check.stderr}`);
          }
        }
        if (expected.some((f) => f.path === "tsconfig.json")) {
          const tsc = typecheck(target);
          assert.equal(tsc.code, 0, tsc.output);
        }
      });
    }
  });
}
