// The demo's moving parts as reusable functions: build what is missing or stale, start the development Auth0 tenant
// and SuperTokens core, generate a backend with the real CLI and run it, bundle and serve the demo site. `npm start`
// (start.ts), the end-to-end tests (test/e2e) and the benchmark (bench/e2e) all use these, so there is one copy.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type Auth0Tenant, startAuth0Tenant } from "../auth0-tenant/index.js";
import { type SupertokensCore, startSupertokensCore } from "../supertokens-core/index.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SITE_DIR = fileURLToPath(new URL("./site/", import.meta.url));
/** Generated backends live here (gitignored, inside the repo so they resolve the root node_modules). */
export const BACKENDS_DIR = join(ROOT, "test/.tmp/demo-backend");

export const DEFAULT_PORTS = { site: 3000, api: 3001, tenant: 4000, core: 3567 } as const;
export const DEMO_AUDIENCE = "https://api.example.com/";
export const DEMO_CLIENT_ID = "demo-spa";
/** The generated servers mount SuperTokens and the migration route under this base path. */
export const API_BASE_PATH = "/auth";
export const MIGRATE_ROUTE = "/migrate-session";

/** Where a generated server keeps SuperTokens' routes and its verifySession-protected "who am I" route. */
export interface BackendLayout {
  apiBasePath: string;
  sessionPath: string;
  /** Extra arguments for `npm start` (Next.js: listen on loopback only). */
  startArgs: string[];
}

export function backendLayout(framework: string): BackendLayout {
  if (framework === "next-app" || framework === "next-pages") {
    return { apiBasePath: "/api/auth", sessionPath: "/api/session", startArgs: ["--", "-H", "127.0.0.1"] };
  }
  return { apiBasePath: API_BASE_PATH, sessionPath: "/session", startArgs: [] };
}

// ------------------------------------------------------------------------------------------------------------ errors

/** A problem to show the person running the demo as one line, without a stack trace. */
export class DemoError extends Error {
  override name = "DemoError";
}

export class PortInUseError extends DemoError {
  override name = "PortInUseError";
  constructor(
    readonly port: number,
    readonly role: string,
    readonly hint = "",
  ) {
    super(`Port ${port} (${role}) is already in use${hint ? `: ${hint}.` : "."}`);
  }
}

// ------------------------------------------------------------------------------------------------------------ ports

/** Throws PortInUseError when something already listens on 127.0.0.1:<port>. Port 0 always passes. */
export async function assertPortFree(port: number, role: string, hint = ""): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" || error.code === "EACCES")
        reject(new PortInUseError(port, role, hint));
      else reject(error);
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

/** A port that was free a moment ago (for servers that must know their own origin before they start). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const why = exited();
      if (why !== undefined) return reject(new DemoError(why));
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new DemoError(`the backend did not listen on port ${port} in time`));
        else setTimeout(attempt, 75);
      });
    };
    attempt();
  });
}

// ------------------------------------------------------------------------------------------------------------ build

function newestMtime(path: string, skip = new Set(["node_modules", "dist", ".tmp"])): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (skip.has(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry), skip));
  }
  return newest;
}

function mtime(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

interface Workspace {
  name: string;
  dir: string;
  /** Built files that must exist and be newer than every source. */
  outputs: string[];
  sources: string[];
}

const WORKSPACES: Workspace[] = [
  {
    name: "auth0-session-migrator",
    dir: "packages/element",
    outputs: ["packages/element/dist/define.js", "packages/element/dist/index.js"],
    sources: ["packages/element/src", "packages/element/scripts", "packages/element/package.json"],
  },
  {
    name: "create-session-migration",
    dir: "packages/cli",
    outputs: ["packages/cli/dist/index.js", "packages/cli/dist/templates/manifest.json"],
    sources: ["packages/cli/src", "packages/cli/scripts", "packages/cli/package.json", "templates"],
  },
];

/** Which workspaces have a missing or stale dist. */
export function staleWorkspaces(): Workspace[] {
  return WORKSPACES.filter((ws) => {
    const built = Math.min(...ws.outputs.map((o) => mtime(join(ROOT, o))));
    if (built === 0) return true;
    return Math.max(...ws.sources.map((s) => newestMtime(join(ROOT, s)))) > built;
  });
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; what: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
    });
    child.once("error", (error) =>
      reject(new DemoError(`${options.what} could not start: ${error.message}`)),
    );
    child.once("close", (code, signal) => {
      if (code === 0) resolve(output);
      else
        reject(
          new DemoError(
            `${options.what} failed (${signal ?? `exit ${code}`}):\n${output.trim().split("\n").slice(-25).join("\n")}`,
          ),
        );
    });
  });
}

const npmCommand = process.platform === "win32" ? "npm.cmd" : "npm";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `fn` while holding a lock shared by every process in this checkout (a directory under test/.tmp), so two
 * demos or test files starting at once don't build the workspaces or generate the same backend concurrently.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const base = join(ROOT, "test/.tmp");
  const lock = join(base, "demo-build.lock");
  await mkdir(base, { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(await readFile(join(lock, "pid"), "utf8").catch(() => ""));
      const age = Date.now() - (existsSync(lock) ? statSync(lock).mtimeMs : Date.now());
      if ((pid > 0 && !isAlive(pid)) || (!pid && age > 10_000)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new DemoError(`timed out waiting for ${relative(ROOT, lock)} (another build)`);
      await sleep(150);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Runs `npm run build` for every workspace whose dist is missing or older than its sources. */
export async function ensureBuilt(log: (line: string) => void = () => {}): Promise<string[]> {
  const stale = staleWorkspaces();
  for (const ws of stale) {
    log(`Building ${ws.name} (${ws.dir})…`);
    await run(npmCommand, ["run", "build", "-w", ws.dir], { cwd: ROOT, what: `npm run build -w ${ws.dir}` });
  }
  return stale.map((ws) => ws.name);
}

// ------------------------------------------------------------------------------------------------ tenant and core

export async function startTenant(
  options: { port?: number; accessTokenTTL?: number } = {},
): Promise<Auth0Tenant> {
  await assertPortFree(
    options.port ?? 0,
    "Auth0 development tenant",
    "pick another with --tenant-port or TENANT_PORT",
  );
  return startAuth0Tenant({
    port: options.port ?? 0,
    // localhost, like the site and the API: one site, so the tenant's cookies reach the silent-auth iframe.
    host: "localhost",
    audiences: [DEMO_AUDIENCE, "https://other-api.example.com/"],
    clients: [{ clientId: DEMO_CLIENT_ID }],
    ...(options.accessTokenTTL ? { accessTokenTTL: options.accessTokenTTL } : {}),
  });
}

export async function startCore(
  options: { port?: number; accessTokenValidity?: number } = {},
): Promise<SupertokensCore> {
  await assertPortFree(
    options.port ?? 0,
    "SuperTokens development core",
    "pick another with --core-port or CORE_PORT",
  );
  return startSupertokensCore({
    port: options.port ?? 0,
    ...(options.accessTokenValidity ? { accessTokenValidity: options.accessTokenValidity } : {}),
  });
}

// ------------------------------------------------------------------------------------------------------------ backend

export interface GenerateOptions {
  framework?: string;
  language?: "ts" | "js";
  /** Where to generate; default test/.tmp/demo-backend/<framework>-<language>. */
  dir?: string;
  log?: (line: string) => void;
}

export interface GeneratedBackend {
  dir: string;
  framework: string;
  language: "ts" | "js";
  /** True when the cached copy was reused. */
  reused: boolean;
}

function cliFingerprint(framework: string, language: string): string {
  const hash = createHash("sha256");
  for (const file of ["packages/cli/dist/index.js", "packages/cli/dist/templates/manifest.json"]) {
    hash.update(readFileSync(join(ROOT, file)));
  }
  hash.update(`${framework}/${language}`);
  return hash.digest("hex");
}

/**
 * Generates a backend with the built CLI (new project, no install) and builds it when it has a build script. Reused
 * as long as the CLI and its templates are unchanged. The values given to the CLI are placeholders: the environment
 * set by startBackend() wins over them.
 */
export async function generateBackend(options: GenerateOptions = {}): Promise<GeneratedBackend> {
  const framework = options.framework ?? "express";
  const language = options.language ?? "ts";
  const log = options.log ?? (() => {});
  const cli = join(ROOT, "packages/cli/index.js");
  if (!existsSync(join(ROOT, "packages/cli/dist/index.js"))) {
    throw new DemoError("the CLI is not built (packages/cli/dist/index.js); run npm run build");
  }
  const dir = options.dir ?? join(BACKENDS_DIR, `${framework}-${language}`);
  const stampFile = join(dir, ".demo-stamp");
  const fingerprint = cliFingerprint(framework, language);
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === fingerprint) {
    return { dir, framework, language, reused: true };
  }
  log(`Generating the ${framework} (${language}) backend with the CLI into ${relative(ROOT, dir)}…`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const args = [
    cli,
    dir,
    "--mode",
    "new",
    "--framework",
    framework,
    "--language",
    language,
    "--auth0-domain",
    `http://localhost:${DEFAULT_PORTS.tenant}/`,
    "--audience",
    DEMO_AUDIENCE,
    "--website-domain",
    `http://localhost:${DEFAULT_PORTS.site}`,
    "--api-domain",
    `http://localhost:${DEFAULT_PORTS.api}`,
    "--route",
    MIGRATE_ROUTE,
    "--allow-opaque",
    "--yes",
    "--no-install",
    "--force",
  ];
  const env = { ...process.env, NO_COLOR: "1", CI: "1" };
  await run(process.execPath, args, { cwd: ROOT, env, what: `the CLI (${framework}, ${language})` });
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const build = pkg.scripts?.build?.trim();
  if (build === "tsc") {
    // Emit only: the generated code's types are checked by the template tests; here start-up time matters.
    log("Compiling the generated backend (tsc --noCheck)…");
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    await run(process.execPath, [tsc, "-p", dir, "--noCheck"], {
      cwd: dir,
      env,
      what: `tsc in ${relative(ROOT, dir)}`,
    });
  } else if (build) {
    log("Building the generated backend (npm run build)…");
    await run(npmCommand, ["run", "build"], {
      cwd: dir,
      env,
      what: `npm run build in ${relative(ROOT, dir)}`,
    });
  }
  await writeFile(stampFile, fingerprint);
  return { dir, framework, language, reused: false };
}

/** Fails early, with the list of choices, for a framework the CLI does not have or that has no server to run. */
function checkFramework(framework: string, language: string): void {
  const templates = join(ROOT, "packages/cli/dist/templates");
  if (!existsSync(templates)) return; // let the CLI report it
  const available = readdirSync(templates).filter((name) =>
    existsSync(join(templates, name, language, "package.json")),
  );
  const runnable = available.filter(
    (name) =>
      (
        JSON.parse(readFileSync(join(templates, name, language, "package.json"), "utf8")) as {
          scripts?: { start?: string };
        }
      ).scripts?.start,
  );
  if (!runnable.includes(framework)) {
    const why = available.includes(framework)
      ? `${framework} has no server to start. `
      : `unknown framework "${framework}". `;
    throw new DemoError(`${why}Choose one of: ${runnable.join(", ")}.`);
  }
}

export interface BackendEnv {
  /** Issuer URL of the tenant, with trailing slash. */
  issuer: string;
  audience: string;
  clientId: string;
  connectionURI: string;
  websiteDomain: string;
  apiDomain: string;
  port: number;
  allowOpaque?: boolean;
  maxTokenAge?: number;
}

export interface RunningBackend {
  apiDomain: string;
  port: number;
  migrateUrl: string;
  /** Output so far (stdout and stderr), for diagnostics. */
  output(): string;
  /** Stops the process group; resolves when it has exited. */
  stop(): Promise<void>;
  /** Starts the same backend again on the same port (after stop()). */
  restart(): Promise<void>;
}

/** Every backend process group started here, so an exiting parent can take them down synchronously. */
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

function startCommand(dir: string, framework: string): { command: string; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const start = pkg.scripts?.start;
  if (!start) {
    throw new DemoError(
      `the ${framework} project has no server to start (no start script); the demo runs frameworks that listen on a port`,
    );
  }
  // `node <file>`: run it directly, saving npm's start-up time. Anything else goes through npm.
  const direct = /^node ([\w./-]+)$/.exec(start.trim());
  if (direct?.[1]) return { command: process.execPath, args: [direct[1]] };
  return { command: npmCommand, args: ["start", ...backendLayout(framework).startArgs] };
}

/**
 * Every generated backend serves the migration route at the API's root. Checks that it answers there before the demo
 * starts: an empty JSON body from the site's origin gets the documented BAD_REQUEST.
 */
async function migrationRouteAnswers(migrateUrl: string, origin: string): Promise<boolean> {
  try {
    const res = await fetch(migrateUrl.replace("localhost", "127.0.0.1"), {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: "{}",
    });
    const body = (await res.json().catch(() => undefined)) as { status?: unknown } | undefined;
    return body?.status === "BAD_REQUEST";
  } catch {
    return false;
  }
}

/** Runs a generated backend with the demo's settings in the environment; resolves once it accepts connections. */
export async function startBackend(
  backend: GeneratedBackend,
  env: BackendEnv,
  options: { quiet?: boolean; onOutput?: (chunk: string) => void } = {},
): Promise<RunningBackend> {
  await assertPortFree(env.port, "demo API (generated backend)", "pick another with --api-port or API_PORT");
  const layout = backendLayout(backend.framework);
  const { command, args } = startCommand(backend.dir, backend.framework);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    AUTH0_DOMAIN: "",
    AUTH0_ISSUER_BASE_URL: env.issuer,
    AUTH0_AUDIENCE: env.audience,
    AUTH0_CLIENT_IDS: env.clientId,
    AUTH0_ALLOW_OPAQUE: env.allowOpaque ? "true" : "false",
    MIGRATION_MAX_TOKEN_AGE: String(env.maxTokenAge ?? 3600),
    SUPERTOKENS_CONNECTION_URI: env.connectionURI,
    SUPERTOKENS_API_KEY: "",
    API_DOMAIN: env.apiDomain,
    API_BASE_PATH: layout.apiBasePath,
    WEBSITE_DOMAIN: env.websiteDomain,
    HOST: "127.0.0.1",
    PORT: String(env.port),
    NO_COLOR: "1",
  };
  let child: ChildProcess | undefined;
  let output = "";
  let exitInfo: string | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = async () => {
    exitInfo = undefined;
    const proc = spawn(command, args, { cwd: backend.dir, env: childEnv, stdio: "pipe", detached: true });
    child = proc;
    if (proc.pid !== undefined) liveGroups.add(proc.pid);
    const onData = (d: Buffer) => {
      const text = d.toString();
      output = (output + text).slice(-20_000);
      options.onOutput?.(text);
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    exited = new Promise<void>((resolve) => {
      proc.once("exit", (code, signal) => {
        if (proc.pid !== undefined) liveGroups.delete(proc.pid);
        exitInfo = `the ${backend.framework} backend exited (${signal ?? `code ${code}`}):\n${output.trim().split("\n").slice(-15).join("\n")}`;
        resolve();
      });
      proc.once("error", (error) => {
        exitInfo = `the ${backend.framework} backend could not start: ${error.message}`;
        resolve();
      });
    });
    await waitForPort(env.port, 60_000, () => exitInfo);
  };

  const stop = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return exited;
    try {
      process.kill(-proc.pid, "SIGTERM");
    } catch {
      return exited;
    }
    const timer = setTimeout(() => {
      try {
        if (proc.pid !== undefined) process.kill(-proc.pid, "SIGKILL");
      } catch {
        // gone
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  };

  const migrateUrl = `${env.apiDomain}${MIGRATE_ROUTE}`;
  try {
    await launch();
    if (!(await migrationRouteAnswers(migrateUrl, env.websiteDomain))) {
      throw new DemoError(`the ${backend.framework} backend does not answer on ${MIGRATE_ROUTE}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiDomain: env.apiDomain,
    port: env.port,
    migrateUrl,
    output: () => output,
    stop,
    async restart() {
      await stop();
      await launch();
    },
  };
}

// ------------------------------------------------------------------------------------------------------------ site

/** What the site's pages are configured with (overridable per page load through query parameters). */
export interface SiteConfig {
  domain: string;
  clientId: string;
  audience: string;
  apiDomain: string;
  apiBasePath: string;
  /** The backend's verifySession-protected route. */
  sessionPath: string;
  migrateUrl: string;
  tenantIssuer: string;
  /** "express (ts)": shown in the page footer. */
  backend: string;
}

export interface SiteBundle {
  files: Map<string, { contents: Uint8Array; type: string }>;
  buildMs: number;
}

/** Bundles the site's scripts with esbuild (in memory): the demo app and the bare page, chunks shared. */
export async function bundleSite(): Promise<SiteBundle> {
  const { build } = await import("esbuild");
  const started = performance.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: join(SITE_DIR, "app.ts"), bare: join(SITE_DIR, "bare.ts") },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2021",
    minify: true,
    sourcemap: "linked",
    outdir: join(ROOT, "test/.tmp/demo-site"),
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    write: false,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const files = new Map<string, { contents: Uint8Array; type: string }>();
  const outdir = join(ROOT, "test/.tmp/demo-site");
  for (const out of result.outputFiles) {
    const path = `/assets/${relative(outdir, out.path).split("\\").join("/")}`;
    files.set(path, {
      contents: out.contents,
      type: path.endsWith(".map") ? "application/json" : "text/javascript; charset=utf-8",
    });
  }
  // The element's CDN build, as a site would load it from a CDN (the bare page uses it).
  const cdnDir = join(ROOT, "packages/element/dist/cdn");
  for (const name of existsSync(cdnDir) ? readdirSync(cdnDir) : []) {
    if (!name.endsWith(".js")) continue;
    files.set(`/cdn/${name}`, {
      contents: await readFile(join(cdnDir, name)),
      type: "text/javascript; charset=utf-8",
    });
  }
  // supertokens-web-js's script-tag bundles, as a page without a bundler loads them (the bare page with ?init=script).
  const sdkDir = join(ROOT, "node_modules/supertokens-web-js/bundle");
  for (const name of SCRIPT_TAG_SDK) {
    const file = readdirSync(sdkDir).find((f) => f.startsWith(`${name}.`) && f.endsWith(".js"));
    if (!file) throw new Error(`supertokens-web-js has no bundle/${name}.*.js`);
    files.set(`/sdk/${name}.js`, {
      contents: await readFile(join(sdkDir, file)),
      type: "text/javascript; charset=utf-8",
    });
  }
  files.set("/assets/styles.css", {
    contents: await readFile(join(SITE_DIR, "styles.css")),
    type: "text/css; charset=utf-8",
  });
  return { files, buildMs: Math.round(performance.now() - started) };
}

function escapeJsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** supertokens-web-js's script-tag files, in load order (the runtime first, then the SDK, then the recipe). */
const SCRIPT_TAG_SDK = ["website", "supertokens", "session"];

function page(
  title: string,
  scripts: string[],
  config: SiteConfig,
  body: string,
  classicScripts: string[] = [],
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/styles.css">
<link rel="icon" href="data:,">
<script type="application/json" id="demo-config">${escapeJsonForHtml(config)}</script>
${classicScripts.map((src) => `<script src="${src}"></script>`).join("\n")}
${scripts.map((src) => `<script type="module" src="${src}"></script>`).join("\n")}
</head>
<body>
${body}
</body>
</html>`;
}

const APP_BODY = readFileSync(new URL("./site/app.html", import.meta.url), "utf8");

export interface RunningSite {
  url: string;
  port: number;
  server: Server;
  /** Replace the configuration served from now on (e.g. once the backend's port is known). */
  setConfig(config: SiteConfig): void;
  stop(): Promise<void>;
}

/** Serves the demo site on 127.0.0.1 (reached as http://localhost:<port>). */
export async function startSite(options: {
  port?: number;
  bundle: SiteBundle;
  config?: SiteConfig;
}): Promise<RunningSite> {
  await assertPortFree(options.port ?? 0, "demo site", "pick another with --port or PORT");
  let config = options.config;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (
      status: number,
      type: string,
      body: string | Uint8Array,
      extra: Record<string, string> = {},
    ) => {
      res.writeHead(status, {
        "Content-Type": type,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        ...extra,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(405, "text/plain; charset=utf-8", "Method not allowed", { Allow: "GET, HEAD" });
    }
    if (!config) return send(503, "text/plain; charset=utf-8", "The demo is starting…");
    if (url.pathname === "/" || url.pathname === "/bare") {
      const csp = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        // Any local API: tests point the page at extra backends with ?api=.
        "connect-src 'self' http://localhost:* http://127.0.0.1:*",
        `frame-src ${new URL(config.domain).origin}`,
        "worker-src blob:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join("; ");
      const html =
        url.pathname === "/"
          ? page("Auth0 → SuperTokens session migration · demo", ["/assets/app.js"], config, APP_BODY)
          : page(
              "Bare migrator page",
              ["/cdn/auth0-session-migrator.js", "/assets/bare.js"],
              config,
              '<main id="bare"></main>',
              url.searchParams.get("init") === "script"
                ? SCRIPT_TAG_SDK.map((name) => `/sdk/${name}.js`)
                : [],
            );
      return send(200, "text/html; charset=utf-8", html, { "Content-Security-Policy": csp });
    }
    const file = options.bundle.files.get(url.pathname);
    if (file) return send(200, file.type, file.contents);
    return send(404, "text/plain; charset=utf-8", "Not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new PortInUseError(options.port ?? 0, "demo site") : error),
    );
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    setConfig(next) {
      config = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ------------------------------------------------------------------------------------------------------------ demo

export interface DemoOptions {
  ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  framework?: string;
  language?: "ts" | "js";
  /** Access-token lifetime in the core, seconds (default 3600). */
  accessTokenValidity?: number;
  allowOpaque?: boolean;
  maxTokenAge?: number;
  /** Build stale workspaces first (default true). */
  build?: boolean;
  log?: (line: string) => void;
  onBackendOutput?: (chunk: string) => void;
}

export interface Demo {
  url: string;
  site: RunningSite;
  tenant: Auth0Tenant;
  core: SupertokensCore;
  backend: RunningBackend;
  generated: GeneratedBackend;
  config: SiteConfig;
  bundle: SiteBundle;
  /** Starts another backend (same generated code) with other settings, on a free port; stopped by stop(). */
  startExtraBackend(overrides: Partial<BackendEnv>): Promise<RunningBackend>;
  stop(): Promise<void>;
}

/**
 * Everything the demo needs, in order: ports checked, workspaces built, tenant, core, backend generated and started,
 * site bundled and served. On any failure, what was started is stopped again before the error is thrown.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? (() => {});
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const roles = [
    ["site", "demo site", "--port or PORT"],
    ["api", "demo API (generated backend)", "--api-port or API_PORT"],
    ["tenant", "Auth0 development tenant", "--tenant-port or TENANT_PORT"],
    ["core", "SuperTokens development core", "--core-port or CORE_PORT"],
  ] as const;
  const nonZero = Object.values(ports).filter((p) => p !== 0);
  if (new Set(nonZero).size !== nonZero.length) throw new DemoError("two services were given the same port");
  for (const [key, role, flag] of roles) await assertPortFree(ports[key], role, `pick another with ${flag}`);

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    const list = cleanups.splice(0).reverse();
    for (const cleanup of list) await cleanup().catch(() => {});
  };
  try {
    const generated = await withBuildLock(async () => {
      if (options.build !== false) await ensureBuilt(log);
      checkFramework(options.framework ?? "express", options.language ?? "ts");
      return generateBackend({ framework: options.framework, language: options.language, log });
    });
    const bundle = await bundleSite();
    const site = await startSite({ port: ports.site, bundle });
    cleanups.push(() => site.stop());
    const tenant = await startTenant({ port: ports.tenant });
    cleanups.push(() => tenant.stop());
    const core = await startCore({ port: ports.core, accessTokenValidity: options.accessTokenValidity });
    cleanups.push(() => core.stop());

    const apiPort = ports.api === 0 ? await freePort() : ports.api;
    const baseEnv: BackendEnv = {
      issuer: tenant.issuer,
      audience: DEMO_AUDIENCE,
      clientId: DEMO_CLIENT_ID,
      connectionURI: core.connectionURI,
      websiteDomain: site.url,
      apiDomain: `http://localhost:${apiPort}`,
      port: apiPort,
      allowOpaque: options.allowOpaque ?? false,
      maxTokenAge: options.maxTokenAge ?? 3600,
    };
    log(`Starting the ${generated.framework} (${generated.language}) backend…`);
    const backend = await startBackend(generated, baseEnv, { onOutput: options.onBackendOutput });
    cleanups.push(() => backend.stop());

    const config: SiteConfig = {
      domain: tenant.url,
      clientId: DEMO_CLIENT_ID,
      audience: DEMO_AUDIENCE,
      apiDomain: backend.apiDomain,
      apiBasePath: backendLayout(generated.framework).apiBasePath,
      sessionPath: backendLayout(generated.framework).sessionPath,
      migrateUrl: backend.migrateUrl,
      tenantIssuer: tenant.issuer,
      backend: `${generated.framework} (${generated.language})`,
    };
    site.setConfig(config);

    return {
      url: `${site.url}/`,
      site,
      tenant,
      core,
      backend,
      generated,
      config,
      bundle,
      async startExtraBackend(overrides) {
        const port = overrides.port ?? (await freePort());
        const extra = await startBackend(generated, {
          ...baseEnv,
          ...overrides,
          port,
          apiDomain: overrides.apiDomain ?? `http://localhost:${port}`,
        });
        cleanups.push(() => extra.stop());
        return extra;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
