// Contract target for the Next.js templates (App Router and Pages Router): generates the project into test/.tmp, runs
// its `next build` once, and starts it with `next start` as its users do, on loopback only (-H).
import { join } from "node:path";
import type { Language } from "../../packages/cli/src/templates.js";
import {
  defaultValues,
  type GeneratedProject,
  generateProject,
  removeBuiltTemplates,
  repoRoot,
} from "./generate.js";
import { type RunningServer, StartError, startServerProcess } from "./process.js";
import type { ContractTarget } from "./suite.js";

// Next's own start-up banner, printed before the app's code runs. A configuration error must be the only other line.
const NEXT_BANNER =
  /^\s*(▲ Next\.js .*|- (Local|Network|Environments|Experiments):.*|✓ (Ready|Starting|Running next\.config\.\w+ took).*)?\s*$/;

export function withoutNextBanner(output: string): string {
  return output
    .split("\n")
    .filter((line) => !NEXT_BANNER.test(line))
    .join("\n");
}

export function nextTarget(framework: "next-app" | "next-pages", language: Language): ContractTarget {
  process.env.NEXT_TELEMETRY_DISABLED = "1"; // also for `next build`, which inherits this environment
  let project: Promise<GeneratedProject> | undefined;
  return {
    name: `${framework} ${language}`,
    // Through the rewrite in next.config: the route the element calls by default.
    migratePath: defaultValues.route,
    sessionPath: "/api/session",
    apiBasePath: "/api/auth",
    async start(env: Record<string, string>): Promise<RunningServer> {
      project ??= generateProject({ framework, language });
      const { dir } = await project;
      try {
        return await startServerProcess({
          command: join(repoRoot, "node_modules", ".bin", "next"),
          args: ["start", "-H", env.HOST ?? "127.0.0.1"],
          cwd: dir,
          env: { NEXT_TELEMETRY_DISABLED: "1", ...env },
          timeoutMs: 30_000,
        });
      } catch (error) {
        if (error instanceof StartError)
          throw new StartError(error.exitCode, withoutNextBanner(error.output));
        throw error;
      }
    },
    async cleanup() {
      if (project) (await project).remove();
      removeBuiltTemplates();
    },
  };
}
