// End-to-end benchmark: in headless Chromium with 50 ms of added latency per request (CDP network emulation), the
// time from inserting <auth0-session-migrator> to `auth0-migration-complete`, and how many round trips had to happen
// one after the other, with a cached Auth0 token and with a fresh one (refresh token, or silent authentication). The
// bare page loads the element from its CDN build and, depending on the scenario, the SDKs a page may already have; what
// the element has to download lazily is part of the measurement. Baseline, measured in the same run: one plain
// request to the site under the same latency.
//
// Goals: at most 2 serial round trips with a cached token (SDK chunks in parallel, then the POST), at most 3 with a
// fresh one. Each is measured in the set-ups a page can have (see SCENARIOS); the summary at the end says in which
// the goals are met, and why not in the others. Run: `npm run bench -- e2e` (or `node --import tsx bench/e2e/run.ts`);
// BENCH_E2E_ONLY=<part of a scenario's name> runs only the matching scenarios.
import type { Browser, CDPSession, Page } from "playwright-core";
import { launchChromium, signInAsPerson } from "../../dev/demo/browser.js";
import { type Demo, startDemo } from "../../dev/demo/orchestrate.js";

const LATENCY_MS = 50;
const RUNS = 5;

interface NetRequest {
  id: string;
  url: string;
  method: string;
  type: string;
  start: number;
  end?: number;
  status?: number;
  failed?: boolean;
}

interface Measurement {
  ms: number;
  requests: NetRequest[];
  serial: NetRequest[];
}

/** Network log of one page through CDP (preflights included when Chromium reports them). */
function watchNetwork(cdp: CDPSession): { requests: Map<string, NetRequest> } {
  const requests = new Map<string, NetRequest>();
  cdp.on("Network.requestWillBeSent", (e) => {
    // A redirect reuses the request id: the hop that redirected ends here, the next one starts.
    const previous = requests.get(e.requestId);
    if (previous && e.redirectResponse) {
      previous.end = e.timestamp * 1000;
      previous.status = e.redirectResponse.status;
      requests.set(`${e.requestId}:${requests.size}`, previous);
    }
    requests.set(e.requestId, {
      id: e.requestId,
      url: e.request.url,
      method: e.request.method,
      type: e.type ?? "Other",
      start: e.timestamp * 1000,
    });
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.status = e.response.status;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.end = e.timestamp * 1000;
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = requests.get(e.requestId);
    if (r) {
      r.end = e.timestamp * 1000;
      r.failed = true;
    }
  });
  return { requests };
}

/**
 * The longest chain of requests where each one started only after the previous one had finished: the number of
 * round trips the user waits for one after the other. (A CORS preflight reported by Chromium counts as its own hop.)
 */
function serialChain(requests: NetRequest[]): NetRequest[] {
  const done = requests
    .filter((r) => r.end !== undefined && r.method !== "OPTIONS")
    .sort((a, b) => a.start - b.start);
  const best = new Map<NetRequest, NetRequest[]>();
  for (const r of done) {
    let chain: NetRequest[] = [];
    for (const p of done) {
      if (p === r || (p.end as number) > r.start + 0.5) continue;
      const c = best.get(p);
      if (c && c.length > chain.length) chain = c;
    }
    best.set(r, [...chain, r]);
  }
  let longest: NetRequest[] = [];
  for (const c of best.values()) if (c.length > longest.length) longest = c;
  return longest;
}

async function emulateLatency(cdp: CDPSession): Promise<void> {
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: LATENCY_MS,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
}

interface Scenario {
  name: string;
  /** Which goal the scenario is measured against. */
  token: "cached" | "fresh";
  /** Query for the sign-in page and the bare page. */
  signIn: string;
  bare: string;
  goal: number;
  /** The bare page asks Session.doesSessionExist() before the element is connected (?check=1). */
  sdkState?: boolean;
  /** Expire the access token auth0-spa-js cached (its refresh token stays), so a fresh one must be fetched. */
  expireAccessToken?: boolean;
  /** Why the goal cannot be met in this set-up, printed only when it is not. */
  floor?: string;
  /**
   * The integration packages/element/README.md recommends to an app that has both SDKs (as an app moving to
   * SuperTokens does): it hands them to the element, and its SuperTokens SDK has checked the session on load.
   */
  recommended?: boolean;
}

// Who provides the SDKs decides the round trips: the element from the CDN downloads what the page does not give it.
// "First visit": the browser has never had a SuperTokens session or check on this host, so supertokens-web-js sends one
// refresh request before its first API call (packages/element/README.md, "Round trips"). "SDK state present": the page
// already asked Session.doesSessionExist() (as most apps do on load), which left the SDK's "no session" marker.
const SDK_FIRST =
  "supertokens-web-js must arrive before it can send its refresh check, which precedes the POST";
const SDK_LOCK =
  "supertokens-web-js takes its cross-tab lock (browser-tabs-lock: 60-85 ms of timers) before its refresh check, which then starts after " +
  "the element's own file although it does not wait for it";
const SCENARIOS: Scenario[] = [
  {
    name: "cached token; the page hands the element both SDKs, and its supertokens-web-js checked the session on load",
    token: "cached",
    signIn: "?cache=localstorage&migrate=0",
    bare: "?cache=localstorage&init=page&give=1&check=1&manual=1",
    goal: 2,
    sdkState: true,
    recommended: true,
  },
  {
    name: "fresh token from a refresh token; the page hands the element both SDKs, and its supertokens-web-js checked the session on load",
    token: "fresh",
    signIn: "?cache=localstorage&rt=1&migrate=0",
    bare: "?cache=localstorage&rt=1&init=page&give=1&check=1&manual=1",
    goal: 3,
    expireAccessToken: true,
    sdkState: true,
    recommended: true,
  },
  {
    name: "fresh token by silent authentication (iframe); the page hands the element both SDKs, and its supertokens-web-js checked the session on load",
    token: "fresh",
    signIn: "?migrate=0",
    bare: "?init=page&give=1&check=1&manual=1",
    goal: 3,
    sdkState: true,
    recommended: true,
  },
  {
    name: "cached token; the element loads both SDKs; first visit",
    token: "cached",
    signIn: "?cache=localstorage&migrate=0",
    bare: "?cache=localstorage&manual=1",
    goal: 2,
    floor: SDK_FIRST,
  },
  {
    name: "cached token; the page loaded supertokens-web-js with script tags, the element loads auth0-spa-js; first visit",
    token: "cached",
    signIn: "?cache=localstorage&migrate=0",
    bare: "?cache=localstorage&init=script&manual=1",
    goal: 2,
    floor: SDK_LOCK,
  },
  {
    name: "cached token; the page loaded supertokens-web-js with script tags and checked the session on load, the element loads auth0-spa-js",
    token: "cached",
    signIn: "?cache=localstorage&migrate=0",
    bare: "?cache=localstorage&init=script&check=1&manual=1",
    goal: 2,
    sdkState: true,
  },
  {
    name: "cached token; the page hands the element its auth0-spa-js client and supertokens-web-js; first visit",
    token: "cached",
    signIn: "?cache=localstorage&migrate=0",
    bare: "?cache=localstorage&init=page&give=1&manual=1",
    goal: 2,
    floor: SDK_LOCK,
  },
  {
    name: "cached token; the page bundles its own supertokens-web-js, out of the CDN element's reach; first visit",
    token: "cached",
    signIn: "?cache=localstorage&migrate=0",
    bare: "?cache=localstorage&init=page&manual=1",
    goal: 2,
    floor: "only the page's own interceptor can send the refresh check, right before the POST",
  },
  {
    name: "cached token; the page bundles its own supertokens-web-js and called doesSessionExist() (SDK state present)",
    token: "cached",
    signIn: "?cache=localstorage&migrate=0",
    bare: "?cache=localstorage&init=page&check=1&manual=1",
    goal: 2,
    sdkState: true,
  },
  {
    name: "fresh token from a refresh token (access token expired); the element loads both SDKs; first visit",
    token: "fresh",
    signIn: "?cache=localstorage&rt=1&migrate=0",
    bare: "?cache=localstorage&rt=1&manual=1",
    goal: 3,
    expireAccessToken: true,
    floor:
      "auth0-spa-js must arrive before /oauth/token, and the refresh token is revoked before the complete event",
  },
  {
    name: "fresh token from a refresh token (access token expired); the page hands the element both SDKs; first visit",
    token: "fresh",
    signIn: "?cache=localstorage&rt=1&migrate=0",
    bare: "?cache=localstorage&rt=1&init=page&give=1&manual=1",
    goal: 3,
    expireAccessToken: true,
    floor:
      "the refresh check's lock delay (above), and the refresh token is revoked before the complete event",
  },
  {
    name: "fresh token by silent authentication (iframe); the element loads both SDKs; first visit",
    token: "fresh",
    signIn: "?migrate=0",
    bare: "?manual=1",
    goal: 3,
    floor: "auth0-spa-js must arrive before /authorize, and its code exchange is one more round trip",
  },
  {
    name: "fresh token by silent authentication (iframe); the page hands the element both SDKs; first visit",
    token: "fresh",
    signIn: "?migrate=0",
    bare: "?init=page&give=1&manual=1",
    goal: 3,
  },
];

async function measure(browser: Browser, demo: Demo, scenario: Scenario, run: number): Promise<Measurement> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signInAsPerson(page, demo.url, `bench-${run}`, scenario.signIn);
    await page.waitForSelector("body[data-state=auth0]");
    if (scenario.expireAccessToken) await expireCachedAccessToken(page);
    await page.goto(`${demo.site.url}/bare${scenario.bare}`);
    await page.waitForFunction(() => typeof window.__connectMigrator === "function");
    if (scenario.sdkState) {
      // The check ran before __connectMigrator was defined; make sure it found no session and left the SDK's marker.
      const before = await page.evaluate(() => ({
        session: document.body.dataset.sessionBefore,
        marker: document.cookie.includes("st-last-access-token-update="),
      }));
      if (before.session !== "false" || !before.marker) {
        throw new Error(
          `${scenario.name}: the page's SuperTokens check did not run (${JSON.stringify(before)})`,
        );
      }
    }
    const cdp = await context.newCDPSession(page);
    await emulateLatency(cdp);
    const net = watchNetwork(cdp);
    const connectedAt = await page.evaluate(() => window.__connectMigrator());
    const done = await waitForEnd(page);
    if (done.type !== "auth0-migration-complete") {
      throw new Error(
        `${scenario.name}: the migration ended with ${done.type} ${JSON.stringify(done.detail)}`,
      );
    }
    const requests = [...new Set(net.requests.values())];
    await cdp.detach();
    return { ms: done.at - connectedAt, requests, serial: serialChain(requests) };
  } finally {
    await context.close();
  }
}

/** Marks the access token auth0-spa-js keeps in localStorage as expired; the refresh token stays usable. */
async function expireCachedAccessToken(page: Page): Promise<void> {
  const expired = await page.evaluate(() => {
    let n = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? "";
      if (!key.startsWith("@@auth0spajs@@::") || key.endsWith("@@user@@")) continue;
      const entry = JSON.parse(localStorage.getItem(key) ?? "{}") as { expiresAt?: number };
      entry.expiresAt = Math.floor(Date.now() / 1000) - 1;
      localStorage.setItem(key, JSON.stringify(entry));
      n++;
    }
    return n;
  });
  if (expired !== 1) throw new Error(`expected one cached token entry, found ${expired}`);
}

async function waitForEnd(page: Page): Promise<{ type: string; detail: unknown; at: number }> {
  const handle = await page.waitForFunction(
    () => window.__migratorEvents.find((e) => e.type !== "auth0-migration-start") ?? false,
    undefined,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as { type: string; detail: unknown; at: number };
}

/** One plain GET to the site under the same emulated latency: the cost of a single round trip. */
async function baseline(browser: Browser, demo: Demo): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${demo.site.url}/bare?manual=1`);
    const cdp = await context.newCDPSession(page);
    await emulateLatency(cdp);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      times.push(
        await page.evaluate(async () => {
          const t = performance.now();
          await (await fetch(`/assets/styles.css?${Math.random()}`, { cache: "no-store" })).text();
          return performance.now() - t;
        }),
      );
    }
    return median(times);
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Chain members that needed a CORS preflight. Chromium reports a preflight as an OPTIONS request to the same URL that
 * starts after the request itself; emulated latency hardly applies to it, while on a real network it costs a full
 * round trip, so it is counted separately.
 */
function preflighted(chain: NetRequest[], all: NetRequest[]): Set<NetRequest> {
  const options = all.filter((r) => r.method === "OPTIONS");
  return new Set(
    chain.filter((r) =>
      options.some(
        (o) => o.url === r.url && o.start >= r.start && o.start <= (r.end ?? Number.POSITIVE_INFINITY),
      ),
    ),
  );
}

function describeHop(r: NetRequest, origins: Record<string, string>, preflight: boolean): string {
  const url = new URL(r.url);
  const where = origins[url.origin] ?? url.origin;
  const path = url.pathname.replace(/-[A-Z0-9]{8}\.js$/, ".js");
  return `${preflight ? "CORS preflight + " : ""}${r.method} ${where}${path} (${Math.round((r.end as number) - r.start)} ms)`;
}

export interface GoalRow {
  token: "cached" | "fresh";
  goal: number;
  name: string;
  /** Median serial requests measured. */
  hops: number;
  floor?: string;
  recommended?: boolean;
}

function verdict(rows: GoalRow[], goal: number, what: string): string {
  const missed = rows.filter((r) => r.hops > goal).length;
  const hops = rows.map((r) => r.hops).join(", ");
  if (missed === 0) return `MET in every ${what} (${hops})`;
  if (missed === rows.length) return `NOT met in any ${what} (${hops})`;
  return `met in ${rows.length - missed} of ${rows.length} ${what}s (${hops})`;
}

/**
 * Per goal: whether the recommended set-up meets it, in how many of all scenarios it is met, then each scenario that
 * misses it, with why (when known).
 */
export function goalSummary(rows: GoalRow[]): string[] {
  const lines: string[] = [];
  for (const token of ["cached", "fresh"] as const) {
    const mine = rows.filter((r) => r.token === token);
    if (mine.length === 0) continue;
    const goal = (mine[0] as GoalRow).goal;
    lines.push(`${token} token, goal <= ${goal}:`);
    const recommended = mine.filter((r) => r.recommended);
    if (recommended.length > 0) {
      lines.push(`  recommended set-up: ${verdict(recommended, goal, "case")}`);
    }
    lines.push(`  all set-ups: ${verdict(mine, goal, "scenario")}`);
    for (const r of mine.filter((r) => r.hops > goal)) {
      lines.push(`  NOT met (${r.hops}): ${r.name}${r.floor ? ` -- ${r.floor}` : ""}`);
    }
  }
  return lines;
}

function printSummary(summary: { scenario: Scenario; hops: number }[]): void {
  console.log("\nGoals (serial requests from connect to auth0-migration-complete, median):");
  const rows = summary.map(({ scenario, hops }) => ({
    token: scenario.token,
    goal: scenario.goal,
    name: scenario.name,
    hops,
    floor: scenario.floor,
    recommended: scenario.recommended,
  }));
  console.log(
    "  Recommended set-up: the page hands the element the Auth0 client and supertokens-web-js it already has, and its\n" +
      "  SDK checked the session on load (packages/element/README.md).",
  );
  for (const line of goalSummary(rows)) console.log(`  ${line}`);
  console.log(
    "  Counted without CORS preflights (Chromium's emulated latency skips them). On a real network each adds a round\n" +
      "  trip when the API is on another origin than the page: supertokens-web-js's headers and the JSON body make\n" +
      "  every API request preflighted, and a one-time request gains nothing from Access-Control-Max-Age. An API\n" +
      "  served from the page's origin (a reverse proxy, Next.js) has none; see the per-scenario figures above.",
  );
  console.log('  More in packages/element/README.md, "Round trips".');
}

export async function run(): Promise<void> {
  const demo = await startDemo({ ports: { site: 0, api: 0, tenant: 0, core: 0 } });
  const browser = await launchChromium();
  try {
    const origins = {
      [demo.site.url]: "site",
      [demo.backend.apiDomain]: "api",
      [demo.tenant.url]: "tenant",
    };
    const rtt = await baseline(browser, demo);
    console.log(
      `latency added per request: ${LATENCY_MS} ms; baseline (one GET to the site): ${rtt.toFixed(0)} ms`,
    );
    const summary: { scenario: Scenario; hops: number }[] = [];
    const only = process.env.BENCH_E2E_ONLY;
    for (const scenario of SCENARIOS.filter((s) => !only || s.name.includes(only))) {
      const results: Measurement[] = [];
      for (let i = 0; i < RUNS; i++) results.push(await measure(browser, demo, scenario, i));
      const ms = median(results.map((r) => r.ms));
      const hops = median(results.map((r) => r.serial.length));
      const trips = median(results.map((r) => r.serial.length + preflighted(r.serial, r.requests).size));
      // The run whose time is closest to the median shows the typical chain.
      const typical = [...results].sort(
        (a, b) => Math.abs(a.ms - ms) - Math.abs(b.ms - ms),
      )[0] as Measurement;
      const typicalPreflights = preflighted(typical.serial, typical.requests);
      summary.push({ scenario, hops });
      console.log(
        `\n${scenario.name}:\n  ${ms.toFixed(0)} ms median over ${RUNS} runs (${(ms / rtt).toFixed(1)}x baseline); ` +
          `${hops} requests one after the other (goal <= ${scenario.goal}: ${hops <= scenario.goal ? "met" : "NOT met"}), ` +
          `${trips} counting CORS preflights (Chromium's emulated latency skips them); ` +
          `${typical.requests.length} requests in all`,
      );
      for (const [i, hop] of typical.serial.entries()) {
        console.log(`  ${i + 1}. ${describeHop(hop, origins, typicalPreflights.has(hop))}`);
      }
    }
    printSummary(summary);
  } finally {
    await browser.close();
    await demo.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
