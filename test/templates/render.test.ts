// The renderer (packages/cli/src/templates.ts) and the template build (packages/cli/scripts/build-templates.ts).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { documentTypes, lowerDecorators, toJavaScript } from "../../packages/cli/scripts/build-templates.js";
import {
  addModeInstructions,
  availableFrameworks,
  FRAMEWORKS,
  renderTemplate,
  TemplateValueError,
  type TemplateValues,
  validateTemplateValues,
} from "../../packages/cli/src/templates.js";
import { builtTemplates, removeBuiltTemplates, repoRoot } from "../contract/generate.js";

const values: TemplateValues = {
  projectName: "my-migration",
  route: "/migrate-session",
  auth0Domain: "tenant.eu.auth0.com",
  audience: "https://api.example.com/",
  websiteDomain: "http://localhost:3000",
  apiDomain: "http://localhost:3001",
  allowOpaque: false,
};

describe("template renderer", () => {
  let templatesDir: string;
  before(() => {
    templatesDir = builtTemplates();
  });
  after(removeBuiltTemplates);

  test("lists the frameworks that were built, in FRAMEWORKS order", () => {
    const available = availableFrameworks(templatesDir);
    assert.ok(available.includes("express"));
    assert.deepEqual(
      available,
      FRAMEWORKS.filter((f) => available.includes(f)),
    );
    assert.deepEqual(availableFrameworks(join(templatesDir, "missing")), []);
  });

  test("new mode: a complete project per language, dotfiles restored, every placeholder filled", () => {
    for (const language of ["ts", "js"] as const) {
      const files = renderTemplate({ framework: "express", language, mode: "new", values, templatesDir });
      const paths = files.map((f) => f.path);
      const ext = language;
      const expected = [
        ".env.example",
        ".gitignore",
        "README.md",
        "package.json",
        `src/server.${ext}`,
        `src/session-migration/config.${ext}`,
        `src/session-migration/express.${ext}`,
        `src/session-migration/failure.${ext}`,
        `src/session-migration/migrate-session.${ext}`,
        `src/session-migration/userinfo.${ext}`,
        `src/session-migration/verify-token.${ext}`,
        ...(language === "ts" ? ["tsconfig.json"] : []),
      ].sort((a, b) => a.localeCompare(b));
      assert.deepEqual(paths, expected);
      for (const file of files) assert.doesNotMatch(file.contents, /\{\{\w+\}\}/, file.path);
      const env = files.find((f) => f.path === ".env.example")?.contents ?? "";
      assert.match(env, /^AUTH0_DOMAIN=tenant\.eu\.auth0\.com$/m);
      assert.match(env, /^AUTH0_AUDIENCE=https:\/\/api\.example\.com\/$/m);
      assert.match(env, /^WEBSITE_DOMAIN=http:\/\/localhost:3000$/m);
      assert.match(env, /^PORT=3001$/m);
      const pkg = JSON.parse(files.find((f) => f.path === "package.json")?.contents ?? "") as Record<
        string,
        never
      >;
      assert.equal(pkg.name, "my-migration");
      const readme = files.find((f) => f.path === "README.md")?.contents ?? "";
      assert.equal(readme.includes("npm run build"), language === "ts");
      assert.doesNotMatch(readme, /<!--/);
    }
  });

  test("the JavaScript variant has no TypeScript left and keeps the comments", () => {
    const files = renderTemplate({ framework: "express", language: "js", mode: "new", values, templatesDir });
    const pkg = JSON.parse(files.find((f) => f.path === "package.json")?.contents ?? "{}") as {
      scripts: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    assert.deepEqual(pkg.scripts, { start: "node src/server.js" });
    assert.equal(pkg.devDependencies, undefined);
    const dir = join(repoRoot, "test", ".tmp", `render-js-${process.pid}`);
    try {
      for (const file of files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.contents);
      }
      for (const file of files.filter((f) => f.path.endsWith(".js"))) {
        // Parses as a module: no type annotation survived.
        execFileSync(process.execPath, ["--check", join(dir, file.path)]);
        assert.doesNotMatch(file.contents, /^\s*(export )?(interface|type) /m, file.path);
      }
      const verify = files.find((f) => f.path.endsWith("verify-token.js"))?.contents ?? "";
      assert.match(verify, /jku, x5u and jwk headers in a token are ignored/);
      assert.match(verify, /^\/\/ Decides whose Auth0 access token this is/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("add mode: only the core and the adapter, plus instructions", () => {
    const files = renderTemplate({ framework: "express", language: "ts", mode: "add", values, templatesDir });
    assert.ok(files.every((f) => f.path.startsWith("src/session-migration/")));
    assert.ok(files.some((f) => f.path === "src/session-migration/express.ts"));
    assert.equal(files.length, 6);
    const text = addModeInstructions({ framework: "express", language: "js", values, templatesDir });
    assert.match(text, /sessionMigrationRouter\(migration, "\/migrate-session"\)/);
    assert.match(text, /AUTH0_DOMAIN=tenant\.eu\.auth0\.com/);
    assert.match(text, /express\.js/);
    assert.doesNotMatch(text, /\{\{|<!--/);
  });

  test("add mode: a snippet per language (typed for TypeScript), without markers or runs of blank lines", () => {
    for (const framework of ["next-app", "next-pages"] as const) {
      const ts = addModeInstructions({ framework, language: "ts", values, templatesDir });
      const js = addModeInstructions({ framework, language: "js", values, templatesDir });
      assert.match(ts, /```ts\n[\s\S]*let migration: SessionMigration \| undefined;/, framework);
      assert.doesNotMatch(ts, /```js/, framework);
      assert.match(js, /```js\n[\s\S]*let migration;/, framework);
      assert.doesNotMatch(js, /```ts|: SessionMigration|: Promise</, framework);
      for (const text of [ts, js]) {
        assert.doesNotMatch(text, /<!--/, framework);
        assert.doesNotMatch(text, /\n[ \t]*\n[ \t]*\n/, framework);
      }
    }
  });

  test("add mode tells an app without supertokens-node how to initialise it, and only such an app", () => {
    for (const framework of availableFrameworks(templatesDir)) {
      const base = { framework, language: "ts" as const, values, templatesDir };
      const withInit = addModeInstructions({ ...base, hasSupertokens: false });
      assert.match(withInit, /supertokens\.init\(\{/, framework);
      assert.match(withInit, /framework: "(express|fastify|koa|hapi|custom|awsLambda)"/, framework);
      assert.match(withInit, /apiDomain: "http:\/\/localhost:3001"/, framework);
      // Where the framework's SuperTokens routes are: Next.js serves them from its api folder.
      const basePath = framework.startsWith("next-") ? "/api/auth" : "/auth";
      assert.match(withInit, new RegExp(`apiBasePath: "${basePath}"`), framework);
      if (framework.startsWith("next-")) assert.match(withInit, /api\/auth\/\[\[\.\.\.path\]\]/, framework);
      assert.ok(withInit.endsWith(addModeInstructions(base)), framework);
      assert.doesNotMatch(
        addModeInstructions({ ...base, hasSupertokens: true }),
        /has no SuperTokens yet/,
        framework,
      );
      assert.match(withInit, /has no SuperTokens yet/, framework);
    }
  });

  test("values land in code through JSON.stringify, and an issuer URL becomes AUTH0_ISSUER_BASE_URL", () => {
    const files = renderTemplate({
      framework: "express",
      language: "ts",
      mode: "new",
      values: {
        ...values,
        route: "/auth0/migrate",
        auth0Domain: "https://login.example.com",
        allowOpaque: true,
      },
      templatesDir,
    });
    const server = files.find((f) => f.path === "src/server.ts")?.contents ?? "";
    assert.match(server, /const migrationRoute = "\/auth0\/migrate";/);
    assert.match(server, /appName: "my-migration"/);
    const env = files.find((f) => f.path === ".env.example")?.contents ?? "";
    assert.match(env, /^AUTH0_ISSUER_BASE_URL=https:\/\/login\.example\.com\/$/m);
    assert.match(env, /^AUTH0_ALLOW_OPAQUE=true$/m);
  });

  test("hostile or malformed values are refused with every problem named", () => {
    const bad: [Partial<TemplateValues>, RegExp][] = [
      [{ projectName: 'x"; require("child_process")' }, /projectName/],
      [{ projectName: "My App" }, /projectName/],
      [{ projectName: "UPPER" }, /projectName/],
      [{ route: "migrate" }, /route/],
      [{ route: "/a//b" }, /route/],
      [{ route: "/a?b=1" }, /route/],
      [{ route: "/$(reboot)" }, /route/],
      [{ audience: "https://api\nINJECTED=1" }, /audience/],
      [{ audience: "" }, /audience is required/],
      [{ auth0Domain: "http://tenant.auth0.com" }, /auth0Domain/],
      [{ auth0Domain: "tenant" }, /auth0Domain/],
      [{ auth0Domain: "https://tenant.auth0.com/authorize" }, /auth0Domain/],
      [{ websiteDomain: "localhost:3000" }, /websiteDomain/],
      [{ apiDomain: "http://localhost:3001/api" }, /apiDomain/],
      [{ allowOpaque: "yes" as unknown as boolean }, /allowOpaque/],
    ];
    for (const [change, expected] of bad) {
      const problems = validateTemplateValues({ ...values, ...change });
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${JSON.stringify(change)}: ${problems.join("; ")}`,
      );
      assert.throws(
        () =>
          renderTemplate({
            framework: "express",
            language: "ts",
            mode: "new",
            values: { ...values, ...change },
            templatesDir,
          }),
        TemplateValueError,
      );
    }
    assert.deepEqual(validateTemplateValues(values), []);
    assert.deepEqual(
      validateTemplateValues({ ...values, auth0Domain: "http://127.0.0.1:4000/", projectName: "@me/app" }),
      [],
    );
  });

  test("a framework without a built template is an error, not an empty project", () => {
    assert.throws(() =>
      renderTemplate({
        framework: "hapi",
        language: "ts",
        mode: "new",
        values,
        templatesDir: join(templatesDir, "x"),
      }),
    );
  });

  test("dependencies are pinned to the majors installed at the repo root", () => {
    for (const framework of readdirSync(join(repoRoot, "templates"), { withFileTypes: true })) {
      if (!framework.isDirectory() || framework.name === "core") continue;
      const pkg = JSON.parse(
        readFileSync(join(repoRoot, "templates", framework.name, "package.json"), "utf8"),
      ) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
        const installed = JSON.parse(
          readFileSync(join(repoRoot, "node_modules", name, "package.json"), "utf8"),
        ) as {
          version: string;
        };
        const major = (version: string) => version.replace(/^[\^~]/, "").split(".")[0];
        assert.equal(
          major(range),
          major(installed.version),
          `${framework.name}: ${name} ${range} vs ${installed.version}`,
        );
      }
    }
  });
});

describe("JavaScript derivation (ts-blank-space, then tidy)", () => {
  test("drops private type-only declarations with their doc comments, keeps other comments", () => {
    const source = [
      "// File header stays.",
      'import type { A } from "./a.js";',
      'import x, { type B } from "./b.js";',
      "",
      "/** Describes Shape: goes with it. */",
      "interface Shape {",
      "  /** inner */",
      "  size: number;",
      "}",
      "",
      "// Why this function exists: stays.",
      "export function area(shape: Shape, scale: number = 1): number {",
      "  return (shape as { size: number }).size ** 2 * scale!;",
      "}",
      "",
    ].join("\n");
    const js = toJavaScript(source, "shape.ts");
    assert.equal(
      js,
      [
        "// File header stays.",
        'import x from "./b.js";',
        "",
        "// Why this function exists: stays.",
        "export function area(shape, scale = 1) {",
        "  return shape.size ** 2 * scale;",
        "}",
        "",
      ].join("\n"),
    );
  });

  test("exported interfaces and types stay documented in JavaScript, as JSDoc typedefs in their place", () => {
    const source = [
      'import type { Other } from "./other.js";',
      "",
      "/** What a request carries. */",
      "export interface Request {",
      "  /** The `Origin` header, if any. */",
      "  origin: string | undefined;",
      "  /** Reads the body. */",
      "  readBody(limit: number): Promise<unknown>;",
      "  extra?: Other;",
      "}",
      "",
      "/** Private: erased. */",
      "interface Hidden {",
      "  x: number;",
      "}",
      "",
      'export type Status = "OK" | "FAILED";',
      "",
      "export function f(r: Request, h: Hidden): Status {",
      '  return r.origin && h ? "OK" : "FAILED";',
      "}",
      "",
    ].join("\n");
    assert.equal(
      toJavaScript(source, "types.ts"),
      [
        "/**",
        " * What a request carries.",
        " * @typedef {object} Request",
        " * @property {string | undefined} origin The `Origin` header, if any.",
        " * @property {(limit: number) => Promise<unknown>} readBody Reads the body.",
        " * @property {Other} [extra]",
        " */",
        "",
        "/**",
        ' * @typedef {"OK" | "FAILED"} Status',
        " */",
        "",
        "export function f(r, h) {",
        '  return r.origin && h ? "OK" : "FAILED";',
        "}",
        "",
      ].join("\n"),
    );
    assert.equal(documentTypes("export const a = 1;\n"), "export const a = 1;\n", "nothing to document");
  });

  test("decorators become plain calls after their class in the JavaScript variant (NestJS)", () => {
    const source = [
      "// Header.",
      'import { Controller, Get, Inject, Module, Req } from "@nestjs/common";',
      "",
      "/** Doc stays. */",
      '@Controller("cats")',
      "export class Cats {",
      "  constructor(@Inject(TOKEN) private readonly t: unknown) {}",
      "",
      "  plain(): void {}",
      "",
      '  @Get(":id")',
      "  find(@Req() req: Request, id: string): string {",
      "    return id;",
      "  }",
      "}",
      "",
      "@Module({})",
      "export class CatsModule {}",
      "",
    ].join("\n");
    const lowered = lowerDecorators(source, "cats.ts");
    assert.doesNotMatch(lowered, /^\s*@|\(@/m, "no decorator syntax left");
    assert.deepEqual(
      lowered.split("\n").filter((line) => /^\w+\(.*\)\(/.test(line)),
      [
        'Controller("cats")(Cats);',
        "Inject(TOKEN)(Cats, undefined, 0);",
        'Get(":id")(Cats.prototype, "find", Object.getOwnPropertyDescriptor(Cats.prototype, "find"));',
        'Req()(Cats.prototype, "find", 0);',
        "Module({})(CatsModule);",
      ],
    );
    assert.match(lowered, /^\/\/ Header\.\n\/\/\n\/\/ Nest's decorators are applied as plain calls/);
    assert.match(lowered, /\/\*\* Doc stays\. \*\/\nexport class Cats \{/, "the class keeps its doc comment");
    // Source without decorators is left as it is.
    assert.equal(lowerDecorators("export class A {}\n", "a.ts"), "export class A {}\n");
  });

  test("decorators the lowering cannot express are refused at build time", () => {
    for (const code of [
      "class A { @Dec() static s(): void {} }",
      "class A { @Dec() field = 1; }",
      "class A { @Dec() get x(): number { return 1; } }",
    ]) {
      assert.throws(() => lowerDecorators(code, "a.ts"), /decorators are supported on/, code);
    }
  });

  test("TypeScript that cannot be erased is refused at build time", () => {
    assert.throws(() => toJavaScript("enum Color { Red }\n", "color.ts"), /cannot be erased/);
    assert.throws(
      () => toJavaScript("class A { constructor(private x: number) {} }\n", "a.ts"),
      /cannot be erased/,
    );
  });
});
