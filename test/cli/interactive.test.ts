// The interactive path, driven through a real pseudo-terminal (util-linux `script`): questions, defaults from
// detection, validation while typing, and Ctrl-C (exit 130, nothing written).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  addModeInstructions,
  availableFrameworks,
  expectedValues,
  freshDir,
  KEY,
  listFiles,
  plain,
  renderTemplate,
  runInteractive,
  snapshot,
} from "./helpers.js";

const available = availableFrameworks();

test("new project: every question answered at the keyboard", async () => {
  const parent = freshDir("tty-new");
  // The framework list is the available frameworks in order; pick the last one to prove the selection is used.
  const framework = available[available.length - 1];
  const downs = KEY.down.repeat(available.length - 1);
  const result = await runInteractive(
    [],
    [
      ["Target directory", `my-api${KEY.enter}`],
      // No package.json there: a new project, without asking.
      ["Framework", `${downs}${KEY.enter}`],
      ["Language", `${KEY.down}${KEY.enter}`], // JavaScript
      ["Endpoint path", `${KEY.backspace.repeat(20)}/auth/migrate${KEY.enter}`],
      ["Auth0 domain", `tenant.eu.auth0.com${KEY.enter}`],
      ["Auth0 API audience", `https://api.example.com/${KEY.enter}`],
      ["Website origin", KEY.enter],
      ["API origin", KEY.enter],
      ["opaque access tokens", `y${KEY.enter}`],
      ["Install dependencies", KEY.enter], // default: no
    ],
    { cwd: parent },
  );
  const shown = plain(result.output);
  assert.equal(result.code, 0, shown);
  assert.equal(result.answered, 10);
  assert.doesNotMatch(shown, /What should be written\?/, "no add-mode choice where there is no app");
  const isNext = framework === "next-app" || framework === "next-pages";
  const files = renderTemplate({
    framework,
    language: "js",
    mode: "new",
    values: expectedValues("my-api", framework, { route: "/auth/migrate", allowOpaque: true }),
  });
  assert.deepEqual(listFiles(path.join(parent, "my-api")), files.map((f) => f.path).sort());
  for (const file of files) {
    assert.equal(readFileSync(path.join(parent, "my-api", file.path), "utf8"), file.contents, file.path);
  }
  assert.match(shown, /Next steps:/);
  assert.ok(isNext || shown.includes("http://localhost:3001"));
});

test("a bad answer is refused at the prompt and can be corrected", async () => {
  const parent = freshDir("tty-validate");
  const bad = 'evil.com"+require("x")';
  const result = await runInteractive(
    ["api", "--mode", "new", "--framework", "express", "--language", "ts", "--no-install"],
    [
      ["Endpoint path", KEY.enter],
      ["Auth0 domain", `${bad}${KEY.enter}`],
      ["must not contain", `${KEY.backspace.repeat(bad.length)}tenant.eu.auth0.com${KEY.enter}`],
      ["Auth0 API audience", `https://api.example.com/${KEY.enter}`],
      ["Website origin", `${KEY.backspace.repeat(30)}app.example.com${KEY.enter}`],
      ["must be an origin", `${KEY.backspace.repeat(30)}https://app.example.com/${KEY.enter}`],
      ["API origin", KEY.enter],
      ["opaque access tokens", KEY.enter],
    ],
    { cwd: parent },
  );
  const shown = plain(result.output);
  assert.equal(result.code, 0, shown);
  assert.equal(result.answered, 8, shown);
  const files = renderTemplate({
    framework: "express",
    language: "ts",
    mode: "new",
    values: expectedValues("api", "express", { websiteDomain: "https://app.example.com" }),
  });
  for (const file of files)
    assert.equal(readFileSync(path.join(parent, "api", file.path), "utf8"), file.contents);
});

test("add mode: the detected framework and language are the defaults", async () => {
  const dir = freshDir("tty-add");
  writeFileSync(
    path.join(dir, "package.json"),
    '{ "name": "shop", "dependencies": { "express": "^5.0.0" } }\n',
  );
  const result = await runInteractive(
    [],
    [
      ["Target directory", KEY.enter], // "." because there is a package.json
      ["What should be written?", KEY.enter], // "add" because there is a package.json
      ['detected: "express" in package.json', KEY.enter],
      ["detected: no tsconfig.json", KEY.enter], // JavaScript
      ["Endpoint path", KEY.enter],
      ["Auth0 domain", `tenant.eu.auth0.com${KEY.enter}`],
      ["Auth0 API audience", `https://api.example.com/${KEY.enter}`],
      ["Website origin", KEY.enter],
      ["API origin", KEY.enter],
      ["opaque access tokens", KEY.enter],
    ],
    { cwd: dir },
  );
  const shown = plain(result.output);
  assert.equal(result.code, 0, shown);
  assert.equal(result.answered, 10);
  const values = expectedValues("shop", "express");
  const files = renderTemplate({
    framework: "express",
    language: "js",
    mode: "add",
    values,
    coreDir: "session-migration", // the app has no src/ and no entry file
  });
  for (const file of files) assert.equal(readFileSync(path.join(dir, file.path), "utf8"), file.contents);
  const firstLine = addModeInstructions({ framework: "express", language: "js", values }).split("\n")[0];
  assert.ok(shown.includes(firstLine), "prints the instructions");
});

test("Ctrl-C at a prompt exits 130 having written nothing", async () => {
  const parent = freshDir("tty-cancel");
  writeFileSync(path.join(parent, "keep.txt"), "x\n");
  const before = snapshot(parent);
  const result = await runInteractive(
    ["api"],
    [
      ["Framework", KEY.enter],
      ["Language", KEY.enter],
      ["Endpoint path", KEY.enter],
      ["Auth0 domain", `tenant.eu.auth0.com${KEY.enter}`],
      ["Auth0 API audience", KEY.ctrlC],
    ],
    { cwd: parent },
  );
  assert.equal(result.code, 130, plain(result.output));
  assert.match(plain(result.output), /Cancelled\. Nothing was written\./);
  assert.deepEqual(snapshot(parent), before);
});

test("--yes never prompts, even on a terminal", async () => {
  const parent = freshDir("tty-yes");
  const result = await runInteractive(["api", "--yes", "--mode", "new", "--framework", "express"], [], {
    cwd: parent,
  });
  assert.equal(result.code, 2, plain(result.output));
  assert.match(plain(result.output), /Missing --auth0-domain/);
  assert.deepEqual(listFiles(parent), []);
});
