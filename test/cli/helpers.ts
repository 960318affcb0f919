// Shared helpers for the CLI tests: they spawn the BUILT CLI (`npm run build -w packages/cli` first), exactly as a
// user runs it, and compare what it wrote with what the renderer produces for the same answers.
//
// Each test process runs a private copy of the built package (index.js, package.json, dist/), and the renderer
// helpers below read that copy's templates: a rebuild of packages/cli/dist while the tests run (another workspace
// command, a watcher) cannot mix two builds in one comparison.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Framework, Language, TemplateValues } from "../../packages/cli/src/templates.js";
import * as renderer from "../../packages/cli/src/templates.js";

export const root = path.resolve(import.meta.dirname, "../..");
export const tmpRoot = path.join(root, "test/.tmp/cli");
export const tscPath = path.join(root, "node_modules/typescript/bin/tsc");
/** The built package in the repo, as `npm run build -w packages/cli` leaves it. */
export const builtPackage = path.join(root, "packages/cli");

function copyBuiltPackage(): string {
  const copy = path.join(tmpRoot, `built-${process.pid}`);
  const ready = () =>
    existsSync(path.join(builtPackage, "dist/index.js")) &&
    existsSync(path.join(builtPackage, "dist/templates/manifest.json"));
  // A rebuild in progress removes dist/templates for a moment: wait for it (up to 60 s) rather than copy half.
  for (let waited = 0; !ready(); waited += 250) {
    if (waited >= 60_000) {
      throw new Error("The CLI is not built: run `npm run build -w packages/cli` before these tests.");
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  for (const entry of ["index.js", "package.json", "dist"]) {
    cpSync(path.join(builtPackage, entry), path.join(copy, entry), { recursive: true });
  }
  process.on("exit", () => rmSync(copy, { recursive: true, force: true }));
  return copy;
}

/** This process's copy of the built package. */
export const packageCopy = copyBuiltPackage();
/** The bin under test (the copy's index.js, which imports its dist/index.js). */
export const cliPath = path.join(packageCopy, "index.js");
const templatesDir = path.join(packageCopy, "dist/templates");

// The renderer, reading the same built templates as the CLI under test.
export const availableFrameworks = () => renderer.availableFrameworks(templatesDir);
export const renderTemplate = (options: Parameters<typeof renderer.renderTemplate>[0]) =>
  renderer.renderTemplate({ ...options, templatesDir });
export const addModeInstructions = (options: Parameters<typeof renderer.addModeInstructions>[0]) =>
  renderer.addModeInstructions({ ...options, templatesDir });

export const LANGUAGES: Language[] = ["ts", "js"];

/** Answers used by most tests, as flags and as the values the renderer should receive. */
export const ANSWERS = {
  auth0Domain: "tenant.eu.auth0.com",
  audience: "https://api.example.com/",
};
export const ANSWER_FLAGS = ["--auth0-domain", ANSWERS.auth0Domain, "--audience", ANSWERS.audience];

export function expectedValues(
  projectName: string,
  framework: Framework,
  overrides: Partial<TemplateValues> = {},
) {
  const website = "http://localhost:3000";
  const values: TemplateValues = {
    projectName,
    route: "/migrate-session",
    auth0Domain: ANSWERS.auth0Domain,
    audience: ANSWERS.audience,
    websiteDomain: website,
    apiDomain: framework === "next-app" || framework === "next-pages" ? website : "http://localhost:3001",
    allowOpaque: false,
    ...overrides,
  };
  return values;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI without a terminal (stdin is a closed pipe). */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string; nodeArgs?: string[] } = {},
) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.bin ?? cliPath, ...args], {
      cwd: options.cwd ?? tmpRoot,
      env: { ...cleanEnv(), ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end();
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment without hints from the npm process running the tests (user agent, colours). */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("npm_") || key === "FORCE_COLOR" || key === "NODE_OPTIONS") continue;
    env[key] = value;
  }
  env.NO_COLOR = "1";
  return env;
}

/** A fresh, empty directory under test/.tmp/cli (inside the repo, so generated code resolves root node_modules). */
export function freshDir(name: string): string {
  const dir = path.join(tmpRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Every file below `dir` as sorted posix paths, skipping node_modules. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  if (existsSync(dir)) walk("");
  return out.sort();
}

/** Path -> contents of every file below `dir`. */
export function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));
}

export function typecheck(project: string): { code: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [tscPath, "-p", path.join(project, "tsconfig.json"), "--noEmit"],
    {
      cwd: project,
      encoding: "utf8",
    },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Drives the CLI through a pseudo-terminal (util-linux `script`), answering each prompt when its text appears.
 * `steps`: [text the prompt shows, keys to send]. Resolves with the exit code and everything the terminal showed.
 */
export function runInteractive(
  args: string[],
  steps: [string, string][],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
) {
  return new Promise<{ code: number | null; output: string; answered: number }>((resolve, reject) => {
    const command = [process.execPath, cliPath, ...args].map(shellQuote).join(" ");
    const child = spawn("script", ["-qefc", command, "/dev/null"], {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env, TERM: "xterm" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let cursor = 0;
    let answered = 0;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`interactive run timed out after ${answered} answers; output:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (data: Buffer) => {
      output += data.toString("utf8");
      while (answered < steps.length) {
        const [text, keys] = steps[answered];
        const at = output.indexOf(text, cursor);
        if (at === -1) break;
        cursor = at + text.length;
        answered++;
        // Give prompts a moment to switch the terminal to raw mode before typing.
        setTimeout(() => child.stdin.write(keys), 40);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, answered });
    });
  });
}

export const KEY = { enter: "\r", down: "\u001b[B", up: "\u001b[A", ctrlC: "\u0003", backspace: "\u007f" };

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Strips ANSI escape sequences from terminal output. */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
}
