// Element benchmark: what a page WITHOUT an Auth0 session pays for <auth0-session-migrator> (CDN build) versus the
// original recipe's eager bundle (auth0-spa-js + supertokens-web-js + axios), both built here with esbuild and loaded
// in Chromium (playwright-core, /usr/bin/chromium). Prints gzipped bytes downloaded, requests, and ratios.
// Goals: ≤ 8 KB gzipped including lit, the element's own code ≤ 2.5 KB, 0 requests made by the code.
import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { launchChromium } from "../../dev/demo/browser.js";
import { buildCdn } from "../../packages/element/scripts/build-cdn.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const out = `${root}bench/.tmp/element/`;

const KB = 1024;
const GOALS = { totalGzip: 8 * KB, ownGzip: 2.5 * KB, requests: 0 };

export interface PageLoad {
  /** Every request the page made, in order (URL paths). */
  requests: string[];
  /** Requests beyond the HTML document and the script it names: what the code itself fetched. */
  codeRequests: string[];
  /** Sum of the gzipped sizes of all JS the page downloaded. */
  gzipBytes: number;
}

export interface ElementBenchResult {
  element: PageLoad & { ownGzipBytes: number };
  original: PageLoad;
}

const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;

function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    try {
      const body = await readFile(join(dir, path.replace(/\.\.+/g, "")));
      const type = extname(path) === ".html" ? "text/html" : "text/javascript";
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}

async function load(
  dir: string,
  origin: string,
  html: string,
  entry: string,
  check?: () => unknown,
): Promise<PageLoad> {
  await writeFile(join(dir, "page.html"), html);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) =>
      requests.push(r.url().startsWith(origin) ? r.url().slice(origin.length) : r.url()),
    );
    await page.goto(`${origin}/page.html`, { waitUntil: "load" });
    await page.waitForFunction(() => (window as { settled?: boolean }).settled === true, null, {
      timeout: 10_000,
    });
    await page.waitForTimeout(500); // anything late (lazy chunks, SDK calls) shows up here
    if (check) {
      const state = await page.evaluate(check);
      if (state !== "skipped") throw new Error(`bench page did not behave: element state ${String(state)}`);
    }
    let gzipBytes = 0;
    for (const r of requests) if (r.endsWith(".js")) gzipBytes += gz(await readFile(join(dir, r)));
    const codeRequests = requests.filter((r) => r !== "/page.html" && r !== `/${entry}`);
    return { requests, codeRequests, gzipBytes };
  } finally {
    await browser.close();
  }
}

const fmt = (n: number) => `${(n / KB).toFixed(2)} KB`;
const mark = (ok: boolean) => (ok ? "ok" : "OVER GOAL");

export async function run(): Promise<ElementBenchResult> {
  await rm(out, { recursive: true, force: true });
  const elementDir = `${out}element`;
  const ownDir = `${out}element-without-lit`;
  const originalDir = `${out}original`;
  await buildCdn({ outdir: elementDir, entries: ["auth0-session-migrator"] });
  await buildCdn({ outdir: ownDir, entries: ["auth0-session-migrator"], external: ["lit"] });
  const ownGzipBytes = gz(await readFile(join(ownDir, "auth0-session-migrator.js")));
  await build({
    absWorkingDir: root,
    entryPoints: { "original-recipe": "bench/element/original-recipe.ts" },
    outdir: originalDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2021",
    minify: true,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });

  const settle = `<script>addEventListener("load", () => setTimeout(() => { window.settled = true; }, 200));</script>`;
  const el = await serve(elementDir);
  const orig = await serve(originalDir);
  try {
    const element = await load(
      elementDir,
      el.origin,
      `<!doctype html>${settle}<script type="module" src="/auth0-session-migrator.js"></script>
       <auth0-session-migrator domain="127.0.0.1:9" client-id="bench-client" api-domain="http://127.0.0.1:9">
       </auth0-session-migrator>`,
      "auth0-session-migrator.js",
      () => document.querySelector("auth0-session-migrator")?.getAttribute("state"),
    );
    const original = await load(
      originalDir,
      orig.origin,
      `<!doctype html>${settle}<script>window.originalRecipe = { domain: "http://127.0.0.1:9",
       clientId: "bench-client", apiDomain: "http://127.0.0.1:9" };</script>
       <script type="module" src="/original-recipe.js"></script>`,
      "original-recipe.js",
    );
    const result = { element: { ...element, ownGzipBytes }, original };
    print(result);
    return result;
  } finally {
    el.server.close();
    orig.server.close();
  }
}

function print({ element, original }: ElementBenchResult): void {
  console.log("Page without an Auth0 session (Chromium, gzip -9 of every JS file downloaded):");
  console.log(
    `  <auth0-session-migrator> CDN : ${fmt(element.gzipBytes)} in ${element.requests.length - 1} file(s), ` +
      `${element.codeRequests.length} request(s) made by the code  [goal ≤ ${fmt(GOALS.totalGzip)}: ${mark(element.gzipBytes <= GOALS.totalGzip)}; requests ${mark(element.codeRequests.length <= GOALS.requests)}]`,
  );
  console.log(
    `    element's own code (lit external): ${fmt(element.ownGzipBytes)}  [goal ≤ ${fmt(GOALS.ownGzip)}: ${mark(element.ownGzipBytes <= GOALS.ownGzip)}]`,
  );
  console.log(`    lit (difference): ${fmt(element.gzipBytes - element.ownGzipBytes)}`);
  console.log(
    `  original recipe (eager auth0-spa-js + supertokens-web-js + axios): ${fmt(original.gzipBytes)} in ` +
      `${original.requests.length - 1} file(s), ${original.codeRequests.length} request(s) made by the code`,
  );
  if (element.codeRequests.length) console.log(`    element requests: ${element.codeRequests.join(", ")}`);
  if (original.codeRequests.length) console.log(`    original requests: ${original.codeRequests.join(", ")}`);
  console.log(
    `  ratio: the element downloads ${((element.gzipBytes / original.gzipBytes) * 100).toFixed(1)}% of the original's bytes ` +
      `(${(original.gzipBytes / element.gzipBytes).toFixed(1)}× less)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
