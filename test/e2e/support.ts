// Shared pieces of the end-to-end tests: the demo's orchestration (dev/demo) plus a request log and page probes.
import type { BrowserContext, Page } from "playwright-core";

export { launchChromium, settledState, signInAsPerson } from "../../dev/demo/browser.js";
export { type Demo, freePort, startDemo } from "../../dev/demo/orchestrate.js";

export interface LoggedRequest {
  method: string;
  url: string;
  /** ms since the log was created. */
  at: number;
  status?: number;
  failed?: string;
  /** Answer body for the migrate endpoint (JSON text), once finished. */
  body?: string;
  /** Request headers as Chromium reports them when the request starts (lower-case names). */
  headers: Record<string, string>;
}

/** Records every request of a browser context (pages, frames, workers). */
export function logRequests(context: BrowserContext): LoggedRequest[] & { clear(): void } {
  const started = Date.now();
  const log = [] as unknown as LoggedRequest[] & { clear(): void };
  const entries = new Map<object, LoggedRequest>();
  context.on("request", (request) => {
    const entry: LoggedRequest = {
      method: request.method(),
      url: request.url(),
      at: Date.now() - started,
      headers: request.headers(),
    };
    entries.set(request, entry);
    log.push(entry);
  });
  context.on("requestfinished", async (request) => {
    const entry = entries.get(request);
    if (!entry) return;
    const response = await request.response().catch(() => null);
    entry.status = response?.status();
    if (entry.url.includes("/migrate-session")) entry.body = (await response?.text().catch(() => "")) ?? "";
  });
  context.on("requestfailed", (request) => {
    const entry = entries.get(request);
    if (entry) entry.failed = request.failure()?.errorText ?? "failed";
  });
  Object.defineProperty(log, "clear", { value: () => log.splice(0), enumerable: false });
  return log;
}

export const isMigratePost = (r: LoggedRequest) => r.method === "POST" && r.url.includes("/migrate-session");

export function toOrigin(log: LoggedRequest[], origin: string): LoggedRequest[] {
  return log.filter((r) => r.url.startsWith(`${origin}/`));
}

export interface Outcome {
  type: string;
  detail: Record<string, unknown>;
}

/** Waits until the migrator reports an outcome (complete, skipped or error) and the page has rendered it. */
export async function outcome(page: Page, timeout = 20_000): Promise<Outcome> {
  const handle = await page.waitForFunction(
    () => {
      const end = (window.__migratorEvents ?? []).find((e) => e.type !== "auth0-migration-start");
      const s = document.body.dataset.state;
      return end && s !== "migrating" && s !== "loading" ? end : false;
    },
    undefined,
    { timeout },
  );
  const { type, detail } = (await handle.jsonValue()) as Outcome;
  return { type, detail };
}

export interface Auth0LocalState {
  cookie: boolean;
  storedEntries: number;
}

/** What auth0-spa-js keeps in this page's browser storage for the client. */
export function auth0LocalState(page: Page, clientId: string): Promise<Auth0LocalState> {
  return page.evaluate((id) => {
    const names = document.cookie.split(";").map((c) => c.split("=")[0]?.trim());
    let storedEntries = 0;
    for (let i = 0; i < localStorage.length; i++) {
      if (localStorage.key(i)?.startsWith(`@@auth0spajs@@::${id}`)) storedEntries++;
    }
    return {
      cookie:
        names.includes(`auth0.${id}.is.authenticated`) ||
        names.includes(`_legacy_auth0.${id}.is.authenticated`),
      storedEntries,
    };
  }, clientId);
}

/** Calls a verifySession-protected route through the page's (supertokens-web-js-patched) fetch. */
export function protectedRoute(page: Page, apiDomain: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (api) => {
    const res = await fetch(`${api}/session`);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    return { status: res.status, body };
  }, apiDomain);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true (every 25 ms, up to `timeout` ms); throws with `what` otherwise. */
export async function until(check: () => boolean, what: string, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Waits until every logged request to the migrate endpoint has its answer (or failed). */
export function migrateAnswers(log: LoggedRequest[]): Promise<LoggedRequest[]> {
  const posts = () => log.filter(isMigratePost);
  return until(
    () => posts().every((r) => r.failed !== undefined || r.body !== undefined),
    "migrate answers",
  ).then(posts);
}
