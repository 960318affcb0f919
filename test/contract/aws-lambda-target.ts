// Contract target for the aws-lambda template: generates the project into test/.tmp, compiles it when it is the
// TypeScript variant, and serves its handler through the local API Gateway stand-in (aws-lambda-adapter.ts).
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Language, renderTemplate } from "../../packages/cli/src/templates.js";
import { builtTemplates, defaultValues, removeBuiltTemplates, repoRoot } from "./generate.js";
import { startServerProcess } from "./process.js";
import type { ContractTarget } from "./suite.js";

const adapter = fileURLToPath(new URL("./aws-lambda-adapter.ts", import.meta.url));

export function awsLambdaTarget(language: Language): ContractTarget {
  const dir = join(repoRoot, "test", ".tmp", `aws-lambda-${language}-${process.pid}`);
  let generated: Promise<void> | undefined;

  async function generate(): Promise<void> {
    rmSync(dir, { recursive: true, force: true });
    const files = renderTemplate({
      framework: "aws-lambda",
      language,
      mode: "new",
      values: defaultValues,
      templatesDir: builtTemplates(),
    });
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.contents);
    }
    if (language === "ts") {
      // `npm run build` of the generated project: tsc with its own tsconfig.json.
      await promisify(execFile)(join(repoRoot, "node_modules", ".bin", "tsc"), [], { cwd: dir }).catch(
        (error: { stdout?: string; message: string }) => {
          throw new Error(`build of ${dir} failed: ${error.stdout ?? ""}${error.message}`);
        },
      );
    }
  }

  return {
    name: `aws-lambda ${language}`,
    migratePath: defaultValues.route,
    async start(env) {
      generated ??= generate();
      await generated;
      const handler = language === "ts" ? "dist/handler.js" : "src/handler.js";
      return startServerProcess({
        command: process.execPath,
        args: ["--import", "tsx", adapter, handler],
        cwd: dir,
        env,
      });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      removeBuiltTemplates();
    },
  };
}
