// Generates a project from the built templates into test/.tmp (inside the repo, so it resolves the root
// node_modules without an install), builds it when its package.json has a build script, and starts it with its
// start script, as a user would.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildTemplates } from "../../packages/cli/scripts/build-templates.js";
import {
  type Framework,
  type Language,
  renderTemplate,
  type TemplateValues,
} from "../../packages/cli/src/templates.js";
import { type RunningServer, startServerProcess } from "./process.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const tmpRoot = join(repoRoot, "test", ".tmp");

export const defaultValues: TemplateValues = {
  projectName: "migration-contract",
  route: "/migrate-session",
  auth0Domain: "tenant.example.com",
  audience: "https://api.example.com/",
  websiteDomain: "http://127.0.0.1:5173",
  apiDomain: "http://127.0.0.1:3001",
  allowOpaque: false,
};

let built: string | undefined;

/** Builds the templates once per test process, into a directory of its own (test files run in parallel). */
export function builtTemplates(): string {
  if (built === undefined) {
    built = join(tmpRoot, `templates-${process.pid}`);
    buildTemplates({ outDir: built });
  }
  return built;
}

/** Deletes this process's built templates (the next builtTemplates() builds again). */
export function removeBuiltTemplates(): void {
  if (built !== undefined) rmSync(built, { recursive: true, force: true });
  built = undefined;
}

export interface GeneratedProject {
  dir: string;
  /** Starts the server with exactly this environment (plus PATH). */
  start(env: Record<string, string>): Promise<RunningServer>;
  remove(): void;
}

/** `node x.js` runs with this Node; any other command is the package's binary from the root node_modules. */
function resolveCommand(script: string): { command: string; args: string[] } {
  const [name = "", ...args] = script.split(/\s+/).filter(Boolean);
  if (name === "node") return { command: process.execPath, args };
  return { command: join(repoRoot, "node_modules", ".bin", name), args };
}

export async function generateProject(options: {
  framework: Framework;
  language: Language;
  values?: Partial<TemplateValues>;
}): Promise<GeneratedProject> {
  const dir = join(tmpRoot, `${options.framework}-${options.language}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const files = renderTemplate({
    framework: options.framework,
    language: options.language,
    mode: "new",
    values: { ...defaultValues, ...options.values },
    templatesDir: builtTemplates(),
  });
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  if (pkg.scripts.build) {
    const { command, args } = resolveCommand(pkg.scripts.build);
    await promisify(execFile)(command, args, { cwd: dir }).catch(
      (error: { stdout?: string; message: string }) => {
        throw new Error(`build of ${dir} failed: ${error.stdout ?? ""}${error.message}`);
      },
    );
  }
  const start = pkg.scripts.start;
  if (!start) throw new Error(`${dir}/package.json has no start script`);
  return {
    dir,
    start: (env) => startServerProcess({ ...resolveCommand(start), cwd: dir, env }),
    remove: () => {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A contract-suite target for a generated project: generated (and built) on first start, deleted afterwards. */
export function generatedTarget(framework: Framework, language: Language, values?: Partial<TemplateValues>) {
  let project: Promise<GeneratedProject> | undefined;
  return {
    name: `${framework} ${language}`,
    async start(env: Record<string, string>): Promise<RunningServer> {
      project ??= generateProject({ framework, language, ...(values ? { values } : {}) });
      return (await project).start(env);
    },
    async cleanup(): Promise<void> {
      if (project) (await project).remove();
      removeBuiltTemplates();
    },
  };
}
