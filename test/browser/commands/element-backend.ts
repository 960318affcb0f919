// Server commands for the element's browser tests (test/element):
// - element:esm        bundles a CommonJS-only package (e.g. @sinonjs/fake-timers) to ESM the page can import
// - element:build-cdn  runs the element's real CDN build (packages/element/scripts/build-cdn.ts) into test/.tmp
// - element:backend:*  a SuperTokens backend (dev core + Express + supertokens-node 24, as a child process) whose
//                      /migrate-session verifies Auth0 tokens with jose against the dev tenant's JWKS.
// - element:a11y:live  the live regions (role status/alert) in Chromium's accessibility tree of the test page, as a
//                      screen reader sees them (a region that is display:none is absent, so it announces nothing)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { ChromeLauncher } from "@web/test-runner-chrome";
import { build } from "esbuild";
import { buildCdn } from "../../../packages/element/scripts/build-cdn.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tmp = `${root}test/.tmp/element/`;
const backendMain = fileURLToPath(new URL("../../element/support/backend-main.ts", import.meta.url));

const built = new Map<string, Promise<string>>();

/** Serves CommonJS `pkg` as one ESM file (module.exports as default) under /test/.tmp/element/vendor/. */
function esm(pkg: string): Promise<string> {
  if (!/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/.test(pkg)) throw new Error(`element:esm: bad package name ${pkg}`);
  let p = built.get(pkg);
  if (!p) {
    const file = `vendor/${pkg.replace(/[@/]/g, "_")}.js`;
    p = build({
      stdin: {
        contents: `import m from ${JSON.stringify(pkg)}; export default m;`,
        resolveDir: root,
        loader: "js",
      },
      outfile: tmp + file,
      bundle: true,
      format: "esm",
      platform: "browser",
      // Node built-ins some packages require behind a runtime check (fake-timers: `process && require("util")`).
      external: ["util", "timers", "timers/promises", "perf_hooks"],
      logLevel: "warning",
    }).then(() => `/test/.tmp/element/${file}`);
    built.set(pkg, p);
    p.catch(() => built.delete(pkg));
  }
  return p;
}

let cdn: Promise<{ base: string; files: string[] }> | undefined;

interface Core {
  connectionURI: string;
  stop(): Promise<void>;
  sessions(): Array<{ userId: string; recipeUserId: string; revoked?: boolean }>;
}

interface Backend {
  id: string;
  url: string;
  child: ChildProcess;
  core: Core;
  exited: Promise<void>;
}

const backends = new Map<string, Backend>();
let nextId = 1;

export interface BackendStartPayload {
  websiteOrigin: string; // the test page's origin, for CORS
  issuer: string; // the dev tenant's issuer (trailing slash)
  jwksUri: string;
  audience: string;
  tokenTransfer?: "cookie" | "header";
  host?: "localhost" | "127.0.0.1"; // how the page addresses the backend (it listens on 127.0.0.1 either way)
}

async function startBackend(payload: BackendStartPayload) {
  const { startSupertokensCore } = (await import("../../../dev/supertokens-core/index.js")) as {
    startSupertokensCore(o?: object): Promise<Core>;
  };
  const core = await startSupertokensCore();
  const host = payload.host ?? "localhost";
  const child = spawn(process.execPath, ["--import", "tsx", backendMain], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      ELEMENT_BACKEND_CONFIG: JSON.stringify({ ...payload, host, connectionURI: core.connectionURI }),
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("element backend did not start within 20 s")), 20_000);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        try {
          const msg = JSON.parse(line) as { port?: number };
          if (msg.port) {
            clearTimeout(timer);
            resolve(msg.port);
          }
        } catch {
          // not for us
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`element backend exited with ${code}`));
      });
    });
    const id = String(nextId++);
    const url = `http://${host}:${port}`;
    backends.set(id, { id, url, child, core, exited });
    return { id, url, coreURI: core.connectionURI };
  } catch (e) {
    child.kill();
    await core.stop();
    throw e;
  }
}

async function stopBackend(id: string) {
  const b = backends.get(id);
  if (!b) return;
  backends.delete(id);
  b.child.kill();
  await b.exited;
  await b.core.stop();
}

export interface LiveRegion {
  role: string;
  live: string | undefined;
  /** Text of the region's descendants in the accessibility tree (what a screen reader would announce). */
  text: string;
}

/** Live regions of the test page's accessibility tree (Chromium DevTools protocol), in document order. */
async function liveRegions(session: { id: string; browser: unknown }): Promise<LiveRegion[]> {
  const launcher = session.browser as Partial<ChromeLauncher>;
  if (typeof launcher.getPage !== "function") throw new Error("element:a11y:live needs the Chrome launcher");
  const cdp = await launcher.getPage(session.id).createCDPSession();
  try {
    await cdp.send("Accessibility.enable");
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    // Ignored nodes (plain spans, slots) are walked through; only text that is itself in the tree counts.
    const text = (id: string): string => {
      const n = byId.get(id);
      if (!n) return "";
      const own = !n.ignored && n.role?.value === "StaticText" ? String(n.name?.value ?? "") : "";
      return own + (n.childIds ?? []).map(text).join("");
    };
    return nodes
      .filter((n) => !n.ignored && (n.role?.value === "status" || n.role?.value === "alert"))
      .map((n) => ({
        role: String(n.role?.value),
        live: n.properties?.find((p) => p.name === "live")?.value.value as string | undefined,
        text: text(n.nodeId).trim(),
      }));
  } finally {
    await cdp.detach().catch(() => {});
  }
}

export const commands = {
  async "element:a11y:live"(_payload: unknown, { session }: { session: { id: string; browser: unknown } }) {
    return liveRegions(session);
  },
  async "element:esm"(payload: { pkg: string }) {
    return { url: await esm(payload.pkg) };
  },
  async "element:build-cdn"() {
    cdn ??= mkdir(tmp, { recursive: true })
      .then(() => buildCdn({ outdir: `${tmp}cdn` }))
      // A blank same-origin page for frames that need a real URL (supertokens-web-js reads location.hostname).
      .then(() => writeFile(`${tmp}cdn/blank.html`, "<!doctype html><title>blank</title>"))
      .then(async () => ({ base: "/test/.tmp/element/cdn/", files: (await readdir(`${tmp}cdn`)).sort() }));
    cdn.catch(() => {
      cdn = undefined;
    });
    return await cdn;
  },
  async "element:backend:start"(payload: BackendStartPayload) {
    return startBackend(payload);
  },
  async "element:backend:stop"(payload: { id: string }) {
    await stopBackend(payload.id);
    return { stopped: true };
  },
  async "element:backend:sessions"(payload: { id: string }) {
    const b = backends.get(payload.id);
    if (!b) throw new Error(`no element backend ${payload.id}`);
    return b.core.sessions().filter((s) => !s.revoked);
  },
};

export async function stopAll(): Promise<void> {
  await Promise.allSettled([...backends.keys()].map(stopBackend));
}
