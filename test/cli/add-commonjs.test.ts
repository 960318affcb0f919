// Add mode with JavaScript in CommonJS apps (no "type": "module" in package.json): the generated files are ES modules,
// so the CLI also writes `<coreDir>/package.json` saying `"type": "module"` and prints a snippet that loads them with
// `await import()` from a CommonJS entry file. The proof is a CommonJS Express app built from what the CLI printed,
// run with node. ES-module apps and TypeScript apps keep the static-import instructions and get no marker.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { MODULE_MARKER } from "../../packages/cli/src/templates.js";
import {
  ANSWER_FLAGS,
  addModeInstructions,
  availableFrameworks,
  expectedValues,
  freshDir,
  runCli,
  snapshot,
} from "./helpers.js";

const hasExpress = availableFrameworks().includes("express");
const MARKER = "src/session-migration/package.json";
const STATIC_IMPORT = 'import { readMigrationConfig } from "./session-migration/config.js";';
const DYNAMIC_IMPORT = 'await import("./session-migration/config.js")';

/** An existing Express app with its entry file at src/server.js. */
function makeApp(
  name: string,
  options: { type?: "module" | "commonjs"; entry?: string; typescript?: boolean } = {},
) {
  const dir = freshDir(name);
  const entry = options.entry ?? "src/server.js";
  const pkg = {
    name: "legacy-api",
    private: true,
    ...(options.type ? { type: options.type } : {}),
    scripts: { start: `node ${entry}` },
    // No supertokens-node: the instructions start with supertokens.init (step 0), which the CommonJS app runs too.
    dependencies: { express: "^5.0.0" },
  };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  if (options.typescript) writeFileSync(path.join(dir, "tsconfig.json"), "{}\n");
  mkdirSync(path.join(dir, path.dirname(entry)), { recursive: true });
  const esm =
    options.typescript || (options.type === "module" ? !entry.endsWith(".cjs") : entry.endsWith(".mjs"));
  writeFileSync(
    path.join(dir, entry),
    esm
      ? 'import express from "express";\nexport const app = express();\n'
      : 'const express = require("express");\nmodule.exports = express();\n',
  );
  return dir;
}

/** The lines of step `n` of the printed instructions, without its leading "n. " line. */
function step(stdout: string, n: number): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${n}. `));
  assert.ok(start >= 0, `step ${n} printed:\n${stdout}`);
  const end = lines.findIndex((line, i) => i > start && /^\d+\. /.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The code lines of a step: from the first line matching `first` through the first line matching `last` after it. */
function code(lines: string[], first: RegExp, last: RegExp): string[] {
  const start = lines.findIndex((line) => first.test(line));
  assert.ok(start >= 0, `${first} in:\n${lines.join("\n")}`);
  const end = lines.findIndex((line, i) => i > start && last.test(line));
  assert.ok(end > start, `${last} after ${first}`);
  return lines.slice(start, end + 1).map((line) => line.replace(/^ {3}/, ""));
}

const nodeAtLeast = (major: number, minor: number) => {
  const [a = 0, b = 0] = process.versions.node.split(".").map(Number);
  return a > major || (a === major && b >= minor);
};

describe("add mode in a CommonJS JavaScript app", { skip: !hasExpress && "express not built" }, () => {
  test("writes the module marker, prints import() instructions, and the app built from them runs", async () => {
    const dir = makeApp("add-cjs-express");
    const before = snapshot(dir);
    const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);

    // The marker is written with the other files, and nothing of the app's changes.
    assert.equal(readFileSync(path.join(dir, MARKER), "utf8"), MODULE_MARKER);
    assert.deepEqual(JSON.parse(MODULE_MARKER), { type: "module" });
    assert.match(result.stdout, new RegExp(`\\+ create +${MARKER.replaceAll(".", "\\.")}\\n`));
    assert.match(result.stdout, /modules +CommonJS app \(detected: no "type": "module" in package\.json\)/);
    const after = snapshot(dir);
    for (const [file, contents] of before) assert.equal(after.get(file), contents, file);

    // The renderer's CommonJS instructions, said once: import() in an async function, require() on Node >= 20.19.
    const values = expectedValues("legacy-api", "express");
    const layout = { coreDir: "src/session-migration", entry: "src/server.js" };
    const expected = addModeInstructions({
      framework: "express",
      language: "js",
      values,
      layout,
      commonJs: true,
    });
    for (const line of expected.split("\n").filter((l) => !/^\s*npm install /.test(l)))
      assert.ok(result.stdout.includes(line), line);
    assert.ok(result.stdout.includes(DYNAMIC_IMPORT));
    assert.ok(!result.stdout.includes(STATIC_IMPORT), "no static import for a CommonJS file");
    assert.match(result.stdout, /`require\(\)` works too/);
    assert.match(result.stdout, /Node\s+20\.19 or later/);

    // The entry file, written from the printed snippet: every line of it, plus a listen and one request where the
    // snippet says "your routes … and app.listen(…)".
    const snippet = code(step(result.stdout, 2), /^ {3}async function main\(\) \{$/, /^ {3}\}\);$/);
    const rest = snippet.findIndex((line) => /app\.listen/.test(line));
    assert.ok(rest > 0, "the snippet says where the app listens");
    const init = code(step(result.stdout, 0), /^ {3}const supertokens = require\(/, /^ {3}\}\);$/);
    assert.match(init.join("\n"), /^const Session = require\("supertokens-node\/recipe\/session"\);$/m);
    const entry = [
      'const express = require("express");',
      ...init,
      "",
      ...snippet.slice(0, rest),
      '  const server = app.listen(0, "127.0.0.1");',
      '  await new Promise((resolve) => server.once("listening", resolve));',
      `  const response = await fetch(\`http://127.0.0.1:\${server.address().port}${values.route}\`, {`,
      '    method: "POST",',
      `    headers: { "content-type": "text/plain", origin: ${JSON.stringify(values.websiteDomain)} },`,
      '    body: "{}",',
      "  });",
      '  console.log("answer", response.status, JSON.stringify(await response.json()));',
      "  server.close();",
      ...snippet.slice(rest + 1),
      "",
    ].join("\n");
    writeFileSync(path.join(dir, "src/server.js"), entry);

    // The environment the instructions' step 3 names, nothing else.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    for (const line of step(result.stdout, 3)) {
      const setting = /^ {3}([A-Z0-9_]+)=(\S+)$/.exec(line);
      if (setting) env[setting[1] as string] = setting[2];
    }
    assert.equal(env.AUTH0_DOMAIN, ANSWER_FLAGS[1]);

    const run = (nodeArgs: string[]) =>
      spawnSync(process.execPath, [...nodeArgs, "src/server.js"], {
        cwd: dir,
        env,
        encoding: "utf8",
        timeout: 20_000,
      });
    // As Node runs it, and as Node before 20.19 did (no module syntax detection: a `.js` file with `export` in a
    // CommonJS package is a SyntaxError there).
    const runs = [
      [],
      ...(process.allowedNodeEnvironmentFlags.has("--experimental-detect-module")
        ? [["--no-experimental-detect-module"]]
        : []),
    ];
    for (const nodeArgs of runs) {
      const started = run(nodeArgs);
      assert.equal(started.status, 0, `node ${nodeArgs.join(" ")}: ${started.stdout}${started.stderr}`);
      // The route answered (415: it only reads application/json), so the router is mounted.
      assert.match(started.stdout, /^answer 415 \{"status":"UNSUPPORTED_MEDIA_TYPE"/m);
      // No "reparsing as ES module" warning (Node 20.19+) and no SyntaxError: Node knows the files are ES modules.
      assert.doesNotMatch(started.stderr, /MODULE_TYPELESS_PACKAGE_JSON|Reparsing|Error/, nodeArgs.join(" "));
    }

    // require() of the generated modules, where Node has it (20.19 and later).
    if (nodeAtLeast(20, 19)) {
      const required = spawnSync(
        process.execPath,
        ["-e", 'console.log(typeof require("./src/session-migration/express.js").sessionMigrationRouter)'],
        { cwd: dir, env, encoding: "utf8" },
      );
      assert.equal(`${required.stdout}${required.stderr}`, "function\n");
    }
  });

  test("a second run finds the marker unchanged; a different package.json there needs --force", async () => {
    const dir = makeApp("add-cjs-rerun", { type: "commonjs" });
    assert.equal((await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir })).code, 0);
    const again = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`= unchanged +${MARKER.replaceAll(".", "\\.")}\\n`));

    const theirs = '{ "name": "their-own", "type": "module" }\n';
    writeFileSync(path.join(dir, MARKER), theirs);
    const before = snapshot(dir);
    const refused = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`exist and differ[\\s\\S]*${MARKER.replaceAll(".", "\\.")}`));
    assert.deepEqual(snapshot(dir), before, "nothing written");
    const forced = await runCli(["--yes", "--force", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(path.join(dir, MARKER), "utf8"), MODULE_MARKER);
  });

  test("a .mjs entry in a CommonJS package gets the marker and static imports", async () => {
    const dir = makeApp("add-cjs-mjs-entry", { entry: "src/server.mjs" });
    const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(path.join(dir, MARKER), "utf8"), MODULE_MARKER);
    assert.ok(result.stdout.includes(STATIC_IMPORT));
    assert.ok(!result.stdout.includes(DYNAMIC_IMPORT));
  });

  test("a .cjs entry in an ES-module package gets import() instructions and no marker", async () => {
    const dir = makeApp("add-cjs-cjs-entry", { type: "module", entry: "src/server.cjs" });
    const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!existsSync(path.join(dir, MARKER)));
    assert.ok(result.stdout.includes(DYNAMIC_IMPORT));
    assert.ok(!result.stdout.includes(STATIC_IMPORT));
  });
});

describe("add mode without CommonJS", { skip: !hasExpress && "express not built" }, () => {
  for (const kind of ["ES-module JavaScript", "TypeScript"] as const) {
    test(`${kind} app: no marker, the static-import instructions`, async () => {
      const typescript = kind === "TypeScript";
      // The TypeScript app has no "type" either: TypeScript add mode does not change with it.
      const dir = makeApp(`add-no-cjs-${typescript ? "ts" : "esm"}`, {
        type: typescript ? undefined : "module",
        entry: typescript ? "src/server.ts" : "src/server.js",
        typescript,
      });
      const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.ok(!existsSync(path.join(dir, MARKER)), "no marker");
      assert.ok(!result.stdout.includes("session-migration/package.json"), "no marker named");
      assert.doesNotMatch(result.stdout, /CommonJS/);
      if (typescript) assert.doesNotMatch(result.stdout, /modules +/);
      else assert.match(result.stdout, /modules +ES modules \(detected: "type": "module" in package\.json\)/);
      const language = typescript ? "ts" : "js";
      const values = expectedValues("legacy-api", "express");
      const layout = { coreDir: "src/session-migration", entry: `src/server.${language}` };
      const expected = addModeInstructions({ framework: "express", language, values, layout });
      // The same text as without the CommonJS option (the ESM variant is what every ES-module app always got).
      assert.equal(
        addModeInstructions({ framework: "express", language, values, layout, commonJs: false }),
        expected,
      );
      for (const line of expected.split("\n").filter((l) => !/^\s*npm install /.test(l)))
        assert.ok(result.stdout.includes(line), line);
      assert.ok(result.stdout.includes(STATIC_IMPORT));
      assert.ok(!result.stdout.includes("await import("));
      assert.match(result.stdout, /^ {3}import supertokens from "supertokens-node";$/m);
    });
  }
});
