// Renders the endpoint templates built by scripts/build-templates.ts into the files of a user's project. Every value
// that lands in code goes through JSON.stringify, and every value is validated first: nothing typed at a prompt can
// change what the generated code does.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const FRAMEWORKS = [
  "express",
  "fastify",
  "koa",
  "hapi",
  "nestjs",
  "next-app",
  "next-pages",
  "hono",
  "aws-lambda",
] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export type Language = "ts" | "js";
export type Mode = "new" | "add";

export interface TemplateValues {
  /** package.json name in new mode (an npm package name). */
  projectName: string;
  /** Path of the migration route under the API base path; starts with "/". Default "/migrate-session". */
  route: string;
  /** "tenant.eu.auth0.com" or an issuer URL "https://login.example.com/". */
  auth0Domain: string;
  /** Auth0 API identifier. */
  audience: string;
  /** Website origin, e.g. "http://localhost:3000". */
  websiteDomain: string;
  /** API origin, e.g. "http://localhost:3001". */
  apiDomain: string;
  allowOpaque: boolean;
}

export interface RenderedFile {
  /** POSIX path relative to the target directory. */
  path: string;
  contents: string;
}

export class TemplateValueError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid template values: ${problems.join("; ")}`);
    this.name = "TemplateValueError";
    this.problems = problems;
  }
}

interface Manifest {
  frameworks: Partial<
    Record<Framework, { coreDir: string; addFiles: string[]; coreImports?: "extensionless" }>
  >;
}

// Template files whose names npm or editors would treat specially are stored under another name.
const RENAMES: Record<string, string> = { _gitignore: ".gitignore", "_env.example": ".env.example" };

/** Where the built templates are: next to the bundle (dist/index.js) or, from source, in ../dist. */
export function defaultTemplatesDir(): string {
  for (const candidate of ["./templates/", "../dist/templates/"]) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(join(dir, "manifest.json"))) return dir;
  }
  return fileURLToPath(new URL("../dist/templates/", import.meta.url));
}

function readManifest(templatesDir: string): Manifest {
  const file = join(templatesDir, "manifest.json");
  if (!existsSync(file)) return { frameworks: {} };
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

/** Frameworks whose built templates exist, in FRAMEWORKS order. */
export function availableFrameworks(templatesDir = defaultTemplatesDir()): Framework[] {
  const { frameworks } = readManifest(templatesDir);
  return FRAMEWORKS.filter((framework) => frameworks[framework] !== undefined);
}

/** The path the auth0-session-migrator element posts to on its api-domain when migrate-url is not set. */
export const DEFAULT_ROUTE = "/migrate-session";

const NPM_NAME = /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const ROUTE = /^(\/[A-Za-z0-9\-._~]+)+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// Characters that could end a string, a line or a shell word wherever a value is written.
const UNSAFE_CHARACTERS = /["'`\\\s<>$]/;
/** UNSAFE_CHARACTERS and control characters, for messages. */
export const UNSAFE_IN_WORDS = "spaces, quotes, backslashes, <, >, $ or newlines";
const isUnsafe = (value: string) =>
  UNSAFE_CHARACTERS.test(value) ||
  [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

/** Human-readable problems with the values; [] when they are all valid. */
export function validateTemplateValues(values: TemplateValues): string[] {
  const problems: string[] = [];
  const strings: (keyof TemplateValues)[] = [
    "projectName",
    "route",
    "auth0Domain",
    "audience",
    "websiteDomain",
    "apiDomain",
  ];
  for (const key of strings) {
    const value = values[key];
    if (typeof value !== "string" || value === "") problems.push(`${key} is required`);
    else if (isUnsafe(value)) problems.push(`${key} must not contain ${UNSAFE_IN_WORDS}`);
    else if (value.length > 200) problems.push(`${key} is too long`);
  }
  if (typeof values.allowOpaque !== "boolean") problems.push("allowOpaque must be true or false");
  if (problems.length > 0) return problems;

  if (values.projectName.length > 214 || !NPM_NAME.test(values.projectName)) {
    problems.push("projectName must be a valid npm package name (lowercase letters, digits, - . _ ~)");
  }
  if (!ROUTE.test(values.route)) problems.push('route must be a path like "/migrate-session"');
  if (auth0Issuer(values.auth0Domain) === undefined) {
    problems.push(
      "auth0Domain must be a domain like tenant.eu.auth0.com or an https issuer URL without a path",
    );
  }
  for (const key of ["websiteDomain", "apiDomain"] as const) {
    if (asOrigin(values[key]) === undefined)
      problems.push(`${key} must be an origin like http://localhost:3000`);
  }
  return problems;
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

function asOrigin(raw: string): string | undefined {
  const url = parseUrl(raw);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return undefined;
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== "/" && url.pathname !== "")
  ) {
    return undefined;
  }
  return raw.replace(/\/$/, "") === url.origin ? url.origin : undefined;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The setting for .env: a bare domain stays AUTH0_DOMAIN, a URL becomes AUTH0_ISSUER_BASE_URL. */
function auth0Issuer(raw: string): { name: string; value: string } | undefined {
  if (DOMAIN.test(raw)) return { name: "AUTH0_DOMAIN", value: raw.toLowerCase() };
  const url = parseUrl(raw);
  // Auth0's issuers have no path: a pasted …/authorize URL would make the server refuse every token.
  if (!url || url.username || url.password || url.search || url.hash || url.pathname !== "/")
    return undefined;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) return undefined;
  return { name: "AUTH0_ISSUER_BASE_URL", value: url.href.endsWith("/") ? url.href : `${url.href}/` };
}

function placeholders(values: TemplateValues): Record<string, string> {
  const issuer = auth0Issuer(values.auth0Domain);
  const api = new URL(values.apiDomain);
  return {
    projectName: values.projectName,
    route: values.route,
    audience: values.audience,
    websiteDomain: asOrigin(values.websiteDomain) ?? values.websiteDomain,
    apiDomain: asOrigin(values.apiDomain) ?? values.apiDomain,
    apiPort: api.port || "3001",
    allowOpaque: String(values.allowOpaque),
    auth0Setting: issuer ? `${issuer.name}=${issuer.value}` : "",
  };
}

/** Fills `"{{name}}"` (a string literal: JSON-escaped) and `{{name}}` (plain text) placeholders. */
function fill(path: string, text: string, values: Record<string, string>): string {
  const out = text
    .replace(/"\{\{(\w+)\}\}"/g, (match, name: string) =>
      name in values ? JSON.stringify(values[name]) : match,
    )
    .replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
  const left = /\{\{\w+\}\}/.exec(out);
  if (left) throw new Error(`Template ${path} has an unknown placeholder ${left[0]}`);
  return out;
}

function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, `${prefix}${entry}/`));
    else out.push(`${prefix}${entry}`);
  }
  return out;
}

function jsPath(path: string, language: Language): string {
  return language === "js" ? path.replace(/\.ts$/, ".js") : path;
}

/**
 * The files for one framework and language. Mode "new": a runnable project. Mode "add": the shared core and the
 * framework adapter, to drop into an existing app (see addModeInstructions for the wiring).
 */
export function renderTemplate(options: {
  framework: Framework;
  language: Language;
  mode: Mode;
  values: TemplateValues;
  /**
   * Add mode: where the core and the adapter go in the app (a relative POSIX path such as "session-migration" or
   * "src/lib/session-migration"); default: the template's own coreDir.
   */
  coreDir?: string;
  /**
   * Add mode, JavaScript, a server framework: the module type Node gives `.js` files where coreDir goes (from the
   * nearest package.json). "commonjs" adds `<coreDir>/package.json` saying `"type": "module"`, so the generated ES
   * modules load as such in a CommonJS app. Next.js bundles its files itself and needs no marker.
   */
  moduleScope?: "module" | "commonjs";
  templatesDir?: string;
}): RenderedFile[] {
  const { framework, language, mode, values } = options;
  const problems = validateTemplateValues(values);
  if (problems.length > 0) throw new TemplateValueError(problems);
  const templatesDir = options.templatesDir ?? defaultTemplatesDir();
  const manifest = readManifest(templatesDir).frameworks[framework];
  if (manifest === undefined) throw new Error(`No built template for ${framework}`);
  const filled = placeholders(values);
  const coreDir =
    mode === "add" && options.coreDir !== undefined ? checkCoreDir(options.coreDir) : manifest.coreDir;
  // Files of the template's coreDir move to coreDir with it (add mode only writes files from there).
  const relocate = (path: string) =>
    path.startsWith(`${manifest.coreDir}/`) ? `${coreDir}${path.slice(manifest.coreDir.length)}` : path;

  const files: RenderedFile[] = [];
  const frameworkDir = join(templatesDir, framework, language);
  const addFiles = new Set(manifest.addFiles.map((path) => jsPath(path, language)));
  for (const path of listFiles(frameworkDir)) {
    if (mode === "add" && !addFiles.has(path)) continue;
    const name = path.split("/").pop() ?? path;
    const target = name in RENAMES ? path.replace(/[^/]+$/, RENAMES[name] ?? name) : path;
    files.push({
      path: mode === "add" ? relocate(target) : target,
      contents: fill(path, readFileSync(join(frameworkDir, path), "utf8"), filled),
    });
  }
  const coreSource = join(templatesDir, "core", language);
  for (const path of listFiles(coreSource)) {
    let contents = fill(path, readFileSync(join(coreSource, path), "utf8"), filled);
    // Bundled TypeScript projects (Next.js) import `./x`, as Turbopack does not map `./x.js` onto x.ts.
    if (language === "ts" && manifest.coreImports === "extensionless") {
      contents = contents.replace(/(from "\.\/[\w-]+)\.js"/g, '$1"');
    }
    files.push({ path: `${coreDir}/${path}`, contents });
  }
  if (needsModuleMarker({ framework, language, mode, moduleScope: options.moduleScope })) {
    files.push({ path: `${coreDir}/package.json`, contents: MODULE_MARKER });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** What add mode writes as `<coreDir>/package.json` in a CommonJS app: nothing but the module type. */
export const MODULE_MARKER = '{ "type": "module" }\n';

const isNext = (framework: Framework) => framework === "next-app" || framework === "next-pages";

/** Whether add mode writes MODULE_MARKER: JavaScript files for a server framework in a CommonJS package scope. */
export function needsModuleMarker(options: {
  framework: Framework;
  language: Language;
  mode: Mode;
  moduleScope?: "module" | "commonjs";
}): boolean {
  return (
    options.mode === "add" &&
    options.language === "js" &&
    options.moduleScope === "commonjs" &&
    !isNext(options.framework)
  );
}

/** A coreDir must stay inside the app: relative, POSIX, no empty, "." or ".." segments. */
function checkCoreDir(dir: string): string {
  const parts = dir.split("/");
  if (dir.includes("\\") || parts.some((part) => part === "" || part === "." || part === "..")) {
    throw new Error(`Invalid coreDir ${JSON.stringify(dir)}: a relative path inside the app is expected`);
  }
  return dir;
}

/** Where add mode put things in the app, for the instructions. Every field has a default. */
export interface AddLayout {
  /** Where the core and the adapter were written (default: the template's coreDir). */
  coreDir?: string;
  /** Next.js: the router directory, "app", "src/app", "pages" or "src/pages" (default: "app" or "pages"). */
  routerDir?: string;
  /** The file the printed imports are relative to, e.g. "src/server.ts" (default: a file beside coreDir). */
  entry?: string;
}

/** The layout placeholders of ADD.md: {{coreDir}}, {{routerDir}}, {{configDir}}, {{importFrom}}. */
function layoutPlaceholders(
  framework: Framework,
  coreDir: string,
  layout: AddLayout,
): Record<string, string> {
  const routerDir = layout.routerDir ?? (framework === "next-pages" ? "pages" : "app");
  const parent = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".");
  const routerParent = parent(routerDir);
  const coreParent = parent(coreDir);
  return {
    coreDir,
    routerDir,
    // Next.js: config/ sits beside the router directory, so the routes' `../…/config/backend` imports resolve.
    configDir: routerParent === "." ? "config" : `${routerParent}/config`,
    importFrom:
      layout.entry !== undefined
        ? `\`${layout.entry}\``
        : coreParent === "."
          ? "a file at the root of your app"
          : `a file in \`${coreParent}/\``,
  };
}

/** What to do after add mode wrote its files: the template's ADD.md, filled in. */
export function addModeInstructions(options: {
  framework: Framework;
  language: Language;
  values: TemplateValues;
  /** false when the app has no supertokens-node yet: the instructions then start with `supertokens.init`. */
  hasSupertokens?: boolean;
  /** Where add mode wrote the files (renderTemplate's coreDir) and where the app's files are. */
  layout?: AddLayout;
  /**
   * JavaScript: the file that loads the migration is CommonJS (`require`), so the snippet loads the ES modules with
   * `await import()` in an async function (ADD.md's `<!-- cjs -->` blocks instead of its `<!-- esm -->` ones).
   */
  commonJs?: boolean;
  templatesDir?: string;
}): string {
  const problems = validateTemplateValues(options.values);
  if (problems.length > 0) throw new TemplateValueError(problems);
  const templatesDir = options.templatesDir ?? defaultTemplatesDir();
  const file = join(templatesDir, options.framework, "add", `${options.language}.md`);
  if (!existsSync(file)) throw new Error(`No add-mode instructions for ${options.framework}`);
  const manifest = readManifest(templatesDir).frameworks[options.framework];
  if (manifest === undefined) throw new Error(`No built template for ${options.framework}`);
  const layout = options.layout ?? {};
  const coreDir = layout.coreDir !== undefined ? checkCoreDir(layout.coreDir) : manifest.coreDir;
  const filled = {
    ...placeholders(options.values),
    ...layoutPlaceholders(options.framework, coreDir, layout),
    ext: `.${options.language}`,
    // The element posts to <api-domain>/migrate-session unless told otherwise: another route needs its migrate-url.
    routeNote:
      options.values.route === DEFAULT_ROUTE
        ? ""
        : ` and set \`migrate-url\` to \`${asOrigin(options.values.apiDomain) ?? options.values.apiDomain}${options.values.route}\``,
  };
  const variant = options.commonJs === true && options.language === "js" ? "cjs" : "esm";
  const instructions = fill(file, moduleVariant(readFileSync(file, "utf8"), variant), filled);
  if (options.hasSupertokens !== false) return instructions;
  return `${supertokensInitInstructions(options.framework, filled, variant === "cjs")}\n${instructions}`;
}

/** Keeps the `<!-- esm -->…<!-- /esm -->` or the `<!-- cjs -->…<!-- /cjs -->` blocks of ADD.md, without markers. */
function moduleVariant(text: string, keep: "esm" | "cjs"): string {
  return keepBlocks(text, keep, keep === "esm" ? "cjs" : "esm");
}

/**
 * Markdown variants: keeps the `<!-- keep -->…<!-- /keep -->` blocks without their markers and drops the
 * `<!-- drop -->…<!-- /drop -->` ones (also used by the template build for the ts/js blocks).
 */
export function keepBlocks(text: string, keep: string, drop: string): string {
  return (
    text
      // Markers may be indented, to stay inside a Markdown list item.
      .replace(new RegExp(`[ \\t]*<!-- ${drop} -->\\n[\\s\\S]*?[ \\t]*<!-- /${drop} -->\\n`, "g"), "")
      .replace(new RegExp(`[ \\t]*<!-- /?${keep} -->\\n`, "g"), "")
      // What a removed block leaves behind: at most one blank line in a row.
      .replace(/\n(?:[ \t]*\n){2,}/g, "\n\n")
  );
}

// How each framework hands SuperTokens its requests: the `framework` option of supertokens.init and where its
// middleware (which serves /auth/session/refresh and /auth/signout) goes.
const SUPERTOKENS_WIRING: Record<Framework, { name: string; wiring: string; apiBasePath?: string }> = {
  express: {
    name: "express",
    wiring:
      'app.use(middleware()) after cors(...) and app.use(errorHandler()) after your routes ("supertokens-node/framework/express")',
  },
  fastify: {
    name: "fastify",
    wiring:
      'await app.register(plugin) and app.setErrorHandler(errorHandler()) ("supertokens-node/framework/fastify")',
  },
  koa: {
    name: "koa",
    wiring: 'app.use(middleware()) after the CORS middleware ("supertokens-node/framework/koa")',
  },
  hapi: { name: "hapi", wiring: 'await server.register(plugin) ("supertokens-node/framework/hapi")' },
  nestjs: {
    name: "express",
    wiring:
      'a middleware for every route that calls middleware() and an exception filter that calls errorHandler() ("supertokens-node/framework/express")',
  },
  "next-app": {
    name: "custom",
    // Route handlers live under app/api, so SuperTokens' routes are at /api/auth.
    apiBasePath: "/api/auth",
    wiring:
      'create {{routerDir}}/api/auth/[[...path]]/route{{ext}}, whose handler calls ensureSuperTokensInit(), then the handler from getAppDirRequestHandler() ("supertokens-node/nextjs"); export it as GET, POST, PUT, DELETE, PATCH and HEAD',
  },
  "next-pages": {
    name: "express",
    apiBasePath: "/api/auth",
    wiring:
      'create {{routerDir}}/api/auth/[[...path]]{{ext}}, whose default export calls ensureSuperTokensInit(), then superTokensNextWrapper((next) => middleware()(req, res, next), req, res) ("supertokens-node/nextjs", "supertokens-node/framework/express")',
  },
  hono: {
    name: "custom",
    wiring:
      'a route for "/auth/*" that returns await handleAuthAPIRequest()(c.req.raw) ("supertokens-node/custom")',
  },
  "aws-lambda": {
    name: "awsLambda",
    wiring:
      'the handler wrapped with middleware(handler) ("supertokens-node/framework/awsLambda"); also pass isInServerlessEnv: true',
  },
};

/** Words of `text` in lines of at most 117 characters (longer words get their own line), each after `indent`. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent.length + line.length + 1 + word.length > 117) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function supertokensInitInstructions(
  framework: Framework,
  values: Record<string, string>,
  commonJs = false,
): string {
  const { name, wiring, apiBasePath = "/auth" } = SUPERTOKENS_WIRING[framework];
  const appInfo = `{ appName: ${JSON.stringify(values.projectName)}, apiDomain: ${JSON.stringify(values.apiDomain)}, apiBasePath: ${JSON.stringify(apiBasePath)}, websiteDomain: ${JSON.stringify(values.websiteDomain)} }`;
  const connection =
    'supertokens: { connectionURI: process.env.SUPERTOKENS_CONNECTION_URI ?? "http://localhost:3567", apiKey: process.env.SUPERTOKENS_API_KEY },';
  const imports = commonJs
    ? [
        '   const supertokens = require("supertokens-node");',
        '   const Session = require("supertokens-node/recipe/session");',
        "",
      ]
    : [
        '   import supertokens from "supertokens-node";',
        '   import Session from "supertokens-node/recipe/session";',
        "",
      ];
  const wiringText = wiring.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
  const footer = [
    ...wrap(`Then add SuperTokens' routes: ${wiringText}.`, "   "),
    "   Set SUPERTOKENS_CONNECTION_URI (and SUPERTOKENS_API_KEY if your core has one).",
    "",
  ];
  if (framework === "next-app" || framework === "next-pages") {
    // A Next.js app has no start-up code to put this in: the routes call it, as the new-project template's do.
    return [
      "0. Your app has no SuperTokens yet: install supertokens-node@^24 and create",
      `   \`${values.configDir}/backend${values.ext}\` (the route below imports it):`,
      ...imports,
      "   let initialised = false;",
      "   export function ensureSuperTokensInit() {",
      "     if (initialised) return;",
      "     supertokens.init({",
      `       framework: "${name}",`,
      "       isInServerlessEnv: true,",
      `       ${connection}`,
      `       appInfo: ${appInfo},`,
      "       recipeList: [Session.init()],",
      "     });",
      "     initialised = true;",
      "   }",
      ...footer,
    ].join("\n");
  }
  return [
    "0. Your app has no SuperTokens yet: install supertokens-node@^24 and initialise it once at start-up, before",
    "   your routes:",
    ...imports,
    "   supertokens.init({",
    `     framework: "${name}",`,
    `     ${connection}`,
    `     appInfo: ${appInfo},`,
    "     recipeList: [Session.init()],",
    "   });",
    ...footer,
  ].join("\n");
}
