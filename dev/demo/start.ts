// `npm start`: builds what is missing, starts the development Auth0 tenant and SuperTokens core, a backend generated
// by the CLI, and the demo site, then prints one URL. Ctrl-C stops everything.
//
//   npm start -- [--framework express] [--language ts] [--port 3000] [--api-port 3001] [--tenant-port 4000]
//                [--core-port 3567]
// Environment: PORT, API_PORT, TENANT_PORT, CORE_PORT, DEMO_FRAMEWORK, DEMO_LANGUAGE (flags win).
import { parseArgs } from "node:util";
import { DEFAULT_PORTS, type Demo, DemoError, startDemo } from "./orchestrate.js";

const USAGE = `Usage: npm start -- [options]

  --framework <name>   backend framework the CLI generates (default express; env DEMO_FRAMEWORK)
  --language <ts|js>   language of the generated backend (default ts; env DEMO_LANGUAGE)
  --port <n>           demo site (default ${DEFAULT_PORTS.site}; env PORT)
  --api-port <n>       generated backend (default ${DEFAULT_PORTS.api}; env API_PORT)
  --tenant-port <n>    Auth0 development tenant (default ${DEFAULT_PORTS.tenant}; env TENANT_PORT)
  --core-port <n>      SuperTokens development core (default ${DEFAULT_PORTS.core}; env CORE_PORT)
  --verbose            print the backend's log lines
  -h, --help           show this help`;

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function port(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= 65535)) fail(`${flag} must be a port number from 1 to 65535, got "${value}"`);
  return n;
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    options: {
      framework: { type: "string" },
      language: { type: "string" },
      port: { type: "string" },
      "api-port": { type: "string" },
      "tenant-port": { type: "string" },
      "core-port": { type: "string" },
      verbose: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}
try {
  parsed = parse();
} catch (e) {
  fail(`${(e as Error).message}\n\n${USAGE}`);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const env = process.env;
const language = values.language ?? env.DEMO_LANGUAGE ?? "ts";
if (language !== "ts" && language !== "js") fail(`--language must be ts or js, got "${language}"`);
const framework = values.framework ?? env.DEMO_FRAMEWORK ?? "express";
if (!/^[a-z0-9-]+$/.test(framework)) fail(`unknown framework "${framework}"`);

const ports = {
  site: port("--port", values.port ?? env.PORT, DEFAULT_PORTS.site),
  api: port("--api-port", values["api-port"] ?? env.API_PORT, DEFAULT_PORTS.api),
  tenant: port("--tenant-port", values["tenant-port"] ?? env.TENANT_PORT, DEFAULT_PORTS.tenant),
  core: port("--core-port", values["core-port"] ?? env.CORE_PORT, DEFAULT_PORTS.core),
};

const dim = (s: string) => (process.stdout.isTTY && !env.NO_COLOR ? `\x1b[2m${s}\x1b[0m` : s);
const bold = (s: string) => (process.stdout.isTTY && !env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

let demo: Demo | undefined;
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await demo?.stop();
  process.exit(code);
}
process.on("SIGINT", () => {
  console.log(dim("\nStopping the demo…"));
  void shutdown(0);
});
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));

try {
  const started = Date.now();
  demo = await startDemo({
    ports,
    framework,
    language,
    log: (line) => console.log(dim(line)),
    onBackendOutput: values.verbose ? (chunk) => process.stdout.write(dim(chunk)) : undefined,
  });
  if (stopping) await demo.stop();
  else {
    console.log(
      dim(
        `Auth0 development tenant on port ${demo.tenant.port}, SuperTokens development core on ${demo.core.port}, ` +
          `${framework} (${language}) backend on ${demo.backend.port}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      ),
    );
    console.log(`\n  Demo: ${bold(demo.url)}\n`);
    console.log(dim("Press Ctrl-C to stop."));
  }
} catch (e) {
  const message =
    e instanceof DemoError ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
  console.error(`npm start: ${message}`);
  await shutdown(1);
}
