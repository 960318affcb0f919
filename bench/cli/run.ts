// CLI benchmark: packed size, runtime dependency count and wall time of a non-interactive scaffold, measured for
// create-session-migration and, in the same run, for create-vite (the reference: installed at the root,
// `--template vanilla-ts`, non-interactive). Goals: 0 runtime dependencies, packed size <= 250 KB, scaffold <= 0.3 s.
// Needs `npm run build -w packages/cli` first. Prints figures and ratios; never asserts on time.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const RUNS = 7;

interface Figures {
  name: string;
  packedBytes: number; // tar.gz of the published files, measured the same way for both
  npmPackBytes?: number; // what `npm pack` reports (ours only)
  unpackedBytes: number;
  files: number;
  runtimeDependencies: number;
  scaffoldMs: number; // median of RUNS
  scaffoldMinMs: number;
}

function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("npm_")) delete env[key];
  env.npm_config_update_notifier = "false";
  return env;
}

/** Files npm would publish from a package folder (an absolute path: npm reads "a/b" as a GitHub repository). */
function npmPack(dir: string) {
  const json = execFileSync("npm", ["pack", "--offline", "--dry-run", "--json", path.resolve(dir)], {
    cwd: root,
    env: npmEnv(),
    encoding: "utf8",
  });
  const [info] = JSON.parse(json) as { size: number; files: { path: string }[] }[];
  return { size: info.size, files: info.files.map((f) => f.path) };
}

function listAll(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listAll(dir, child) : [child];
  });
}

/** gzip'd tar of the given files: the same measure for both packages. */
function tarGzBytes(dir: string, files: string[]): number {
  return execFileSync("tar", ["-czf", "-", "-C", dir, ...files], { maxBuffer: 64 * 1024 * 1024 }).length;
}

function packed(dir: string, installed: boolean) {
  // An installed package (node_modules/create-vite) holds exactly what its tarball held; npm pack of a folder
  // inside node_modules leaves the template folders out, so the reference is measured from the installed files.
  const pack = installed ? undefined : npmPack(dir);
  const files = pack ? pack.files : listAll(dir);
  return {
    packedBytes: tarGzBytes(dir, files),
    npmPackBytes: pack?.size,
    unpackedBytes: files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0),
    files: files.length,
  };
}

function runtimeDependencies(dir: string): number {
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  return Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }).length;
}

function timeScaffold(bin: string, args: string[]): { median: number; min: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-cli-"));
    try {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [bin, "app", ...args], {
        cwd: dir,
        env: { ...npmEnv(), NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
        encoding: "utf8",
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`${bin} exited ${result.status}: ${result.stderr}`);
      if (!existsSync(path.join(dir, "app", "package.json"))) throw new Error(`${bin} wrote no package.json`);
      times.push(ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

function measure(name: string, dir: string, installed: boolean, bin: string, args: string[]): Figures {
  const scaffold = timeScaffold(bin, args);
  return {
    name,
    ...packed(dir, installed),
    runtimeDependencies: runtimeDependencies(dir),
    scaffoldMs: scaffold.median,
    scaffoldMinMs: scaffold.min,
  };
}

export async function run(): Promise<void> {
  const cliDir = path.join(root, "packages/cli");
  if (!existsSync(path.join(cliDir, "dist/index.js"))) {
    console.log("packages/cli is not built: run `npm run build -w packages/cli` first.");
    process.exitCode = 1;
    return;
  }
  const viteDir = path.join(root, "node_modules/create-vite");
  const ours = measure("create-session-migration", cliDir, false, path.join(cliDir, "index.js"), [
    "--yes",
    "--mode",
    "new",
    "--framework",
    "express",
    "--language",
    "ts",
    "--auth0-domain",
    "tenant.eu.auth0.com",
    "--audience",
    "https://api.example.com/",
  ]);
  const vite = measure("create-vite (reference)", viteDir, true, path.join(viteDir, "index.js"), [
    "--template",
    "vanilla-ts",
    "--no-interactive",
    "--no-immediate",
  ]);

  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const rows: [string, (f: Figures) => string][] = [
    ["packed size (tar.gz)", (f) => kb(f.packedBytes)],
    ["npm pack size", (f) => (f.npmPackBytes === undefined ? "-" : kb(f.npmPackBytes))],
    ["unpacked size", (f) => kb(f.unpackedBytes)],
    ["files in package", (f) => String(f.files)],
    ["runtime dependencies", (f) => String(f.runtimeDependencies)],
    [`scaffold, median of ${RUNS}`, (f) => `${f.scaffoldMs.toFixed(0)} ms`],
    ["scaffold, fastest", (f) => `${f.scaffoldMinMs.toFixed(0)} ms`],
  ];
  const width = 26;
  console.log(`${"".padEnd(width)}${ours.name.padEnd(28)}${vite.name}`);
  for (const [label, show] of rows)
    console.log(`${label.padEnd(width)}${show(ours).padEnd(28)}${show(vite)}`);
  const startup: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"]);
    startup.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  startup.sort((a, b) => a - b);
  console.log(`(node -e 0 on this machine, median: ${startup[Math.floor(RUNS / 2)].toFixed(0)} ms)`);
  console.log(
    `ratios (ours / create-vite): packed ${(ours.packedBytes / vite.packedBytes).toFixed(2)}x, ` +
      `scaffold ${(ours.scaffoldMs / vite.scaffoldMs).toFixed(2)}x`,
  );
  const goals: [string, boolean][] = [
    ["0 runtime dependencies", ours.runtimeDependencies === 0],
    ["packed size <= 250 KB", (ours.npmPackBytes ?? ours.packedBytes) <= 250 * 1024],
    ["scaffold <= 0.3 s", ours.scaffoldMs <= 300],
  ];
  console.log(`goals: ${goals.map(([goal, met]) => `${goal} ${met ? "met" : "MISSED"}`).join("; ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
