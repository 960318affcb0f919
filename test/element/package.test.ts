// The published shape of auth0-session-migrator, checked on the BUILT package (`npm run build -w packages/element`,
// which `npm test` runs first): exports and ./define with types, unbundled ESM with .d.ts, the dependency list,
// custom-elements.json content, and the typings a consumer gets (tag name map and typed events), compiled with tsc
// through the package name exactly as an app would import it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(import.meta.dirname, "../..");
const pkgDir = path.join(root, "packages/element");
const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as {
  name: string;
  type: string;
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
  customElements: string;
  files: string[];
};
const dist = path.join(pkgDir, "dist");
const built = existsSync(path.join(dist, "index.js")) && existsSync(path.join(dist, "define.d.ts"));

test("the element is built (npm run build -w packages/element)", () => {
  assert.ok(built, "packages/element/dist is missing: run `npm run build -w packages/element` first");
});

test("exports: '.' and './define', each with a .d.ts; ESM; lit and the two SDKs are the only dependencies", () => {
  assert.equal(pkg.type, "module");
  for (const entry of [".", "./define"]) {
    const target = pkg.exports[entry];
    assert.ok(target && typeof target === "object", `${entry} has conditions`);
    for (const file of [target.types, target.default]) {
      assert.ok(existsSync(path.join(pkgDir, file)), `${entry} -> ${file} exists`);
    }
    assert.match(target.types, /\.d\.ts$/);
  }
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), [
    "@auth0/auth0-spa-js",
    "lit",
    "supertokens-web-js",
  ]);
  assert.equal(pkg.customElements, "custom-elements.json");
  assert.ok(pkg.files.includes("custom-elements.json") && pkg.files.includes("dist"));
});

test("dist is unbundled, unminified ES modules: lit imported by name, sibling modules by relative .js paths", () => {
  const element = readFileSync(path.join(dist, "auth0-session-migrator.js"), "utf8");
  assert.match(element, /from "lit"/, "lit stays a bare import (deduplicated by the app's bundler)");
  assert.doesNotMatch(
    element,
    /class \w+ extends ReactiveElement|customElements\.define\("lit-/,
    "lit not inlined",
  );
  assert.ok(element.split("\n").length > 50, "not minified");
  // Every relative import in every module resolves to a file in dist, with its extension.
  for (const file of ["index.js", "define.js", "auth0-session-migrator.js", "flow.js", "loaders.js"]) {
    const source = readFileSync(path.join(dist, file), "utf8");
    const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((m) => m[1]);
    for (const spec of specifiers) {
      assert.match(spec, /\.js$/, `${file}: ${spec} has an extension`);
      assert.ok(existsSync(path.join(dist, spec)), `${file}: ${spec} exists`);
    }
    assert.ok(existsSync(path.join(dist, file.replace(/\.js$/, ".d.ts"))), `${file} has a .d.ts`);
  }
  // The SDKs are dynamic imports, never static ones (a page without an Auth0 session must not load them).
  const loaders = readFileSync(path.join(dist, "loaders.js"), "utf8");
  assert.match(loaders, /import\("@auth0\/auth0-spa-js"\)/);
  assert.doesNotMatch(loaders, /^import .*(auth0-spa-js|supertokens-web-js)/m);
});

test("custom-elements.json describes the tag, its attributes, events, slots, parts and custom properties", () => {
  type Named = { name: string; type?: { text: string }; reflects?: boolean };
  const manifest = JSON.parse(readFileSync(path.join(pkgDir, "custom-elements.json"), "utf8")) as {
    modules: {
      path: string;
      declarations?: (Named & {
        customElement?: boolean;
        tagName?: string;
        attributes?: Named[];
        members?: Named[];
        events?: Named[];
        slots?: Named[];
        cssParts?: Named[];
        cssProperties?: Named[];
      })[];
    }[];
  };
  const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement));
  assert.equal(elements.length, 1);
  const [el] = elements;
  assert.equal(el.tagName, "auth0-session-migrator");
  const names = (list: Named[] | undefined) => (list ?? []).map((x) => x.name);
  // The attributes the issue names after auth0-spa-js's options, plus the element's own.
  for (const attr of [
    "domain",
    "client-id",
    "audience",
    "scope",
    "cache-location",
    "use-refresh-tokens",
    "timeout",
    "api-domain",
    "api-base-path",
    "migrate-url",
    "detect",
    "auth0-logout",
    "max-attempts",
    "manual",
    "state",
  ]) {
    assert.ok(names(el.attributes).includes(attr), `attribute ${attr}`);
  }
  assert.equal(el.members?.find((m) => m.name === "state")?.reflects, true, "state reflects");
  assert.deepEqual(names(el.events).sort(), [
    "auth0-migration-complete",
    "auth0-migration-error",
    "auth0-migration-skipped",
    "auth0-migration-start",
  ]);
  assert.match(el.events?.find((e) => e.name === "auth0-migration-error")?.type?.text ?? "", /attempts/);
  assert.deepEqual(names(el.slots).sort(), ["done", "error", "migrating"]);
  assert.deepEqual(names(el.cssParts).sort(), ["error", "label", "spinner", "status"]);
  assert.ok(names(el.cssProperties).length >= 3);
  for (const prop of names(el.cssProperties)) assert.match(prop, /^--auth0-session-migrator-/);
});

test("a consumer's TypeScript sees the tag in HTMLElementTagNameMap and the events' details typed", () => {
  const dir = path.join(root, "test/.tmp/element-consumer");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["app.ts"],
      }),
    );
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module", "private": true }\n');
    // Resolved through node_modules/auth0-session-migrator (the workspace link), i.e. the package's exports.
    writeFileSync(
      path.join(dir, "app.ts"),
      `import "${pkg.name}/define";
import { type Auth0SessionMigrator, migrateAuth0Session, type MigrationResult } from "${pkg.name}";

const el: Auth0SessionMigrator = document.createElement("auth0-session-migrator");
el.clientId = "abc";
el.cacheLocation = "localstorage";
// @ts-expect-error: enumerated attributes are typed as their values
el.cacheLocation = "memroy";
const found: Auth0SessionMigrator | null = document.querySelector("auth0-session-migrator");
el.addEventListener("auth0-migration-complete", (e) => {
  const userId: string = e.detail.userId;
  console.log(userId, found);
});
el.addEventListener("auth0-migration-skipped", (e) => {
  const reason: "no-auth0-session" | "already-migrated" | "auth0-login-required" = e.detail.reason;
  // @ts-expect-error: the reason is a union of three strings, not any string
  const wrong: "something-else" = e.detail.reason;
  console.log(reason, wrong);
});
document.addEventListener("auth0-migration-error", (e) => {
  const code: string = e.detail.code;
  const attempts: number = e.detail.attempts;
  const status: number | undefined = e.detail.status;
  // @ts-expect-error: details are typed, not any
  console.log(code, attempts, status, e.detail.nope);
});
window.addEventListener("auth0-migration-start", (e) => console.log(e.detail.clientId.length));
const result: Promise<MigrationResult> = migrateAuth0Session({ clientId: "abc", domain: "t.example.com" });
void result;
`,
    );
    const tsc = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", dir], {
      encoding: "utf8",
    });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the CDN build ships the licences of the code it bundles (its minified files keep no comments)", () => {
  const text = readFileSync(path.join(dist, "cdn/THIRD-PARTY-LICENSES.md"), "utf8");
  for (const name of [
    "lit",
    "lit-html",
    "@lit/reactive-element",
    "@auth0/auth0-spa-js",
    "supertokens-web-js",
  ]) {
    const section = text.split(/^## /m).find((s) => s.startsWith(`${name}@`));
    assert.ok(section, `${name} is listed`);
  }
  assert.match(text, /## lit-html@[^\n]*\n\n[^#]*Copyright/, "lit-html's BSD notice is reproduced");
});
