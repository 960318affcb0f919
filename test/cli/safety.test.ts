// Refusals, validation, dry runs, --force, all-or-nothing writes, install, and exit codes (0 done, 1 failed,
// 2 usage). Every failure is one clear message and never a stack trace.
import assert from "node:assert/strict";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { FRAMEWORKS } from "../../packages/cli/src/templates.js";
import {
  ANSWER_FLAGS,
  availableFrameworks,
  builtPackage,
  cliPath,
  expectedValues,
  freshDir,
  listFiles,
  packageCopy,
  renderTemplate,
  root,
  runCli,
  snapshot,
} from "./helpers.js";

const NEW = ["--yes", "--mode", "new", "--framework", "express", "--language", "ts"];
const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+/, "no stack trace");

function expressApp(dir: string) {
  writeFileSync(
    path.join(dir, "package.json"),
    '{ "name": "shop-api", "dependencies": { "express": "^5.0.0" } }\n',
  );
  writeFileSync(path.join(dir, "tsconfig.json"), "{}\n");
}
// expressApp has no src/ and no entry file: add mode writes its files at the root.
const addFiles = () =>
  renderTemplate({
    framework: "express",
    language: "ts",
    mode: "add",
    values: expectedValues("shop-api", "express"),
    coreDir: "session-migration",
  });

describe("usage errors exit 2", () => {
  test("an unknown flag names the valid ones", async () => {
    const result = await runCli(["--framwork", "express"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown option '--framwork'/);
    for (const flag of [
      "--framework",
      "--language",
      "--mode",
      "--auth0-domain",
      "--dry-run",
      "--force",
      "--yes",
    ]) {
      assert.ok(result.stderr.includes(flag), flag);
    }
    noStack(result.stderr);
  });

  test("an unknown framework lists every framework", async () => {
    const result = await runCli(["x", "--framework", "rails", ...ANSWER_FLAGS]);
    assert.equal(result.code, 2);
    for (const f of FRAMEWORKS) assert.ok(result.stderr.includes(f), f);
  });

  test("a bad --language or --mode lists the choices", async () => {
    const language = await runCli(["x", "--language", "py"]);
    assert.equal(language.code, 2);
    assert.match(language.stderr, /ts.*js/);
    const mode = await runCli(["x", "--mode", "replace"]);
    assert.equal(mode.code, 2);
    assert.match(mode.stderr, /new.*add/);
  });

  for (const [flag, args] of [
    ["--auth0-domain", ["--audience", "https://api.example.com/"]],
    ["--audience", ["--auth0-domain", "tenant.eu.auth0.com"]],
  ] as const) {
    test(`without a terminal, a missing ${flag} is one line naming the flag`, async () => {
      const parent = freshDir(`missing-${flag.slice(2)}`);
      const result = await runCli(["api", "--mode", "new", "--framework", "express", ...args], {
        cwd: parent,
      });
      assert.equal(result.code, 2);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.ok(result.stderr.includes(flag));
      assert.deepEqual(listFiles(parent), [], "nothing written");
    });
  }

  const badValues: [string, string][] = [
    ["--auth0-domain", 'tenant.auth0.com"; process.exit(1); "'],
    ["--auth0-domain", "http://tenant.eu.auth0.com/"],
    ["--auth0-domain", "tenant..auth0.com"],
    ["--auth0-domain", "https://tenant.eu.auth0.com/authorize"],
    ["--audience", "https://api.example.com/'"],
    ["--audience", "a\nb"],
    ["--route", "migrate"],
    ["--route", "/a b"],
    ["--route", "/a`x`"],
    ["--website-domain", "javascript:alert(1)"],
    ["--website-domain", "http://localhost:3000/app"],
    ["--api-domain", "localhost:3001"],
    ["--api-domain", "https://user:pw@api.example.com"],
  ];
  for (const [flag, value] of badValues) {
    test(`${flag} ${JSON.stringify(value)} is refused before anything is written`, async () => {
      const parent = freshDir("bad-value");
      const flags = [...ANSWER_FLAGS];
      const at = flags.indexOf(flag);
      if (at >= 0) flags[at + 1] = value;
      else flags.push(flag, value);
      const result = await runCli(["api", ...NEW, ...flags], { cwd: parent });
      assert.equal(result.code, 2, result.stdout);
      assert.ok(result.stderr.includes(flag), result.stderr);
      assert.deepEqual(listFiles(parent), []);
      noStack(result.stderr);
    });
  }

  test("too many arguments", async () => {
    const result = await runCli(["a", "b", ...NEW, ...ANSWER_FLAGS]);
    assert.equal(result.code, 2);
  });

  test("add mode into a directory that does not exist", async () => {
    const parent = freshDir("add-missing");
    const result = await runCli(
      ["nowhere", "--yes", "--mode", "add", "--framework", "express", ...ANSWER_FLAGS],
      {
        cwd: parent,
      },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /does not exist/);
    assert.deepEqual(listFiles(parent), []);
  });
});

describe("help and version exit 0", () => {
  test("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "packages/cli/package.json"), "utf8"));
    const result = await runCli(["--version"]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), pkg.version);
  });

  test("--help documents every flag with examples", async () => {
    const result = await runCli(["--help"]);
    assert.equal(result.code, 0);
    for (const flag of [
      "--framework",
      "--language",
      "--mode",
      "--route",
      "--auth0-domain",
      "--audience",
      "--website-domain",
      "--api-domain",
      "--allow-opaque",
      "--yes",
      "--dry-run",
      "--force",
      "--install",
      "--no-install",
      "--version",
    ]) {
      assert.ok(result.stdout.includes(flag), flag);
    }
    assert.match(result.stdout, /Examples:\n/);
    assert.match(result.stdout, /\$ npx create-session-migration .*--yes/);
  });
});

describe("--dry-run writes nothing", () => {
  test("new mode: lists every file, creates no directory", async () => {
    const parent = freshDir("dry-new");
    const result = await runCli(["api", ...NEW, ...ANSWER_FLAGS, "--dry-run"], { cwd: parent });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(listFiles(parent), []);
    assert.equal(existsSync(path.join(parent, "api")), false);
    const files = renderTemplate({
      framework: "express",
      language: "ts",
      mode: "new",
      values: expectedValues("api", "express"),
    });
    for (const file of files)
      assert.match(result.stdout, new RegExp(`\\+ create +${file.path.replace(/\./g, "\\.")}\\n`));
  });

  test("add mode: shows a diff for a file that exists and leaves it alone", async () => {
    const dir = freshDir("dry-add");
    expressApp(dir);
    const [first] = addFiles();
    mkdirSync(path.dirname(path.join(dir, first.path)), { recursive: true });
    const lines = first.contents.split("\n");
    const edited = [...lines.slice(0, 1), "// a line the user added", ...lines.slice(1)].join("\n");
    writeFileSync(path.join(dir, first.path), edited);
    const before = snapshot(dir);
    const result = await runCli(["--yes", "--dry-run", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(snapshot(dir), before);
    assert.match(result.stdout, new RegExp(`! exists +${first.path.replace(/\./g, "\\.")}`));
    assert.ok(result.stdout.includes(`--- ${first.path} (existing)`));
    assert.ok(result.stdout.includes(`+++ ${first.path} (generated)`));
    assert.match(result.stdout, /\n-\/\/ a line the user added\n/);
    assert.match(result.stdout, /\n@@ -1,\d+ \+1,\d+ @@\n/);
    assert.match(result.stdout, /needs --force/);
  });
});

describe("existing files", () => {
  test("are never overwritten without --force, and then nothing at all is written (exit 1)", async () => {
    const dir = freshDir("conflict");
    expressApp(dir);
    const files = addFiles();
    const last = files[files.length - 1];
    mkdirSync(path.dirname(path.join(dir, last.path)), { recursive: true });
    writeFileSync(path.join(dir, last.path), "mine\n");
    const before = snapshot(dir);
    const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(last.path));
    assert.match(result.stderr, /--force/);
    assert.deepEqual(snapshot(dir), before, "not even the files that did not exist");
    noStack(result.stderr);

    const forced = await runCli(["--yes", "--force", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /~ overwrite/);
    for (const file of files) assert.equal(readFileSync(path.join(dir, file.path), "utf8"), file.contents);
  });

  test("identical files count as unchanged, so running twice is fine", async () => {
    const dir = freshDir("twice");
    expressApp(dir);
    assert.equal((await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir })).code, 0);
    const before = snapshot(dir);
    const again = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /= unchanged/);
    assert.deepEqual(snapshot(dir), before);
  });

  test("a path blocked by a file fails before anything is written (exit 1)", async () => {
    const dir = freshDir("blocked");
    expressApp(dir);
    const nested = addFiles().find((f) => f.path.includes("/"));
    assert.ok(nested, "the add-mode template writes into a directory");
    const blocker = nested.path.split("/")[0];
    writeFileSync(path.join(dir, blocker), "a file where a directory is needed\n");
    const before = snapshot(dir);
    const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not a directory/);
    assert.deepEqual(snapshot(dir), before);
    noStack(result.stderr);
  });
});

describe("a write that fails half-way changes nothing", () => {
  // fixtures/fail-rename.mjs makes one rename into place fail; every rename before it must be undone.
  const failingRename = (at: number) => ({
    nodeArgs: ["--import", path.join(root, "test/cli/fixtures/fail-rename.mjs")],
    env: { FAIL_RENAME_AT: String(at) },
  });
  /** Every file and directory below `dir`, with file contents. */
  const tree = (dir: string) => {
    const entries = new Map<string, string>();
    const walk = (rel: string) => {
      for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          entries.set(`${child}/`, "");
          walk(child);
        } else entries.set(child, readFileSync(path.join(dir, child), "utf8"));
      }
    };
    walk("");
    return entries;
  };

  // Add mode writes into a folder of its own. With --force over two of its files, the first and the last, each of
  // those is moved aside and later back; without, the folder itself is new and must go again.
  const files = addFiles();
  const cases = [
    { name: "with --force over two files, failing at the first rename", existing: true, at: 1 },
    { name: "with --force over two files, failing at the last rename", existing: true, at: files.length + 2 },
    { name: "into a new folder, failing at the last rename", existing: false, at: files.length },
  ];
  for (const { name, existing, at } of cases) {
    test(`add mode ${name}: every file as it was, no new file or directory`, async () => {
      const dir = freshDir(`half-${existing}-${at}`);
      expressApp(dir);
      if (existing) {
        for (const file of [files[0], files[files.length - 1]]) {
          mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
          writeFileSync(path.join(dir, file.path), "mine\n");
        }
      }
      const before = tree(dir);
      const result = await runCli(["--yes", "--force", ...ANSWER_FLAGS], { cwd: dir, ...failingRename(at) });
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, /Writing failed, nothing was changed: EIO/);
      noStack(result.stderr);
      assert.deepEqual(tree(dir), before);
    });
  }

  test("new mode, failing to move the project into place: no project and no parent directory left", async () => {
    const dir = freshDir("half-new");
    const result = await runCli([...NEW, ...ANSWER_FLAGS, "parent/child/app"], {
      cwd: dir,
      ...failingRename(1),
    });
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /Writing failed, nothing was changed: EIO/);
    noStack(result.stderr);
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe("new mode target", () => {
  test("a non-empty directory is refused without --force (exit 1), and kept with it", async () => {
    const parent = freshDir("non-empty");
    mkdirSync(path.join(parent, "api"));
    writeFileSync(path.join(parent, "api/notes.txt"), "keep me\n");
    const result = await runCli(["api", ...NEW, ...ANSWER_FLAGS], { cwd: parent });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not empty/);
    assert.deepEqual(listFiles(parent), ["api/notes.txt"]);

    const forced = await runCli(["api", ...NEW, ...ANSWER_FLAGS, "--force"], { cwd: parent });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(path.join(parent, "api/notes.txt"), "utf8"), "keep me\n");
    const files = renderTemplate({
      framework: "express",
      language: "ts",
      mode: "new",
      values: expectedValues("api", "express"),
    });
    assert.deepEqual(listFiles(path.join(parent, "api")), [...files.map((f) => f.path), "notes.txt"].sort());
  });

  test("a directory holding only .git counts as empty", async () => {
    const parent = freshDir("only-git");
    mkdirSync(path.join(parent, "api/.git"), { recursive: true });
    const result = await runCli(["api", ...NEW, ...ANSWER_FLAGS], { cwd: parent });
    assert.equal(result.code, 0, result.stderr);
  });

  test("the new project directory gets normal permissions and no temporary directory is left", async () => {
    const parent = freshDir("perms");
    const result = await runCli(["nested/deeper/api", ...NEW, ...ANSWER_FLAGS], { cwd: parent });
    assert.equal(result.code, 0, result.stderr);
    const { statSync, readdirSync } = await import("node:fs");
    assert.equal(statSync(path.join(parent, "nested/deeper/api")).mode & 0o777, 0o777 & ~process.umask());
    assert.deepEqual(readdirSync(path.join(parent, "nested/deeper")), ["api"]);
  });
});

describe("--install runs the detected package manager in the new project", () => {
  function fakePackageManager(dir: string, name: string, exitCode: number) {
    const bin = path.join(dir, "bin");
    mkdirSync(bin);
    const log = path.join(dir, "calls.log");
    writeFileSync(
      path.join(bin, name),
      `#!/bin/sh\necho "$(pwd) $*" >> ${JSON.stringify(log)}\nexit ${exitCode}\n`,
    );
    chmodSync(path.join(bin, name), 0o755);
    return {
      env: {
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        npm_config_user_agent: `${name}/9.0.0 node/v20`,
      },
      log,
    };
  }

  test("pnpm install, in the target", async () => {
    const parent = freshDir("install-ok");
    const pm = fakePackageManager(parent, "pnpm", 0);
    const result = await runCli(["api", ...NEW, ...ANSWER_FLAGS, "--install"], { cwd: parent, env: pm.env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(pm.log, "utf8"), `${path.join(parent, "api")} install\n`);
    assert.match(result.stdout, /pnpm dev|pnpm start/);
    assert.doesNotMatch(result.stdout.slice(result.stdout.indexOf("Next steps:")), /pnpm install/);
  });

  test("a failed install exits 1 and keeps the written files", async () => {
    const parent = freshDir("install-fails");
    const pm = fakePackageManager(parent, "pnpm", 3);
    const result = await runCli(["api", ...NEW, ...ANSWER_FLAGS, "--install"], { cwd: parent, env: pm.env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /pnpm install failed/);
    assert.ok(existsSync(path.join(parent, "api/package.json")));
    noStack(result.stderr);
  });

  test("add mode runs nothing with --install, and says so instead of ignoring it silently", async () => {
    const dir = freshDir("install-add");
    writeFileSync(
      path.join(dir, "package.json"),
      '{ "name": "shop", "dependencies": { "express": "^5.0.0" } }\n',
    );
    writeFileSync(path.join(dir, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
    const pm = fakePackageManager(dir, "pnpm", 0);
    const result = await runCli(["--yes", ...ANSWER_FLAGS, "--install"], { cwd: dir, env: pm.env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(pm.log), false);
    assert.match(result.stderr, /--install applies to new projects/);
    assert.match(result.stdout, /pnpm add /);
  });

  test("without --install nothing is run", async () => {
    const parent = freshDir("install-no");
    const pm = fakePackageManager(parent, "pnpm", 0);
    const result = await runCli(["api", ...NEW, ...ANSWER_FLAGS], { cwd: parent, env: pm.env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(pm.log), false);
    assert.match(result.stdout, /pnpm install/);
  });
});

test("values reach the generated code escaped, exactly as the renderer writes them", async () => {
  const parent = freshDir("values");
  const values = {
    route: "/auth/migrate",
    auth0Domain: "https://login.example.com/",
    audience: "urn:my-api",
    websiteDomain: "https://app.example.com",
    apiDomain: "https://api.example.com",
  };
  const result = await runCli(
    [
      "api",
      ...NEW,
      "--route",
      values.route,
      "--auth0-domain",
      values.auth0Domain,
      "--audience",
      values.audience,
      "--website-domain",
      `${values.websiteDomain}/`,
      "--api-domain",
      values.apiDomain,
      "--allow-opaque",
    ],
    { cwd: parent },
  );
  assert.equal(result.code, 0, result.stderr);
  const files = renderTemplate({
    framework: "express",
    language: "ts",
    mode: "new",
    values: { projectName: "api", allowOpaque: true, ...values },
  });
  for (const file of files)
    assert.equal(readFileSync(path.join(parent, "api", file.path), "utf8"), file.contents);
});

test("frameworks the build does not carry are refused with exit 2 and the available list", async () => {
  // A copy of the built package whose manifest keeps only the first available framework, so this test has
  // frameworks to refuse however many the real build carries.
  const copy = freshDir("partial-build");
  cpSync(path.join(packageCopy, "index.js"), path.join(copy, "index.js"));
  cpSync(path.join(packageCopy, "package.json"), path.join(copy, "package.json"));
  cpSync(path.join(packageCopy, "dist"), path.join(copy, "dist"), { recursive: true });
  const manifestFile = path.join(copy, "dist/templates/manifest.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { frameworks: Record<string, unknown> };
  const [kept] = availableFrameworks();
  manifest.frameworks = { [kept]: manifest.frameworks[kept] };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const bin = path.join(copy, "index.js");

  const others = FRAMEWORKS.filter((f) => f !== kept);
  assert.equal(others.length, FRAMEWORKS.length - 1);
  for (const framework of others) {
    const parent = freshDir("partial-target");
    const result = await runCli(["x", "--yes", "--framework", framework, ...ANSWER_FLAGS], {
      cwd: parent,
      bin,
    });
    assert.equal(result.code, 2, framework);
    assert.equal(
      result.stderr.trim(),
      `error: Framework "${framework}" is not available in this version. Available: ${kept}.`,
    );
    assert.deepEqual(listFiles(parent), []);
  }
  // Detected in add mode, it is refused too, naming what was detected.
  const app = freshDir("partial-app");
  const other = others.find((f) => f === "fastify" || f === "koa" || f === "hono") ?? "fastify";
  writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({ name: "app", dependencies: { [other]: "*" } }),
  );
  const before = snapshot(app);
  const detected = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: app, bin });
  assert.equal(detected.code, 2);
  assert.match(detected.stderr, new RegExp(`"${other}".*detected.*not available.*Available: ${kept}`));
  assert.deepEqual(snapshot(app), before);
  // The kept one works from the same copy.
  const parent = freshDir("partial-target");
  const ok = await runCli(["x", "--yes", "--mode", "new", "--framework", kept, ...ANSWER_FLAGS], {
    cwd: parent,
    bin,
  });
  assert.equal(ok.code, 0, ok.stderr);
});

test("a closed output pipe is no crash (`--help | head -c 10`)", async () => {
  const { spawnSync } = await import("node:child_process");
  const result = spawnSync(
    "bash",
    ["-o", "pipefail", "-c", `"${process.execPath}" "${cliPath}" --help | head -c 10`],
    {
      encoding: "utf8",
    },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, "Usage: cre");
  assert.equal(result.stderr, "");
});

test("no network: a whole scaffold opens no socket and resolves no name", async () => {
  // Preloaded into the CLI's process: any connection, DNS lookup or fetch is reported on stderr and fails.
  const guard = `
    import net from "node:net"; import dns from "node:dns"; import dgram from "node:dgram";
    const trip = (what) => { process.stderr.write("NETWORK USED: " + what + "\\n"); throw new Error("network"); };
    net.Socket.prototype.connect = function () { trip("net.connect"); };
    dns.lookup = () => trip("dns.lookup"); dns.promises.lookup = async () => trip("dns.promises.lookup");
    dns.resolve = () => trip("dns.resolve"); dgram.createSocket = () => trip("dgram");
    globalThis.fetch = async () => trip("fetch");
  `;
  const nodeArgs = ["--import", `data:text/javascript,${encodeURIComponent(guard)}`];
  // The guard itself works: a process that does use the network trips it.
  const { spawnSync } = await import("node:child_process");
  const probe = spawnSync(
    process.execPath,
    [...nodeArgs, "-e", "fetch('http://127.0.0.1:9/').catch(() => {})"],
    {
      encoding: "utf8",
    },
  );
  assert.match(probe.stderr, /NETWORK USED: fetch/);

  const parent = freshDir("no-network");
  const created = await runCli(["api", ...NEW, ...ANSWER_FLAGS], { cwd: parent, nodeArgs });
  assert.equal(created.code, 0, created.stderr);
  const app = path.join(parent, "api");
  const added = await runCli(["--yes", "--mode", "add", "--force", "--dry-run", ...ANSWER_FLAGS], {
    cwd: app,
    nodeArgs,
  });
  assert.equal(added.code, 0, added.stderr);
  assert.doesNotMatch(created.stderr + added.stderr, /NETWORK USED/);
});

test("without a directory: ./session-migration for a new project, . for an existing app", async () => {
  const empty = freshDir("default-dir-new");
  const created = await runCli(["--yes", "--framework", "express", ...ANSWER_FLAGS], { cwd: empty });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /New project \.\/session-migration\n/);
  assert.ok(existsSync(path.join(empty, "session-migration/package.json")));
  assert.equal(
    JSON.parse(readFileSync(path.join(empty, "session-migration/package.json"), "utf8")).name,
    "session-migration",
  );

  const app = freshDir("default-dir-add");
  expressApp(app);
  const added = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: app });
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Add to project \.\n/);
  for (const file of addFiles()) assert.ok(existsSync(path.join(app, file.path)), file.path);
});

test("a broken template stops the run before anything is written (exit 1)", async () => {
  const copy = freshDir("broken-build");
  cpSync(path.join(packageCopy, "index.js"), path.join(copy, "index.js"));
  cpSync(path.join(packageCopy, "package.json"), path.join(copy, "package.json"));
  cpSync(path.join(packageCopy, "dist"), path.join(copy, "dist"), { recursive: true });
  rmSync(path.join(copy, "dist/templates/express/add/ts.md"));
  const app = freshDir("broken-app");
  expressApp(app);
  const before = snapshot(app);
  const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: app, bin: path.join(copy, "index.js") });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /templates are incomplete or broken \(nothing was written\)/);
  assert.deepEqual(snapshot(app), before);
  noStack(result.stderr);
});

test("the bin in the repo (packages/cli/index.js) is the shim that runs the bundle", async () => {
  const shim = readFileSync(path.join(builtPackage, "index.js"), "utf8");
  assert.equal(shim, '#!/usr/bin/env node\nimport "./dist/index.js";\n');
  const parent = freshDir("repo-bin");
  const result = await runCli(["api", ...NEW, ...ANSWER_FLAGS], {
    cwd: parent,
    bin: path.join(builtPackage, "index.js"),
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(existsSync(path.join(parent, "api/package.json")));
});
