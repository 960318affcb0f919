// Add mode in small existing apps of every kind the CLI detects: framework from package.json, TypeScript from
// tsconfig.json or the typescript dependency, the Next.js router from app/ or pages/ (also under src/), the package
// manager from lockfiles. Only new files are written; the app's own files are untouched; the instructions printed
// are the renderer's. Frameworks not in the built templates are refused with exit 2 and the available list.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import type { Framework, Language } from "../../packages/cli/src/templates.js";
import {
  ANSWER_FLAGS,
  addModeInstructions,
  availableFrameworks,
  expectedValues,
  freshDir,
  renderTemplate,
  runCli,
  snapshot,
} from "./helpers.js";

interface App {
  kind: string;
  expect: Framework;
  dependencies: Record<string, string>;
  dirs?: string[];
  /** Where add mode writes in this app, and (Next.js) the router directory its instructions name. */
  layout?: { coreDir: string; routerDir?: string };
}

// The fixtures have no src/ and no entry file: server frameworks get their files at the root.
const ROOT_LAYOUT = { coreDir: "session-migration" };

const APPS: App[] = [
  { kind: "express", expect: "express", dependencies: { express: "^5.0.0" } },
  { kind: "fastify", expect: "fastify", dependencies: { fastify: "^5.0.0" } },
  { kind: "koa", expect: "koa", dependencies: { koa: "^3.0.0", "@koa/router": "^15.0.0" } },
  { kind: "hapi", expect: "hapi", dependencies: { "@hapi/hapi": "^21.0.0" } },
  // NestJS apps also depend on Express through the platform adapter; Nest wins.
  {
    kind: "nestjs",
    expect: "nestjs",
    dependencies: { "@nestjs/core": "^11.0.0", "@nestjs/platform-express": "^11.0.0", express: "^5.0.0" },
  },
  {
    kind: "next app/",
    expect: "next-app",
    dependencies: { next: "^16.0.0" },
    dirs: ["app"],
    layout: { coreDir: "lib/session-migration", routerDir: "app" },
  },
  {
    kind: "next src/app/",
    expect: "next-app",
    dependencies: { next: "^16.0.0" },
    dirs: ["src/app"],
    layout: { coreDir: "src/lib/session-migration", routerDir: "src/app" },
  },
  {
    kind: "next pages/",
    expect: "next-pages",
    dependencies: { next: "^16.0.0" },
    dirs: ["pages"],
    layout: { coreDir: "lib/session-migration", routerDir: "pages" },
  },
  {
    kind: "next src/pages/",
    expect: "next-pages",
    dependencies: { next: "^16.0.0" },
    dirs: ["src/pages"],
    layout: { coreDir: "src/lib/session-migration", routerDir: "src/pages" },
  },
  { kind: "hono", expect: "hono", dependencies: { hono: "^4.0.0" } },
  { kind: "aws-lambda", expect: "aws-lambda", dependencies: { "@types/aws-lambda": "^8.0.0" } },
];

const available = availableFrameworks();
const specName = (spec: string) =>
  spec.slice(0, spec.indexOf("@", 1) === -1 ? undefined : spec.indexOf("@", 1));

function makeApp(
  dir: string,
  app: App,
  language: Language,
  typescriptBy: "tsconfig" | "dependency" = "tsconfig",
) {
  const pkg = {
    name: `existing-${app.expect}`,
    private: true,
    type: "module",
    dependencies: app.dependencies,
    ...(language === "ts" && typescriptBy === "dependency"
      ? { devDependencies: { typescript: "^5.0.0" } }
      : {}),
  };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  if (language === "ts" && typescriptBy === "tsconfig")
    writeFileSync(path.join(dir, "tsconfig.json"), "{}\n");
  for (const d of app.dirs ?? []) {
    mkdirSync(path.join(dir, d), { recursive: true });
    writeFileSync(path.join(dir, d, language === "ts" ? "index.tsx" : "index.jsx"), "export default 1;\n");
  }
  writeFileSync(path.join(dir, "server.txt"), "the user's own code\n");
}

for (const app of APPS) {
  describe(`add mode in an existing ${app.kind} app`, () => {
    for (const language of ["ts", "js"] as const) {
      test(`${language}: detects ${app.expect}/${language}`, async () => {
        const dir = freshDir(`add-${app.kind.replace(/[^a-z]+/g, "-")}-${language}`);
        makeApp(dir, app, language);
        const before = snapshot(dir);
        const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });

        if (!available.includes(app.expect)) {
          assert.equal(result.code, 2, result.stdout);
          assert.match(result.stderr, new RegExp(`"${app.expect}".*not available`));
          for (const f of available) assert.ok(result.stderr.includes(f), `lists ${f}`);
          assert.deepEqual(snapshot(dir), before, "nothing written");
          return;
        }

        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /Add to project/);
        assert.match(result.stdout, /\(detected: /);
        const values = expectedValues(`existing-${app.expect}`, app.expect);
        const layout = app.layout ?? ROOT_LAYOUT;
        const files = renderTemplate({
          framework: app.expect,
          language,
          mode: "add",
          values,
          coreDir: layout.coreDir,
        });
        assert.ok(files.every((f) => f.path.startsWith(`${layout.coreDir}/`)));
        assert.ok(files.length > 0);
        const after = snapshot(dir);
        // The app's files are untouched, and exactly the renderer's files were added.
        for (const [file, contents] of before) assert.equal(after.get(file), contents, file);
        assert.deepEqual(
          [...after.keys()].filter((f) => !before.has(f)).sort(),
          files.map((f) => f.path).sort(),
        );
        for (const file of files) assert.equal(after.get(file.path), file.contents, file.path);
        // What to add to the user's server, as the renderer phrases it; its install line names only what the app
        // does not have yet.
        // The fixture apps have no supertokens-node, so the instructions include supertokens.init.
        const options = { framework: app.expect, language, values, hasSupertokens: false, layout };
        const instructions = addModeInstructions(options).trimEnd().split("\n");
        const isInstall = (line: string) => /^\s*npm install /.test(line);
        for (const line of instructions.filter((l) => !isInstall(l)))
          assert.ok(result.stdout.includes(line), line);
        const install = instructions.find(isInstall);
        if (install) {
          const specs = install.trim().split(/\s+/).slice(2);
          const missing = specs.filter((spec) => !(specName(spec) in app.dependencies));
          assert.ok(specs.length > missing.length || !specs.some((s) => specName(s) === app.expect));
          assert.ok(
            result.stdout.includes(
              missing.length > 0 ? `npm install ${missing.join(" ")}\n` : "nothing to install",
            ),
            `install line for ${missing.join(" ")}`,
          );
        }
      });
    }
  });
}

test("an app that already has supertokens-node gets no supertokens.init and no second install of it", async () => {
  const app = APPS.find((a) => available.includes(a.expect)) as App;
  const dir = freshDir("add-has-supertokens");
  makeApp(dir, { ...app, dependencies: { ...app.dependencies, "supertokens-node": "^24.0.0" } }, "ts");
  const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const values = expectedValues(`existing-${app.expect}`, app.expect);
  const withInit = addModeInstructions({
    framework: app.expect,
    language: "ts",
    values,
    hasSupertokens: false,
  });
  const without = addModeInstructions({
    framework: app.expect,
    language: "ts",
    values,
    hasSupertokens: true,
  });
  // The renderer's init section is what differs; the CLI must print the variant without it.
  const initLines = withInit
    .split("\n")
    .filter((l) => l.trim() && !without.includes(l) && !/^\s*npm install /.test(l));
  assert.ok(initLines.length > 0, "the renderer has an init section to leave out");
  for (const line of initLines) assert.ok(!result.stdout.includes(line), `printed: ${line}`);
  assert.match(result.stdout, /Now add this to your app:/);
  for (const line of result.stdout.split("\n").filter((l) => /^\s*npm install /.test(l))) {
    assert.doesNotMatch(line, /supertokens-node/, "no install of what the app has");
  }
});

test("TypeScript is also detected from the typescript dependency alone", async () => {
  const app = APPS.find((a) => available.includes(a.expect)) as App;
  const dir = freshDir("add-ts-by-dependency");
  makeApp(dir, app, "ts", "dependency");
  const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /TypeScript \(detected: "typescript" in package.json\)/);
  const files = renderTemplate({
    framework: app.expect,
    language: "ts",
    mode: "add",
    values: expectedValues(`existing-${app.expect}`, app.expect),
    coreDir: ROOT_LAYOUT.coreDir,
  });
  for (const file of files) assert.equal(readFileSync(path.join(dir, file.path), "utf8"), file.contents);
});

test("flags override detected values (shown as defaults, never forced)", async () => {
  const dir = freshDir("add-override");
  makeApp(dir, APPS[0], "ts");
  const language = "js";
  const result = await runCli(["--yes", "--language", language, "--framework", "express", ...ANSWER_FLAGS], {
    cwd: dir,
  });
  assert.equal(result.code, 0, result.stderr);
  const files = renderTemplate({
    framework: "express",
    language,
    mode: "add",
    values: expectedValues("existing-express", "express"),
    coreDir: ROOT_LAYOUT.coreDir,
  });
  for (const file of files) assert.equal(readFileSync(path.join(dir, file.path), "utf8"), file.contents);
  assert.match(result.stdout, /JavaScript\n/);
});

test("an app whose framework cannot be detected needs --framework without a terminal (exit 2)", async () => {
  const dir = freshDir("add-undetected");
  writeFileSync(
    path.join(dir, "package.json"),
    '{ "name": "plain", "dependencies": { "lodash": "^4.0.0" } }\n',
  );
  const before = snapshot(dir);
  const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--framework/);
  assert.equal(result.stderr.trim().split("\n").length, 1, "one line");
  assert.deepEqual(snapshot(dir), before);
});

describe("package manager", () => {
  test("an existing app's lockfile decides (pnpm-lock.yaml)", async () => {
    const dir = freshDir("add-pnpm");
    makeApp(dir, APPS[0], "ts");
    writeFileSync(path.join(dir, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    const result = await runCli(["--yes", ...ANSWER_FLAGS], {
      cwd: dir,
      env: { npm_config_user_agent: "npm/11.0.0 node/v20.0.0 linux x64" },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /package manager +pnpm \(detected: pnpm-lock\.yaml\)/);
    assert.match(result.stdout, /\n +pnpm add (jose|supertokens-node)/);
    assert.doesNotMatch(result.stdout, /npm install/);
  });

  test("a new project follows the package manager that ran the CLI (npm_config_user_agent)", async () => {
    const parent = freshDir("new-yarn");
    const result = await runCli(
      ["api", "--yes", "--mode", "new", "--framework", "express", ...ANSWER_FLAGS],
      {
        cwd: parent,
        env: { npm_config_user_agent: "yarn/1.22.22 npm/? node/v20.19.0 linux x64" },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /package manager +yarn \(detected: run with yarn\)/);
    const steps = result.stdout.slice(result.stdout.indexOf("Next steps:"));
    assert.match(steps, /\n {2}yarn\n/);
    assert.doesNotMatch(steps, /npm /);
  });
});
