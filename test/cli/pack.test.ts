// The published package: `npm pack` carries the bin shim, the bundle and the built templates, and declares no
// dependencies; installed from the tarball into a directory outside the repo, offline, `npx create-session-migration`
// scaffolds a project from the templates it carries.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  ANSWER_FLAGS,
  cleanEnv,
  expectedValues,
  freshDir,
  listFiles,
  renderTemplate,
  root,
} from "./helpers.js";

const cliDir = path.join(root, "packages/cli");
let packDir: string;
let tarball: string;
let packedFiles: string[];
let outside: string;
// npm without the test runner's npm_* variables, and never asking the registry about updates.
const npmEnv = () => ({ ...cleanEnv(), npm_config_update_notifier: "false" });

before(() => {
  packDir = freshDir("pack");
  const json = execFileSync("npm", ["pack", "--offline", "--json", "--pack-destination", packDir], {
    cwd: cliDir,
    env: npmEnv(),
    encoding: "utf8",
  });
  const [info] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(packDir, info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
  outside = mkdtempSync(path.join(os.tmpdir(), "csm-fresh-"));
});

after(() => {
  if (outside) rmSync(outside, { recursive: true, force: true });
});

test("the tarball holds the bin shim, the bundle and every built template file, nothing else", () => {
  assert.ok(packedFiles.includes("index.js"));
  assert.ok(packedFiles.includes("dist/index.js"));
  assert.ok(packedFiles.includes("package.json"));
  assert.ok(packedFiles.includes("LICENSE"), "the MIT licence ships with the package");
  const templates = listFiles(path.join(cliDir, "dist/templates")).map((f) => `dist/templates/${f}`);
  assert.ok(templates.length > 0, "dist/templates is built");
  for (const file of templates) assert.ok(packedFiles.includes(file), `packed: ${file}`);
  const allowed = new Set([
    "index.js",
    "dist/index.js",
    "dist/THIRD-PARTY-LICENSES.md",
    "package.json",
    "README.md",
    "LICENSE",
    ...templates,
  ]);
  assert.deepEqual(
    packedFiles.filter((f) => !allowed.has(f)),
    [],
    "no sources, tests or scripts in the package",
  );
});

test("the licences of the bundled packages ship with the bundle (the minified bundle keeps no comments)", () => {
  assert.ok(packedFiles.includes("dist/THIRD-PARTY-LICENSES.md"));
  const text = readFileSync(path.join(cliDir, "dist/THIRD-PARTY-LICENSES.md"), "utf8");
  const cliPkg = JSON.parse(readFileSync(path.join(cliDir, "package.json"), "utf8"));
  // Every package the bundle is made of: the CLI's devDependencies and what they pull in.
  for (const name of Object.keys(cliPkg.devDependencies).filter((n: string) => !n.startsWith("@types/"))) {
    const section = text.split(/^## /m).find((s) => s.startsWith(`${name}@`));
    assert.ok(section, `${name} is listed`);
    assert.match(section, /Permission is hereby granted|Copyright/, `${name}'s licence text`);
  }
});

test("the packed package.json declares no dependencies and a bin that exists", () => {
  const extract = freshDir("pack-extract");
  execFileSync("tar", ["-xzf", tarball, "-C", extract, "package/package.json"]);
  const pkg = JSON.parse(readFileSync(path.join(extract, "package/package.json"), "utf8"));
  for (const field of ["dependencies", "optionalDependencies", "peerDependencies", "bundleDependencies"]) {
    assert.equal(Object.keys(pkg[field] ?? {}).length, 0, `${field} is empty`);
  }
  assert.deepEqual(pkg.bin, { "create-session-migration": "index.js" });
  assert.equal(pkg.type, "module");
  assert.ok(packedFiles.includes(pkg.bin["create-session-migration"]));
});

test("installed offline from the tarball outside the repo, npx create-session-migration scaffolds", () => {
  writeFileSync(path.join(outside, "package.json"), '{ "name": "fresh", "private": true }\n');
  const env = { ...npmEnv(), npm_config_cache: path.join(outside, ".npm-cache") };
  const install = spawnSync(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", tarball],
    { cwd: outside, env, encoding: "utf8" },
  );
  assert.equal(install.status, 0, install.stderr);
  assert.deepEqual(
    readdirSync(path.join(outside, "node_modules")).filter((d) => !d.startsWith(".")),
    ["create-session-migration"],
  );

  const version = spawnSync("npx", ["--offline", "--no", "--", "create-session-migration", "--version"], {
    cwd: outside,
    env,
    encoding: "utf8",
  });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(
    version.stdout.trim(),
    JSON.parse(readFileSync(path.join(cliDir, "package.json"), "utf8")).version,
  );

  const scaffold = spawnSync(
    "npx",
    [
      "--offline",
      "--no",
      "--",
      "create-session-migration",
      "api",
      "--yes",
      "--mode",
      "new",
      "--framework",
      "express",
      ...ANSWER_FLAGS,
    ],
    { cwd: outside, env, encoding: "utf8" },
  );
  assert.equal(scaffold.status, 0, scaffold.stderr);
  const files = renderTemplate({
    framework: "express",
    language: "ts",
    mode: "new",
    values: expectedValues("api", "express"),
  });
  assert.deepEqual(listFiles(path.join(outside, "api")), files.map((f) => f.path).sort());
  for (const file of files)
    assert.equal(readFileSync(path.join(outside, "api", file.path), "utf8"), file.contents);
});
