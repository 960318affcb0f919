// Generated TypeScript must compile with --strict against the real packages: in place (templates/<framework>), as a
// new project, and as the add-mode files dropped into an existing app.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import { type Framework, type Mode, renderTemplate } from "../../packages/cli/src/templates.js";
import { builtTemplates, defaultValues, removeBuiltTemplates, repoRoot } from "../contract/generate.js";

const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
const scratch = join(repoRoot, "test", ".tmp", `typecheck-${process.pid}`);

async function typecheck(args: string[]): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [tsc, "--noEmit", "--strict", ...args], { cwd: repoRoot });
  } catch (error) {
    const { stdout = "", message } = error as { stdout?: string; message: string };
    assert.fail(`tsc ${args.join(" ")} failed:\n${stdout || message}`);
  }
}

function write(framework: Framework, mode: Mode): string {
  const dir = join(scratch, `${framework}-${mode}`);
  for (const file of renderTemplate({
    framework,
    language: "ts",
    mode,
    values: defaultValues,
    templatesDir: builtTemplates(),
  })) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.contents);
  }
  return dir;
}

describe("templates typecheck with tsc --strict", () => {
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    removeBuiltTemplates();
  });

  const frameworks = readdirSync(join(repoRoot, "templates")).filter((name) =>
    existsSync(join(repoRoot, "templates", name, "tsconfig.template.json")),
  );

  test("every template in place, as authored", async () => {
    assert.ok(frameworks.includes("express"));
    // Two at a time: CI has two cores.
    const queue = [...frameworks];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        await typecheck(["-p", join(repoRoot, "templates", name, "tsconfig.template.json")]);
      }
    };
    await Promise.all([worker(), worker()]);
  });

  test("express: the generated new project and the add-mode files", async () => {
    const project = write("express", "new");
    const added = write("express", "add");
    writeFileSync(
      join(added, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: true,
          types: ["node"],
        },
        include: ["src"],
      }),
    );
    await Promise.all([typecheck(["-p", project]), typecheck(["-p", added])]);
  });
});
