// create-session-migration: writes the Auth0 -> SuperTokens /migrate-session endpoint for a backend framework,
// either as a new runnable project or as new files in an existing one.
//
// Order of work: parse flags -> detect the project -> ask what is still unknown (or use defaults without a TTY)
// -> validate every value -> render every file in memory -> check the target -> write all files at once (staged
// in a temporary directory, then moved into place; rolled back on failure) -> print next steps.
// Exit codes: 0 done, 1 failed, 2 usage, 130 cancelled. No network, no analytics; templates ship inside the package.

import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { PromptObject } from "prompts";
import { unifiedDiff } from "./diff.js";
import {
  addModeInstructions,
  availableFrameworks,
  DEFAULT_ROUTE,
  FRAMEWORKS,
  type Framework,
  type Language,
  MODULE_MARKER,
  type Mode,
  needsModuleMarker,
  renderTemplate,
  type TemplateValues,
  UNSAFE_IN_WORDS,
  validateTemplateValues,
} from "./templates.js";

declare const __CLI_VERSION__: string | undefined;
const VERSION = typeof __CLI_VERSION__ === "string" ? __CLI_VERSION__ : readOwnVersion();
const NAME = "create-session-migration";

// ---------------------------------------------------------------------------------------------------------------
// Errors with exit codes. Nothing else reaches the user as a stack trace.

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 130,
  ) {
    super(message);
  }
}
const usage = (message: string) => new CliError(message, 2);
const failure = (message: string) => new CliError(message, 1);

// ---------------------------------------------------------------------------------------------------------------
// Output helpers: colour only on a terminal, and never with NO_COLOR.

const colour =
  process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0"
    ? true
    : Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
const paint = (code: number, reset: number) => (text: string) =>
  colour ? `\u001b[${code}m${text}\u001b[${reset}m` : text;
const bold = paint(1, 22);
const dim = paint(2, 22);
const red = paint(31, 39);
const green = paint(32, 39);
const yellow = paint(33, 39);
const cyan = paint(36, 39);
const out = (line = "") => process.stdout.write(`${line}\n`);
const err = (line = "") => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Frameworks, package managers, defaults.

const FRAMEWORK_TITLES: Record<Framework, string> = {
  express: "Express",
  fastify: "Fastify",
  koa: "Koa",
  hapi: "hapi",
  nestjs: "NestJS",
  "next-app": "Next.js (App Router)",
  "next-pages": "Next.js (Pages Router)",
  hono: "Hono",
  "aws-lambda": "AWS Lambda (API Gateway)",
};

const DEFAULTS = {
  route: DEFAULT_ROUTE,
  websiteDomain: "http://localhost:3000",
  apiDomain: "http://localhost:3001",
  newDir: "session-migration",
};

type PackageManager = "npm" | "pnpm" | "yarn" | "bun";
const LOCKFILES: [string, PackageManager][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];
const PM_COMMANDS: Record<PackageManager, { install: string; add: string; run: (script: string) => string }> =
  {
    npm: {
      install: "npm install",
      add: "npm install",
      run: (s) => (s === "start" ? "npm start" : `npm run ${s}`),
    },
    pnpm: { install: "pnpm install", add: "pnpm add", run: (s) => `pnpm ${s}` },
    yarn: { install: "yarn", add: "yarn add", run: (s) => `yarn ${s}` },
    bun: { install: "bun install", add: "bun add", run: (s) => `bun run ${s}` },
  };

// Which dependency points at which framework, most specific first (a NestJS app also depends on Express types,
// a Hono app may run on Lambda).
const FRAMEWORK_DEPENDENCIES: [string | RegExp, Framework | "next"][] = [
  ["@nestjs/core", "nestjs"],
  ["next", "next"],
  ["hono", "hono"],
  ["fastify", "fastify"],
  ["koa", "koa"],
  ["@hapi/hapi", "hapi"],
  ["express", "express"],
  ["@types/aws-lambda", "aws-lambda"],
  ["aws-lambda", "aws-lambda"],
  ["@middy/core", "aws-lambda"],
  ["serverless", "aws-lambda"],
  [/^@aws-lambda-powertools\//, "aws-lambda"],
];

// ---------------------------------------------------------------------------------------------------------------
// Command line.

interface Flags {
  framework?: Framework;
  language?: Language;
  mode?: Mode;
  route?: string;
  auth0Domain?: string;
  audience?: string;
  websiteDomain?: string;
  apiDomain?: string;
  allowOpaque?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  install?: boolean;
}

function parseFramework(value: string): Framework {
  if (!(FRAMEWORKS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Unknown framework. Valid frameworks: ${FRAMEWORKS.join(", ")}.`);
  }
  return value as Framework;
}

function buildProgram(available: readonly Framework[]): Command {
  const program = new Command(NAME)
    .description(
      "Write a verified endpoint that turns a signed-in user's Auth0 access token into a SuperTokens session.\n" +
        "Asks for anything not given as a flag; nothing is written until every answer is known.",
    )
    .argument("[dir]", 'target directory (default: "." when it has a package.json, else "session-migration")')
    .addOption(
      new Option("--framework <name>", `backend framework: ${available.join(", ")}`).argParser(
        parseFramework,
      ),
    )
    .addOption(new Option("--language <lang>", "ts or js").choices(["ts", "js"]))
    .addOption(
      new Option(
        "--mode <mode>",
        "new project, or add files to an existing one (default: add when the target has a package.json)",
      ).choices(["new", "add"]),
    )
    .option("--route <path>", `endpoint path (default: ${DEFAULTS.route})`)
    .option("--auth0-domain <domain>", 'Auth0 domain or issuer URL, e.g. "tenant.eu.auth0.com"')
    .option("--audience <id>", "Auth0 API identifier the access tokens are issued for")
    .option("--website-domain <origin>", `origin of the web app (default: ${DEFAULTS.websiteDomain})`)
    .option(
      "--api-domain <origin>",
      `origin of this API (default: ${DEFAULTS.apiDomain}; Next.js: the website)`,
    )
    .option("--allow-opaque", "also accept opaque access tokens (checked with Auth0's /userinfo)")
    .option("--no-allow-opaque", "accept JWT access tokens only (default)")
    .option("-y, --yes", "accept defaults and detected values; never prompt")
    .option("--dry-run", "list what would be written and diff files that exist; write nothing")
    .option("--force", "allow overwriting existing files and writing into a non-empty directory")
    .option("--install", "new mode: install dependencies with the detected package manager")
    .option(
      "--no-install",
      "do not install dependencies (default with --yes or without a terminal; else asked)",
    )
    .version(VERSION, "-v, --version", "print the version")
    .helpOption("-h, --help", "show this help")
    .addHelpText(
      "after",
      `
Examples:
  Ask everything (detected values are offered as defaults):
    $ npx ${NAME}

  Add the endpoint to the Express app in the current directory, no questions:
    $ npx ${NAME} . --yes --auth0-domain tenant.eu.auth0.com --audience https://api.example.com/

  New Fastify project in ./auth-api, JavaScript, then install:
    $ npx ${NAME} auth-api --mode new --framework fastify --language js \\
        --auth0-domain tenant.eu.auth0.com --audience https://api.example.com/ --yes --install

  See what would change, write nothing:
    $ npx ${NAME} . --dry-run --yes --auth0-domain tenant.eu.auth0.com --audience https://api.example.com/

Exit codes: 0 done, 1 failed, 2 usage error, 130 cancelled.`,
    )
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(red(text)) });
  return program;
}

function validOptionList(program: Command): string {
  return [...program.options.map((option) => option.long ?? option.short), "--help"].join(", ");
}

// ---------------------------------------------------------------------------------------------------------------
// Detection.

interface PackageJson {
  name?: unknown;
  main?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

interface Detected<T> {
  value: T;
  reason: string;
}

interface Detection {
  exists: boolean;
  packageJson?: PackageJson;
  framework?: Detected<Framework>;
  language?: Detected<Language>;
}

/** stat that treats "a parent is a file" (ENOTDIR) like "not there"; other errors (EACCES…) still throw. */
function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}
const isDir = (p: string) => statOrUndefined(p)?.isDirectory() === true;
const isFile = (p: string) => statOrUndefined(p)?.isFile() === true;

/** The first existing ancestor of `p` that is not a directory, if any (for "/dev/null/x": "/dev/null"). */
function fileInPath(p: string): string | undefined {
  for (let dir = path.dirname(p); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const stat = statOrUndefined(dir);
    if (stat) return stat.isDirectory() ? undefined : dir;
  }
  return undefined;
}

function readPackageJson(dir: string): PackageJson | undefined {
  const file = path.join(dir, "package.json");
  if (!isFile(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new Error("not an object");
    return parsed as PackageJson;
  } catch (error) {
    throw failure(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function allDependencies(pkg: PackageJson | undefined): Set<string> {
  const names = new Set<string>();
  for (const field of [pkg?.dependencies, pkg?.devDependencies, pkg?.peerDependencies]) {
    if (field && typeof field === "object") for (const name of Object.keys(field)) names.add(name);
  }
  return names;
}

function detect(target: string): Detection {
  if (!isDir(target)) return { exists: fs.existsSync(target) };
  const packageJson = readPackageJson(target);
  const deps = allDependencies(packageJson);
  const detection: Detection = { exists: true, packageJson };

  for (const [dep, framework] of FRAMEWORK_DEPENDENCIES) {
    const hit =
      typeof dep === "string" ? (deps.has(dep) ? dep : undefined) : [...deps].find((d) => dep.test(d));
    if (!hit) continue;
    if (framework === "next") {
      const app = ["app", "src/app"].find((d) => isDir(path.join(target, d)));
      const pages = ["pages", "src/pages"].find((d) => isDir(path.join(target, d)));
      detection.framework =
        pages && !app
          ? { value: "next-pages", reason: `"next" in package.json and ${pages}/` }
          : {
              value: "next-app",
              reason: app ? `"next" in package.json and ${app}/` : `"next" in package.json`,
            };
    } else {
      detection.framework = { value: framework, reason: `"${hit}" in package.json` };
    }
    break;
  }

  if (isFile(path.join(target, "tsconfig.json")))
    detection.language = { value: "ts", reason: "tsconfig.json" };
  else if (deps.has("typescript"))
    detection.language = { value: "ts", reason: '"typescript" in package.json' };
  else if (packageJson)
    detection.language = { value: "js", reason: "no tsconfig.json or typescript dependency" };
  return detection;
}

// ---------------------------------------------------------------------------------------------------------------
// Where add mode writes, in the app's own layout.

interface Layout {
  /** Where the core and the adapter go (relative POSIX path). */
  coreDir: string;
  /** Next.js: "app", "src/app", "pages" or "src/pages". */
  routerDir?: string;
  /** The file the printed imports are relative to, when one was found. */
  entry?: string;
  reason?: string;
  /** JavaScript servers: how Node loads the app's code. */
  modules?: AppModules;
}

interface AppModules {
  /** The type Node gives `.js` files where coreDir goes, from the nearest package.json. */
  scope: "module" | "commonjs";
  /** The entry file (when none was found: a `.js` file in that scope) is CommonJS, so it cannot `import`. */
  commonJsEntry: boolean;
  reason: string;
}

// Output folders of a build: never where sources go, even when `main` points there.
const BUILD_OUTPUT = /^(?:dist|build|out|\.next|\.output|node_modules)\//;
// Paths printed to the user and turned into folders: plain characters only.
const PLAIN_PATH = /^[\w@.+-]+(?:\/[\w@.+-]+)*$/;
const ENTRY_NAMES = ["index", "server", "app", "main", "handler"];

/**
 * Next.js: beside the router directory it uses (Next ignores src/app and src/pages when app/ or pages/ exist at the
 * root). Servers: beside the entry file (from the dev or start script, package.json `main`, or a usual name), so the
 * printed `./session-migration/…` imports work from it; else in src/ if there is one, else at the root.
 */
function detectLayout(target: string, framework: Framework, language: Language, pkg?: PackageJson): Layout {
  if (framework === "next-app" || framework === "next-pages") {
    const router = framework === "next-app" ? "app" : "pages";
    const rootRouter = ["app", "pages"].some((d) => isDir(path.join(target, d)));
    const srcRouter = ["src/app", "src/pages"].find((d) => isDir(path.join(target, d)));
    const prefix = !rootRouter && srcRouter ? "src/" : "";
    return {
      coreDir: `${prefix}lib/session-migration`,
      routerDir: `${prefix}${router}`,
      reason: prefix ? `${srcRouter}/` : rootRouter ? `${router}/ at the root` : undefined,
    };
  }
  const sourceExtensions = language === "ts" ? [".ts", ".mts", ".tsx"] : [".js", ".mjs", ".cjs"];
  const usable = (file: string) =>
    PLAIN_PATH.test(file) &&
    !BUILD_OUTPUT.test(file) &&
    /\.[cm]?[jt]sx?$/.test(file) &&
    isFile(path.join(target, ...file.split("/")));
  const named: [string, string][] = [];
  for (const script of ["dev", "start"]) {
    const command = pkg?.scripts?.[script];
    if (typeof command !== "string") continue;
    for (const word of command.split(/[\s;&|()]+/)) named.push([word, `the "${script}" script`]);
  }
  if (typeof pkg?.main === "string") named.push([pkg.main, '"main" in package.json']);
  for (const dir of ["src/", ""]) {
    for (const name of ENTRY_NAMES)
      for (const ext of sourceExtensions) named.push([`${dir}${name}${ext}`, ""]);
  }
  for (const [raw, why] of named) {
    const file = path.posix.normalize(raw.replace(/^["']|["']$/g, "")).replace(/^\.\//, "");
    if (file.startsWith("../") || !usable(file)) continue;
    const dir = path.posix.dirname(file);
    return {
      coreDir: dir === "." ? "session-migration" : `${dir}/session-migration`,
      entry: file,
      reason: `beside ${file}${why ? `, from ${why}` : ""}`,
    };
  }
  return isDir(path.join(target, "src"))
    ? { coreDir: "src/session-migration", reason: "no entry file found; src/ exists" }
    : { coreDir: "session-migration", reason: "no entry file found, no src/" };
}

/**
 * JavaScript servers: whether Node runs the generated `.js` files and the entry file as ES modules or CommonJS. Next.js
 * bundles its files itself, and TypeScript apps compile theirs: neither is asked.
 */
function detectModules(target: string, layout: Layout): AppModules {
  // From the folder that holds coreDir, not coreDir itself: a marker written by an earlier run does not count.
  const from = path.dirname(path.join(target, ...layout.coreDir.split("/")));
  let scope: AppModules["scope"] = "commonjs";
  let found: string | undefined;
  // Node's own lookup: the nearest package.json, not past a node_modules folder.
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (isFile(file)) {
      found = path.relative(target, file).split(path.sep).join("/");
      try {
        const pkg: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
        if ((pkg as { type?: unknown } | null)?.type === "module") scope = "module";
      } catch {
        // Node refuses to run code under an unreadable package.json; the marker does no harm then.
      }
      break;
    }
    if (path.basename(dir) === "node_modules" || path.dirname(dir) === dir) break;
  }
  const where = found?.startsWith("../") ? path.join(target, found) : found;
  const scopeReason = !found
    ? "no package.json"
    : scope === "module"
      ? `"type": "module" in ${where}`
      : `no "type": "module" in ${where}`;
  const entry = layout.entry;
  if (entry && /\.c[jt]s$/.test(entry))
    return { scope, commonJsEntry: true, reason: `${entry}; ${scopeReason}` };
  if (entry && /\.m[jt]s$/.test(entry))
    return { scope, commonJsEntry: false, reason: `${entry}; ${scopeReason}` };
  return { scope, commonJsEntry: scope === "commonjs", reason: scopeReason };
}

function detectPackageManager(target: string, mode: Mode): Detected<PackageManager> {
  const agent = process.env.npm_config_user_agent?.split(" ")[0]?.split("/")[0];
  const fromAgent =
    agent && agent in PM_COMMANDS
      ? { value: agent as PackageManager, reason: `run with ${agent}` }
      : undefined;
  let fromLockfile: Detected<PackageManager> | undefined;
  for (let dir = target; ; ) {
    const hit = LOCKFILES.find(([file]) => isFile(path.join(dir, file)));
    if (hit) {
      fromLockfile = { value: hit[1], reason: hit[0] + (dir === target ? "" : ` in ${dir}`) };
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // An existing project keeps its own package manager; a new one follows the tool it was created with.
  const first = mode === "add" ? (fromLockfile ?? fromAgent) : (fromAgent ?? fromLockfile);
  return first ?? { value: "npm", reason: "default" };
}

function toValidPackageName(name: string): string {
  const cleaned = name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/^[._]+/, "")
    .replace(/[^a-z\d\-~.]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return cleaned.length > 0 && cleaned.length <= 214 ? cleaned : "session-migration";
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of values that end up in generated code. The renderer has the final word (validateTemplateValues);
// these checks give a precise message per field while the user is still answering.

type Field = "route" | "auth0Domain" | "audience" | "websiteDomain" | "apiDomain";
const FLAG_OF: Record<Field, string> = {
  route: "--route",
  auth0Domain: "--auth0-domain",
  audience: "--audience",
  websiteDomain: "--website-domain",
  apiDomain: "--api-domain",
};
const BASELINE: TemplateValues = {
  projectName: "session-migration",
  route: DEFAULTS.route,
  auth0Domain: "tenant.eu.auth0.com",
  audience: "https://api.example.com/",
  websiteDomain: DEFAULTS.websiteDomain,
  apiDomain: DEFAULTS.apiDomain,
  allowOpaque: false,
};

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

function ownProblem(field: Field, value: string): string | undefined {
  if (value.length === 0) return "must not be empty";
  if (value.length > 200) return "is too long (200 characters at most)";
  // The renderer's UNSAFE_CHARACTERS, said in words: they could end a string, a line or a shell word.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\s"'`\\<>$]/.test(value)) return `must not contain ${UNSAFE_IN_WORDS}`;
  switch (field) {
    case "route":
      if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(value)) return 'must be a path like "/migrate-session"';
      return undefined;
    case "auth0Domain": {
      if (!value.includes("://")) {
        if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(value)) {
          return 'must be a domain like "tenant.eu.auth0.com" or an issuer URL like "https://login.example.com/"';
        }
        return undefined;
      }
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return "is not a valid URL";
      }
      if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
        return "must use https:// (http:// only for localhost)";
      }
      if (url.username || url.password || url.search || url.hash)
        return "must not carry credentials, a query or a fragment";
      // Auth0's issuers have no path: a pasted …/authorize URL would make the server refuse every token.
      if (url.pathname !== "/")
        return 'must be the issuer itself, like "https://login.example.com/" (no path)';
      return undefined;
    }
    case "audience":
      return undefined;
    case "websiteDomain":
    case "apiDomain": {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return 'must be an origin like "https://app.example.com"';
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with http:// or https://";
      if (
        url.username ||
        url.password ||
        url.search ||
        url.hash ||
        (url.pathname !== "/" && url.pathname !== "")
      ) {
        return 'must be an origin only (scheme, host and port), like "https://app.example.com"';
      }
      return undefined;
    }
  }
}

function normalize(field: Field, value: string): string {
  const trimmed = value.trim();
  if ((field === "websiteDomain" || field === "apiDomain") && ownProblem(field, trimmed) === undefined) {
    return new URL(trimmed).origin;
  }
  return trimmed;
}

/** The first problem with `value` for `field`, or undefined when it is fine. */
function fieldProblem(field: Field, raw: string): string | undefined {
  const value = normalize(field, raw);
  const own = ownProblem(field, value);
  if (own) return own;
  const baseline = new Set(validateTemplateValues(BASELINE));
  const problem = validateTemplateValues({ ...BASELINE, [field]: value }).find((p) => !baseline.has(p));
  // The renderer names the value by its key ("auth0Domain must be …"); the caller names the flag or the question.
  return problem?.startsWith(`${field} `) ? problem.slice(field.length + 1) : problem;
}

// ---------------------------------------------------------------------------------------------------------------
// Questions.

type Question = Omit<PromptObject<"value">, "name">;

async function ask<T>(question: Question): Promise<T> {
  // Loaded on first use: runs with --yes or without a terminal never pay for it.
  const { default: prompts } = await import("prompts");
  let cancelled = false;
  const answers = await prompts(
    { ...question, name: "value" },
    {
      onCancel: () => {
        cancelled = true;
        return false;
      },
    },
  );
  if (cancelled || !("value" in answers)) throw new CliError("Cancelled. Nothing was written.", 130);
  return answers.value as T;
}

function askText(field: Field, message: string, initial?: string): Promise<string> {
  return ask<string>({
    type: "text",
    message,
    initial,
    validate: (value: string) => {
      const problem = fieldProblem(field, value);
      return problem ? `${FLAG_OF[field].slice(2)} ${problem}` : true;
    },
    format: (value: string) => normalize(field, value),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Plan and write.

type Status = "create" | "overwrite" | "unchanged" | "conflict";
interface PlannedFile {
  path: string;
  dest: string;
  contents: string;
  status: Status;
  existing?: string;
}

function checkRelativePath(p: string): void {
  const parts = p.split("/");
  if (
    p.length === 0 ||
    p.startsWith("/") ||
    p.includes("\\") ||
    p.includes("\0") ||
    parts.some((part) => part === "" || part === "." || part === "..")
  ) {
    throw failure(`Internal error: the template produced an unsafe path ${JSON.stringify(p)}.`);
  }
}

function plan(target: string, files: { path: string; contents: string }[], force: boolean): PlannedFile[] {
  const seen = new Set<string>();
  return files.map((file) => {
    checkRelativePath(file.path);
    if (seen.has(file.path)) throw failure(`Internal error: the template produced ${file.path} twice.`);
    seen.add(file.path);
    const dest = path.join(target, ...file.path.split("/"));
    // Every existing ancestor must be a directory.
    const parts = file.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const ancestor = path.join(target, ...parts.slice(0, i));
      const stat = fs.statSync(ancestor, { throwIfNoEntry: false });
      if (stat && !stat.isDirectory()) {
        throw failure(
          `Cannot write ${file.path}: ${path.relative(process.cwd(), ancestor) || ancestor} is not a directory.`,
        );
      }
    }
    const stat = fs.lstatSync(dest, { throwIfNoEntry: false });
    if (!stat) return { ...file, dest, status: "create" };
    if (stat.isDirectory()) throw failure(`Cannot write ${file.path}: a directory with that name exists.`);
    const existing = stat.isFile() ? fs.readFileSync(dest, "utf8") : undefined;
    if (existing === file.contents) return { ...file, dest, status: "unchanged", existing };
    return { ...file, dest, status: force ? "overwrite" : "conflict", existing };
  });
}

/** Writes every file or none: stage in a temporary directory on the same file system, then rename into place. */
function writeAll(target: string, files: PlannedFile[]): void {
  const toWrite = files.filter((f) => f.status === "create" || f.status === "overwrite");
  if (toWrite.length === 0) return;
  const createdDirs: string[] = [];
  const mkdirp = (dir: string) => {
    const missing: string[] = [];
    for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) {
      fs.mkdirSync(d);
      createdDirs.push(d);
    }
  };
  const moved: { file: PlannedFile; backup?: string }[] = [];
  let stage: string | undefined;
  const fresh = !fs.existsSync(target);
  // Signals arriving during the synchronous block below are handled after it, so the block always completes or
  // rolls back; the listeners only keep the default "die immediately" behaviour away.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  try {
    if (fresh) {
      mkdirp(path.dirname(target));
      stage = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${uniqueSuffix()}`);
    } else {
      stage = path.join(target, `.${NAME}.tmp-${uniqueSuffix()}`);
    }
    // Not mkdtemp: its 0700 mode would become the new project directory's mode.
    fs.mkdirSync(stage);
    for (const file of toWrite) {
      const staged = path.join(stage, ...file.path.split("/"));
      fs.mkdirSync(path.dirname(staged), { recursive: true });
      fs.writeFileSync(staged, file.contents, { flag: "wx" });
    }
    if (fresh) {
      fs.renameSync(stage, target);
      stage = undefined;
      return;
    }
    for (const file of toWrite) {
      const staged = path.join(stage, ...file.path.split("/"));
      mkdirp(path.dirname(file.dest));
      let backup: string | undefined;
      if (file.status === "overwrite") {
        backup = path.join(stage, ".backup", ...file.path.split("/"));
        fs.mkdirSync(path.dirname(backup), { recursive: true });
        fs.renameSync(file.dest, backup);
      }
      moved.push({ file, backup });
      fs.renameSync(staged, file.dest);
    }
  } catch (error) {
    for (const { file, backup } of moved.reverse()) {
      try {
        fs.rmSync(file.dest, { force: true });
        if (backup) fs.renameSync(backup, file.dest);
      } catch {
        // Best effort; reported below.
      }
    }
    if (stage) fs.rmSync(stage, { recursive: true, force: true });
    stage = undefined;
    for (const dir of createdDirs.reverse()) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // Not empty or already gone.
      }
    }
    throw failure(`Writing failed, nothing was changed: ${(error as Error).message}`);
  } finally {
    if (stage) fs.rmSync(stage, { recursive: true, force: true });
    process.off("SIGINT", ignore);
    process.off("SIGTERM", ignore);
  }
}

/** Unique enough for a temporary directory name; mkdir fails rather than reuse one that exists. */
function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function isEmptyDir(dir: string): boolean {
  const entries = fs.readdirSync(dir);
  return entries.length === 0 || (entries.length === 1 && entries[0] === ".git");
}

// ---------------------------------------------------------------------------------------------------------------
// Main.

function displayPath(target: string): string {
  const rel = path.relative(process.cwd(), target);
  if (rel === "") return ".";
  return rel.startsWith("..") || path.isAbsolute(rel) ? target : `.${path.sep}${rel}`;
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs a renderer call: bad values are a usage error, anything else a failure that names the template. */
function templateStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if ((error as Error).name === "TemplateValueError") throw usage((error as Error).message);
    throw failure(
      `The built templates are incomplete or broken (nothing was written): ${(error as Error).message}`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const available = availableFrameworks();
  const program = buildProgram(available.length > 0 ? available : FRAMEWORKS);
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      if (error.code === "commander.unknownOption") err(`Valid options: ${validOptionList(program)}`);
      return 2;
    }
    throw error;
  }
  const flags = program.opts<Flags>();
  const dirArg = program.args[0];
  const interactive = !flags.yes && Boolean(process.stdin.isTTY);
  if (available.length === 0)
    throw failure("This build of the CLI carries no templates (dist/templates is missing).");
  if (flags.framework && !available.includes(flags.framework)) {
    throw usage(
      `Framework "${flags.framework}" is not available in this version. Available: ${available.join(", ")}.`,
    );
  }
  for (const field of Object.keys(FLAG_OF) as Field[]) {
    const value = flags[field];
    if (value === undefined) continue;
    const problem = fieldProblem(field, value);
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    if (problem) throw usage(`${FLAG_OF[field]} ${problem} (got ${JSON.stringify(shown)}).`);
    flags[field] = normalize(field, value);
  }
  const missing = (flag: string, what: string) =>
    usage(
      `Missing ${flag}${what ? ` ${what}` : ""}: required when not asking questions (no terminal, or --yes).`,
    );

  if (interactive) out(`${bold(NAME)} ${dim(`v${VERSION}`)}\n`);

  // Target directory.
  const cwdHasPackageJson = isFile(path.join(process.cwd(), "package.json"));
  const defaultDir = cwdHasPackageJson ? "." : DEFAULTS.newDir;
  const dir =
    dirArg ??
    (interactive
      ? await ask<string>({
          type: "text",
          message: "Target directory",
          initial: defaultDir,
          validate: (value: string) => (value.trim().length > 0 ? true : "Enter a directory"),
          format: (value: string) => value.trim(),
        })
      : defaultDir);
  const target = path.resolve(dir);
  const blocker = fileInPath(target);
  if (blocker) throw usage(`${dir}: ${displayPath(blocker)} is a file, not a directory.`);
  const detection = detect(target);
  if (detection.exists && !isDir(target)) throw usage(`${dir} exists and is not a directory.`);

  // Mode: asked only where there is an app to add to (a package.json); elsewhere a new project is the only choice.
  const defaultMode: Mode = detection.packageJson ? "add" : "new";
  const mode: Mode =
    flags.mode ??
    (interactive && detection.packageJson
      ? await ask<Mode>({
          type: "select",
          message: "What should be written?",
          choices: [
            { title: "Add the endpoint to this existing app", value: "add" },
            { title: "A new runnable API project", value: "new" },
          ],
          initial: defaultMode === "add" ? 0 : 1,
        })
      : defaultMode);
  if (mode === "add" && !detection.exists)
    throw usage(`Add mode needs an existing project, and ${dir} does not exist.`);

  // Framework.
  const detectedFramework = mode === "add" ? detection.framework : undefined;
  let framework: Framework;
  if (flags.framework) framework = flags.framework;
  else if (interactive) {
    const initial =
      detectedFramework && available.includes(detectedFramework.value)
        ? detectedFramework.value
        : available[0];
    const note = !detectedFramework
      ? ""
      : available.includes(detectedFramework.value)
        ? ` ${dim(`(detected: ${detectedFramework.reason})`)}`
        : ` ${dim(`(detected ${detectedFramework.value}, which this version does not carry)`)}`;
    framework = await ask<Framework>({
      type: "select",
      message: `Framework${note}`,
      choices: available.map((f) => ({ title: FRAMEWORK_TITLES[f], value: f })),
      initial: available.indexOf(initial),
    });
  } else if (detectedFramework) framework = detectedFramework.value;
  else if (mode === "new") framework = available.includes("express") ? "express" : available[0];
  else
    throw missing("--framework <name>", `(nothing detected in package.json; one of ${available.join(", ")})`);
  if (!available.includes(framework)) {
    throw usage(
      `Framework "${framework}" (detected: ${detectedFramework?.reason}) is not available in this version. ` +
        `Available: ${available.join(", ")}; pass one with --framework.`,
    );
  }

  // Language.
  const detectedLanguage = mode === "add" ? detection.language : undefined;
  const language: Language =
    flags.language ??
    (interactive
      ? await ask<Language>({
          type: "select",
          message: detectedLanguage
            ? `Language ${dim(`(detected: ${detectedLanguage.reason})`)}`
            : "Language",
          choices: [
            { title: "TypeScript", value: "ts" },
            { title: "JavaScript", value: "js" },
          ],
          initial: detectedLanguage?.value === "js" ? 1 : 0,
        })
      : (detectedLanguage?.value ?? "ts"));

  // Values that go into the code.
  const isNext = framework === "next-app" || framework === "next-pages";
  if (!interactive) {
    // Every missing required flag in one line, not one per run.
    const absent = [
      flags.auth0Domain === undefined ? "--auth0-domain <domain>" : "",
      flags.audience === undefined ? "--audience <id>" : "",
    ].filter(Boolean);
    if (absent.length > 0) throw missing(absent.join(" and "), "");
  }
  const route =
    flags.route ?? (interactive ? await askText("route", "Endpoint path", DEFAULTS.route) : DEFAULTS.route);
  const auth0Domain =
    flags.auth0Domain ??
    (interactive
      ? await askText("auth0Domain", 'Auth0 domain (e.g. "tenant.eu.auth0.com" or your custom domain)')
      : undefined);
  if (auth0Domain === undefined) throw missing("--auth0-domain <domain>", "");
  const audience =
    flags.audience ??
    (interactive ? await askText("audience", "Auth0 API audience (the API identifier)") : undefined);
  if (audience === undefined) throw missing("--audience <id>", "");
  const websiteDomain =
    flags.websiteDomain ??
    (interactive
      ? await askText("websiteDomain", "Website origin", DEFAULTS.websiteDomain)
      : DEFAULTS.websiteDomain);
  const defaultApi = isNext ? websiteDomain : DEFAULTS.apiDomain;
  const apiDomain =
    flags.apiDomain ?? (interactive ? await askText("apiDomain", "API origin", defaultApi) : defaultApi);
  const allowOpaque =
    flags.allowOpaque ??
    (interactive
      ? await ask<boolean>({
          type: "confirm",
          message:
            "Also accept opaque access tokens (checked with Auth0's /userinfo; one extra request each)?",
          initial: false,
        })
      : false);

  // Add mode keeps the app's own name when it is a valid npm name (old packages may not be).
  const existingName = mode === "add" ? detection.packageJson?.name : undefined;
  const projectName =
    typeof existingName === "string" &&
    validateTemplateValues({ ...BASELINE, projectName: existingName }).length === 0
      ? existingName
      : toValidPackageName(path.basename(target));
  const values: TemplateValues = {
    projectName,
    route,
    auth0Domain,
    audience,
    websiteDomain,
    apiDomain,
    allowOpaque,
  };
  const problems = validateTemplateValues(values);
  if (problems.length > 0) throw usage(`Invalid values:\n  ${problems.join("\n  ")}`);

  const pm = detectPackageManager(target, mode);
  const install =
    mode === "new" && !flags.dryRun
      ? (flags.install ??
        (interactive
          ? await ask<boolean>({
              type: "confirm",
              message: `Install dependencies with ${pm.value} now?`,
              initial: false,
            })
          : false))
      : false;

  if (mode === "add" && flags.install) {
    err(
      yellow("Note: --install applies to new projects; add mode prints the install command for you to run."),
    );
  }

  // Render everything in memory, then check the target.
  const layout =
    mode === "add" ? detectLayout(target, framework, language, detection.packageJson) : undefined;
  if (layout && language === "js" && !isNext) layout.modules = detectModules(target, layout);
  const files = templateStep(() =>
    renderTemplate({
      framework,
      language,
      mode,
      values,
      coreDir: layout?.coreDir,
      moduleScope: layout?.modules?.scope,
    }),
  );
  const instructions = layout
    ? templateStep(() => addInstructions(framework, language, values, detection, pm.value, layout))
    : "";
  const nonEmpty = mode === "new" && detection.exists && !isEmptyDir(target);
  const planned = plan(target, files, Boolean(flags.force));
  const conflicts = planned.filter((f) => f.status === "conflict");

  const where = displayPath(target);
  out(`${bold(mode === "new" ? "New project" : "Add to project")} ${cyan(where)}`);
  const summary: [string, string, string?][] = [
    ["framework", FRAMEWORK_TITLES[framework], flags.framework ? undefined : detectedFramework?.reason],
    [
      "language",
      language === "ts" ? "TypeScript" : "JavaScript",
      flags.language ? undefined : detectedLanguage?.reason,
    ],
    ["route", route],
    ["auth0 domain", auth0Domain],
    ["audience", audience],
    ["website", websiteDomain],
    ["api", apiDomain],
    ["opaque tokens", allowOpaque ? "accepted (via /userinfo)" : "refused"],
    ["package manager", pm.value, pm.reason],
    ...(layout ? [["files in", `${layout.coreDir}/`, layout.reason] as [string, string, string?]] : []),
    ...(layout?.modules
      ? [
          [
            "modules",
            layout.modules.commonJsEntry ? "CommonJS app" : "ES modules",
            layout.modules.reason,
          ] as [string, string, string?],
        ]
      : []),
  ];
  for (const [label, value, reason] of summary) {
    out(`  ${dim(label.padEnd(16))}${value}${reason ? dim(` (detected: ${reason})`) : ""}`);
  }
  out();

  const marks: Record<Status, string> = {
    create: green("+ create   "),
    overwrite: yellow("~ overwrite"),
    unchanged: dim("= unchanged"),
    conflict: red("! exists   "),
  };
  if (flags.dryRun) {
    out(bold("Dry run: nothing is written."));
    for (const file of planned) out(`  ${marks[file.status]} ${file.path}`);
    for (const file of planned) {
      if (file.existing === undefined || file.status === "unchanged") continue;
      out();
      for (const line of unifiedDiff(file.path, file.existing, file.contents).trimEnd().split("\n")) {
        out(line.startsWith("+") ? green(line) : line.startsWith("-") ? red(line) : line);
      }
    }
    if (nonEmpty && !flags.force) out(yellow(`\n${where} is not empty: a real run needs --force.`));
    if (conflicts.length > 0)
      out(yellow(`\n${conflicts.length} file(s) exist: a real run needs --force to overwrite.`));
    out();
    if (instructions) out(instructions);
    return 0;
  }

  if (nonEmpty && !flags.force) {
    throw failure(
      `${where} is not empty. Nothing was written. Use an empty directory, --mode add, or --force to write into it.`,
    );
  }
  if (conflicts.length > 0) {
    throw failure(
      `These files exist and differ; nothing was written:\n${conflicts.map((f) => `  ${f.path}`).join("\n")}\n` +
        "Run with --dry-run to see the differences, or --force to overwrite them.",
    );
  }

  writeAll(target, planned);
  for (const file of planned) out(`  ${marks[file.status]} ${file.path}`);
  out();

  if (mode === "add") {
    out(instructions);
    return 0;
  }

  const pkg = files.find((f) => f.path === "package.json");
  const scripts = pkg ? ((JSON.parse(pkg.contents) as PackageJson).scripts ?? {}) : {};
  const commands = PM_COMMANDS[pm.value];
  if (install) {
    out(`${dim("$")} ${commands.install}`);
    const [command, ...args] = commands.install.split(" ");
    const { spawnSync } = await import("node:child_process"); // loaded only when installing
    const result = spawnSync(command, args, {
      cwd: target,
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    if (result.status !== 0) {
      throw failure(
        `${commands.install} failed${result.error ? ` (${result.error.message})` : ""}. The files are written; ` +
          `run it yourself in ${where}.`,
      );
    }
    out();
  }
  out(bold("Next steps:"));
  if (where !== ".") out(`  cd ${shellQuote(path.relative(process.cwd(), target) || ".")}`);
  if (!install) out(`  ${commands.install}`);
  // A Lambda function reads its configuration, not a .env file; the servers load .env at start-up.
  const serverless = framework === "aws-lambda";
  if (files.some((f) => f.path === ".env.example") && !serverless)
    out("  cp .env.example .env   # then fill in the values");
  // The same order as the README's "Run it".
  if ("build" in scripts) out(`  ${commands.run("build")}`);
  if ("start" in scripts) out(`  ${commands.run("start")}`);
  if (serverless) {
    out("  then deploy it, with the variables from .env.example set in the function's configuration");
  }
  const routeNote = migrateUrlNote(values);
  if (routeNote) out(`\n${routeNote}`);
  if (files.some((f) => f.path === "README.md"))
    out(
      dim(
        `\nREADME.md explains ${serverless ? "how to deploy it, " : ""}the endpoint, its answers and its settings.`,
      ),
    );
  return 0;
}

/** With a route other than the element's default, the element must be told where the endpoint is. */
function migrateUrlNote(values: TemplateValues): string | undefined {
  if (values.route === DEFAULT_ROUTE) return undefined;
  return (
    `The auth0-session-migrator element posts to <api-domain>${DEFAULT_ROUTE} by default: set its migrate-url to\n` +
    `${values.apiDomain}${values.route}`
  );
}

/**
 * What add mode prints after writing: the renderer's instructions for where the files went (`layout`), with its
 * install line adapted to the project, or, if they name no dependencies, those of the new-project template the app
 * lacks. What was added comes first, then the numbered steps (with step 0, supertokens.init, for an app without
 * SuperTokens). Built before anything is written, so a template problem stops the run while the disk is untouched.
 */
function addInstructions(
  framework: Framework,
  language: Language,
  values: TemplateValues,
  detection: Detection,
  pm: PackageManager,
  layout: Layout,
): string {
  const have = allDependencies(detection.packageJson);
  const hasSupertokens = have.has("supertokens-node");
  const commonJs = layout.modules?.commonJsEntry === true;
  const options = { framework, language, values, layout, commonJs };
  const base = addModeInstructions({ ...options, hasSupertokens: true }).trimEnd();
  // Without supertokens-node in the app, the renderer puts supertokens.init and its wiring first, as step 0.
  const full = hasSupertokens ? base : addModeInstructions({ ...options, hasSupertokens: false }).trimEnd();
  let added = "";
  let steps = full;
  if (full.endsWith(base)) {
    const init = full.slice(0, full.length - base.length).trimEnd();
    const firstStep = /^1\. /m.exec(base)?.index ?? 0;
    added = base.slice(0, firstStep).trimEnd();
    steps = [init, base.slice(firstStep)].filter((part) => part.length > 0).join("\n");
  }
  const notes: string[] = [];
  if (
    layout.modules &&
    needsModuleMarker({ framework, language, mode: "add", moduleScope: layout.modules.scope })
  ) {
    notes.push(
      `- \`${layout.coreDir}/package.json\`: \`${MODULE_MARKER.trim()}\`, so Node loads these files as ES modules in your`,
      "  CommonJS app.",
    );
  }
  if (commonJs) {
    notes.push(
      "",
      `${layout.entry ? `\`${layout.entry}\`` : "Your app"} is CommonJS: load these ES modules with \`await import()\` in an async function,`,
      "as below (on Node 20.19 or later, `require()` works too).",
    );
  }
  if (notes.length > 0) added = [added, ...notes].join("\n").trim();
  const { text, hadInstallLine } = adaptInstallLines(steps, pm, have);
  const lines = [...(added ? [added, ""] : []), bold("Now add this to your app:"), text.trimEnd()];
  if (!hadInstallLine) {
    const pkgFile = renderTemplate({ framework, language, mode: "new", values }).find(
      (f) => f.path === "package.json",
    );
    const deps = pkgFile ? ((JSON.parse(pkgFile.contents) as PackageJson).dependencies ?? {}) : {};
    const needed = Object.entries(deps)
      .filter(([name]) => !have.has(name))
      .map(([name, range]) => `${name}@${range}`);
    if (needed.length > 0) {
      lines.push(
        "",
        bold("Install the missing dependencies:"),
        `  ${PM_COMMANDS[pm].add} ${needed.join(" ")}`,
      );
    }
  }
  // Next.js's instructions say it themselves (the route there is a rewrite to /api/migrate-session).
  const routeNote =
    framework === "next-app" || framework === "next-pages" ? undefined : migrateUrlNote(values);
  if (routeNote) lines.push("", routeNote);
  return lines.join("\n");
}

/** Package name of an install spec such as "@scope/name@^1" or "name@^2". */
function specName(spec: string): string {
  const at = spec.indexOf("@", spec.startsWith("@") ? 1 : 0);
  return at === -1 ? spec : spec.slice(0, at);
}

/**
 * The instructions say `npm install <specs>`; say it with the project's package manager, and only for what the app
 * does not have yet (never suggest a different major of something the app already uses).
 */
function adaptInstallLines(
  text: string,
  pm: PackageManager,
  have: Set<string>,
): { text: string; hadInstallLine: boolean } {
  let hadInstallLine = false;
  const adapted = text.replace(
    /^(\s*)npm install ([^\s`].*?)\s*$/gm,
    (_line, indent: string, list: string) => {
      hadInstallLine = true;
      const specs = list.split(/\s+/);
      const missing = specs.filter((spec) => !have.has(specName(spec)));
      return missing.length > 0
        ? `${indent}${PM_COMMANDS[pm].add} ${missing.join(" ")}`
        : `${indent}(nothing to install: your app already has ${specs.map(specName).join(", ")})`;
    },
  );
  return { text: adapted, hadInstallLine };
}

function readOwnVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL(rel, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === NAME && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return "0.0.0";
}

// A closed pipe (`... --help | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      if (error.exitCode === 130) err(yellow(error.message));
      else err(red(`error: ${error.message}`));
      process.exitCode = error.exitCode;
    } else {
      err(red(`error: ${(error as Error)?.message ?? String(error)}`));
      if (process.env.DEBUG) err(String((error as Error)?.stack));
      process.exitCode = 1;
    }
  },
);
