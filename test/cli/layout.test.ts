// Add mode writes into the app's own layout and prints instructions that work there:
// - Next.js with src/app or src/pages (Next ignores a root app/ or pages/ only when they are absent): the files go
//   under src/, and the route and the SuperTokens setup the instructions print, written where they say, typecheck;
// - servers: the files go beside the entry file (dev/start script, package.json main, or a usual name), else into
//   src/, else at the root, and the printed imports run from the file the instructions name;
// - what was added is listed first, then the numbered steps from 0 (supertokens.init) on.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { ANSWER_FLAGS, freshDir, listFiles, runCli, typecheck } from "./helpers.js";

const CORE = ["config", "failure", "migrate-session", "userinfo", "verify-token"];

function write(dir: string, file: string, contents: string) {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), contents);
}

/** Lines of an indented block in the instructions, without the three-space indent. */
const unindent = (block: string) =>
  block
    .split("\n")
    .map((line) => line.replace(/^ {3}/, ""))
    .join("\n");

describe("Next.js with src/", () => {
  for (const [framework, router, adapter] of [
    ["next-app", "src/app", "next-app"],
    ["next-pages", "src/pages", "next-pages"],
  ] as const) {
    test(`${router}: files under src/, and the printed route and SuperTokens setup typecheck there`, async () => {
      const dir = freshDir(`layout-${framework}-src`);
      write(
        dir,
        "package.json",
        `${JSON.stringify({ name: "shop", private: true, dependencies: { next: "^16.0.0" } })}\n`,
      );
      write(dir, `${router}/index.tsx`, "export default 1;\n");
      write(
        dir,
        "tsconfig.json",
        `${JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            lib: ["dom", "esnext"],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            module: "esnext",
            moduleResolution: "bundler",
            isolatedModules: true,
            verbatimModuleSyntax: true,
            types: ["node"],
          },
          include: ["src/**/*.ts"],
        })}\n`,
      );
      const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      const out = result.stdout;
      assert.match(out, new RegExp(`detected: "next" in package.json and ${router}/`));

      // Written under src/, nothing at the root where Next would then ignore src/.
      const written = listFiles(dir).filter((f) => f.includes("session-migration"));
      assert.deepEqual(
        written,
        [...CORE, adapter].map((name) => `src/lib/session-migration/${name}.ts`).sort(),
      );
      assert.ok(!existsSync(path.join(dir, "lib")), "nothing at the root");
      assert.match(out, /- `src\/lib\/session-migration\/`:/);

      // Step 0: the file to create for SuperTokens, and what goes in it.
      const backend = /create\n {3}`([^`]+)` \(the route below imports it\):\n([\s\S]*?)\n {3}Then add/.exec(
        out,
      );
      assert.ok(backend, "step 0 names the file to create");
      assert.equal(backend[1], "src/config/backend.ts");
      assert.match(backend[2], /export function ensureSuperTokensInit\(\)/);
      // The SuperTokens routes go into the same router directory.
      assert.match(out, new RegExp(`create ${router}/api/auth/\\[\\[\\.\\.\\.path\\]\\]`));

      // Step 2: the route file, and its code.
      const route = /2\. Create `([^`]+)`/.exec(out);
      assert.ok(route, "step 2 names the route file");
      assert.equal(
        route[1],
        framework === "next-app"
          ? "src/app/api/migrate-session/route.ts"
          : "src/pages/api/migrate-session.ts",
      );
      const code = /```ts\n([\s\S]*?)\n {3}```/.exec(out);
      assert.ok(code, "step 2 has the route's code");

      // Doing exactly that gives a project whose imports resolve and whose types check.
      write(dir, backend[1], `${unindent(backend[2])}\n`);
      write(dir, route[1], `${unindent(code[1])}\n`);
      const tsc = typecheck(dir);
      assert.equal(tsc.code, 0, tsc.output);
    });
  }

  test("a root app/ wins over src/app (as in Next.js): files stay at the root", async () => {
    const dir = freshDir("layout-next-both");
    write(dir, "package.json", '{ "name": "shop", "dependencies": { "next": "^16.0.0" } }\n');
    write(dir, "app/page.jsx", "export default 1;\n");
    write(dir, "src/app/page.jsx", "export default 1;\n");
    const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(path.join(dir, "lib/session-migration/next-app.js")));
    assert.ok(!existsSync(path.join(dir, "src/lib")));
    assert.match(result.stdout, /2\. Create `app\/api\/migrate-session\/route\.js`/);
    assert.match(result.stdout, /`config\/backend\.js`/);
  });
});

describe("servers: files where the entry file can import them", () => {
  const cases: {
    name: string;
    pkg: Record<string, unknown>;
    files: string[];
    coreDir: string;
    from: string;
    run?: string;
  }[] = [
    {
      name: "main at the root, no src/",
      pkg: { main: "index.js" },
      files: ["index.js"],
      coreDir: "session-migration",
      from: "In `index.js`,",
      run: "index.js",
    },
    {
      name: "the dev script's file in src/ (main points at a build output)",
      pkg: {
        main: "dist/server.js",
        scripts: { dev: "node --watch src/server.js", start: "node dist/server.js" },
      },
      files: ["src/server.js", "dist/server.js"],
      coreDir: "src/session-migration",
      from: "In `src/server.js`,",
      run: "src/server.js",
    },
    {
      name: "a usual name (server.js) at the root, although src/ exists",
      pkg: {},
      files: ["server.js", "src/routes.js"],
      coreDir: "session-migration",
      from: "In `server.js`,",
      run: "server.js",
    },
    {
      name: "no entry file, but src/",
      pkg: { scripts: { start: "node --env-file=.env ." } },
      files: ["src/routes.js"],
      coreDir: "src/session-migration",
      from: "In a file in `src/`,",
    },
    {
      name: "no entry file and no src/",
      pkg: {},
      files: ["routes.txt"],
      coreDir: "session-migration",
      from: "In a file at the root of your app,",
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const dir = freshDir(`layout-express-${c.name.replace(/[^a-z]+/gi, "-").slice(0, 40)}`);
      write(
        dir,
        "package.json",
        `${JSON.stringify({ name: "shop", type: "module", ...c.pkg, dependencies: { express: "^5.0.0" } })}\n`,
      );
      for (const file of c.files) write(dir, file, "// the app's own code\n");
      const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        listFiles(dir).filter((f) => f.includes("session-migration")),
        [...CORE, "express"].map((name) => `${c.coreDir}/${name}.js`).sort(),
      );
      assert.match(result.stdout, new RegExp(`files in +${c.coreDir.replace(/\//g, "\\/")}/`));
      assert.ok(result.stdout.includes(`- \`${c.coreDir}/\`:`), "the summary names the folder");
      assert.ok(result.stdout.includes(`2. ${c.from} mount the route`), c.from);
      if (!c.run) return;
      // The printed imports, pasted into the file the instructions name, load the migration.
      const imports = result.stdout
        .split("\n")
        .filter((line) => /^ {3}import \{ .+ \} from "\.\/session-migration\//.test(line))
        .map((line) => line.trim());
      assert.equal(imports.length, 3, result.stdout);
      write(dir, c.run, `${imports.join("\n")}\nconsole.log(typeof sessionMigrationRouter);\n`);
      const run = spawnSync(process.execPath, [c.run], { cwd: dir, encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, "function\n");
    });
  }
});

test("add mode lists what it added first, then the steps from 0 (SuperTokens) to 3", async () => {
  const dir = freshDir("layout-order");
  write(dir, "package.json", '{ "name": "shop", "dependencies": { "koa": "^3.0.0" } }\n');
  const result = await runCli(["--yes", ...ANSWER_FLAGS], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const at = (text: string) => {
    const index = result.stdout.indexOf(text);
    assert.ok(index >= 0, text);
    return index;
  };
  const order = [
    at("Added the session migration to your Koa app:"),
    at("\nNow add this to your app:\n0. Your app has no SuperTokens yet"),
    at("\n1. Install"),
    at("\n2. "),
    at("\n3. Set these environment variables"),
  ];
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
});
