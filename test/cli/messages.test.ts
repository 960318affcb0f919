// What the CLI tells the user, checked against what is true:
// - AWS Lambda: the function reads its configuration, not a .env file, so the next steps never say `cp .env`;
// - a route other than the element's default (<api-domain>/migrate-session) comes with the element's migrate-url;
// - the next steps run the project the way its README does (build, then start);
// - a target path through a file is a usage error (exit 2) in one line;
// - validation messages name the flag (not an internal key) and the real reason, and all missing flags at once.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { ANSWER_FLAGS, freshDir, listFiles, runCli } from "./helpers.js";

const NEW = ["--yes", "--mode", "new"];
const steps = (stdout: string) => stdout.slice(stdout.indexOf("Next steps:"));

describe("next steps", () => {
  for (const language of ["ts", "js"] as const) {
    test(`aws-lambda ${language}: no .env to fill in; the variables go into the function's configuration`, async () => {
      const parent = freshDir(`msg-lambda-${language}`);
      const result = await runCli(
        ["fn", ...NEW, "--framework", "aws-lambda", "--language", language, ...ANSWER_FLAGS],
        { cwd: parent },
      );
      assert.equal(result.code, 0, result.stderr);
      const next = steps(result.stdout);
      assert.doesNotMatch(next, /cp \.env\.example \.env/);
      assert.match(next, /variables from \.env\.example set in the function's configuration/);
      if (language === "ts") assert.match(next, /npm run build\n/);
      // The handler indeed never loads a .env file.
      const handler = readFileSync(path.join(parent, `fn/src/handler.${language}`), "utf8");
      assert.doesNotMatch(handler, /loadEnvFile|dotenv/);
    });
  }

  test("a server project still copies .env.example (it loads .env at start-up)", async () => {
    const parent = freshDir("msg-express-env");
    const result = await runCli(["api", ...NEW, "--framework", "express", ...ANSWER_FLAGS], { cwd: parent });
    assert.equal(result.code, 0, result.stderr);
    assert.match(steps(result.stdout), /cp \.env\.example \.env/);
  });

  for (const framework of ["next-app", "next-pages"] as const) {
    test(`${framework}: the same commands, in the same order, as the generated README`, async () => {
      const parent = freshDir(`msg-${framework}-steps`);
      const result = await runCli(["web", ...NEW, "--framework", framework, ...ANSWER_FLAGS], {
        cwd: parent,
      });
      assert.equal(result.code, 0, result.stderr);
      const commands = (text: string) =>
        text
          .split("\n")
          .map((line) => line.trim().replace(/\s+#.*$/, ""))
          .filter((line) => /^(npm|cp) /.test(line));
      const readme = readFileSync(path.join(parent, "web/README.md"), "utf8");
      const runIt = readme.slice(
        readme.indexOf("## Run it"),
        readme.indexOf("\n## ", readme.indexOf("## Run it") + 1),
      );
      assert.deepEqual(commands(steps(result.stdout)), commands(runIt));
      assert.deepEqual(commands(runIt), [
        "npm install",
        "cp .env.example .env",
        "npm run build",
        "npm start",
      ]);
    });
  }
});

describe("a custom --route needs the element's migrate-url", () => {
  test("new mode (a server): says which migrate-url to set", async () => {
    const parent = freshDir("msg-route-new");
    const result = await runCli(
      ["api", ...NEW, "--framework", "express", "--route", "/auth0/migrate", ...ANSWER_FLAGS],
      { cwd: parent },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /migrate-url to\nhttp:\/\/localhost:3001\/auth0\/migrate\n/);
  });

  test("new mode (Next.js): the website's origin and the route", async () => {
    const parent = freshDir("msg-route-next-new");
    const result = await runCli(
      ["web", ...NEW, "--framework", "next-app", "--route", "/foo/bar", ...ANSWER_FLAGS],
      { cwd: parent },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /migrate-url to\nhttp:\/\/localhost:3000\/foo\/bar\n/);
  });

  test("add mode (Next.js): the instructions say it next to the rewrite", async () => {
    const dir = freshDir("msg-route-next-add");
    writeFileSync(
      path.join(dir, "package.json"),
      '{ "name": "web", "dependencies": { "next": "^16.0.0" } }\n',
    );
    const result = await runCli(["--yes", "--route", "/foo/bar", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /source: "\/foo\/bar"/);
    assert.match(result.stdout, /set `migrate-url` to `http:\/\/localhost:3000\/foo\/bar`/);
    assert.doesNotMatch(result.stdout, /calls `\/foo\/bar` by default/);
  });

  test("add mode (a server): says which migrate-url to set", async () => {
    const dir = freshDir("msg-route-add");
    writeFileSync(
      path.join(dir, "package.json"),
      '{ "name": "api", "dependencies": { "hono": "^4.0.0" } }\n',
    );
    const result = await runCli(["--yes", "--route", "/m", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /migrate-url to\nhttp:\/\/localhost:3001\/m\n/);
  });

  test("the default route needs nothing", async () => {
    const parent = freshDir("msg-route-default");
    const result = await runCli(["api", ...NEW, "--framework", "express", ...ANSWER_FLAGS], { cwd: parent });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /migrate-url/);
  });
});

describe("usage errors", () => {
  test("a target path through a file: exit 2, one line, nothing written", async () => {
    const parent = freshDir("msg-through-file");
    writeFileSync(path.join(parent, "notes.txt"), "a file\n");
    for (const target of ["notes.txt/api", "notes.txt/a/b", "/dev/null/x"]) {
      const result = await runCli([target, ...NEW, "--framework", "express", ...ANSWER_FLAGS], {
        cwd: parent,
      });
      assert.equal(result.code, 2, `${target}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.match(result.stderr, /is a file, not a directory/);
      assert.doesNotMatch(result.stderr, /ENOTDIR/);
    }
    assert.deepEqual(listFiles(parent), ["notes.txt"]);
    assert.ok(!existsSync("/dev/null/x"));
  });

  test("a bad value is explained with the flag's name, never an internal key", async () => {
    for (const [flag, value, reason] of [
      ["--auth0-domain", "10.0.0.1", /^error: --auth0-domain must be a domain like/],
      ["--audience", "a".repeat(300), /^error: --audience is too long \(200 characters at most\)/],
      ["--audience", "a<b", /^error: --audience must not contain .*</],
      ["--audience", "a$b", /^error: --audience must not contain .*\$/],
    ] as const) {
      const flags = ["--auth0-domain", "tenant.eu.auth0.com", "--audience", "x"];
      flags[flags.indexOf(flag) + 1] = value;
      const result = await runCli(["api", ...NEW, "--framework", "express", ...flags]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, reason);
      assert.doesNotMatch(result.stderr, /auth0Domain|--audience audience/);
      assert.ok(result.stderr.length < 300, "the value is shortened");
    }
  });

  test("every missing required flag in one line", async () => {
    const result = await runCli(["api", ...NEW, "--framework", "express"]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split("\n").length, 1);
    assert.match(result.stderr, /--auth0-domain <domain> and --audience <id>/);
  });
});
