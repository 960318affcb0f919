// Page settings: the server's configuration (a JSON script in the page) plus per-load variants from the query string,
// which the end-to-end tests use (?cache=localstorage&rt=1&transfer=header&init=element&share=0&audience=none…).
// Variants survive the round trip through the Auth0 login page in sessionStorage.

export interface ServerConfig {
  domain: string;
  clientId: string;
  audience: string;
  apiDomain: string;
  apiBasePath: string;
  sessionPath: string;
  migrateUrl: string;
  tenantIssuer: string;
  backend?: string;
}

export interface Settings extends Omit<ServerConfig, "audience"> {
  /** undefined: no audience, so Auth0 issues an opaque access token. */
  audience: string | undefined;
  cacheLocation: "memory" | "localstorage";
  useRefreshTokens: boolean;
  tokenTransfer: "cookie" | "header";
  /** Who initialises supertokens-web-js: the page (before the element) or the element. */
  init: "page" | "element";
  /** Hand the page's Auth0Client to the element (else the element creates its own from attributes). */
  share: boolean;
  /** Insert the migrator after the page has handled the Auth0 callback (default true). */
  migrate: boolean;
  maxAttempts: number | undefined;
  timeout: number | undefined;
  /** The query string that produced these settings ("" or "?…"), to keep them across reloads. */
  search: string;
}

const KEYS = [
  "cache",
  "rt",
  "transfer",
  "init",
  "share",
  "migrate",
  "attempts",
  "timeout",
  "audience",
  "api",
];
const STORAGE_KEY = "session-migration-demo:settings";

function serverConfig(): ServerConfig {
  const text = document.getElementById("demo-config")?.textContent;
  if (!text) throw new Error("the page has no demo configuration");
  return JSON.parse(text) as ServerConfig;
}

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null) return fallback;
  return value === "1" || value === "true" || value === "on";
}

function positive(value: string | null): number | undefined {
  const n = value === null ? Number.NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function variantSearch(): string {
  const current = new URLSearchParams(location.search);
  const own = new URLSearchParams();
  for (const key of KEYS) {
    const v = current.get(key);
    if (v !== null) own.set(key, v);
  }
  const search = own.toString() ? `?${own}` : "";
  try {
    if (search) sessionStorage.setItem(STORAGE_KEY, search);
    else if (current.has("code") || current.has("error")) return sessionStorage.getItem(STORAGE_KEY) ?? "";
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: variants then only live in the URL
  }
  return search;
}

export function readSettings(): Settings {
  const config = serverConfig();
  const search = variantSearch();
  const q = new URLSearchParams(search);
  const api = q.get("api");
  let apiDomain = config.apiDomain;
  let migrateUrl = config.migrateUrl;
  if (api && /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(api)) {
    apiDomain = api;
    migrateUrl = `${api}${new URL(config.migrateUrl).pathname}`;
  }
  const audience = q.get("audience");
  return {
    ...config,
    apiDomain,
    migrateUrl,
    audience: audience === "none" ? undefined : audience || config.audience,
    cacheLocation: q.get("cache") === "localstorage" ? "localstorage" : "memory",
    useRefreshTokens: flag(q.get("rt"), false),
    tokenTransfer: q.get("transfer") === "header" ? "header" : "cookie",
    init: q.get("init") === "element" ? "element" : "page",
    share: flag(q.get("share"), true),
    migrate: flag(q.get("migrate"), true),
    maxAttempts: positive(q.get("attempts")),
    timeout: positive(q.get("timeout")),
    search,
  };
}

/** Creates the migrator element for these settings (not yet in the document). */
export function createMigrator(s: Settings): HTMLElement {
  const el = document.createElement("auth0-session-migrator");
  const attrs: Record<string, string | undefined> = {
    domain: s.domain,
    "client-id": s.clientId,
    audience: s.audience,
    "cache-location": s.cacheLocation,
    "api-domain": s.apiDomain,
    "api-base-path": s.apiBasePath,
    "migrate-url": s.migrateUrl,
    "token-transfer": s.tokenTransfer,
    "max-attempts": s.maxAttempts === undefined ? undefined : String(s.maxAttempts),
    timeout: s.timeout === undefined ? undefined : String(s.timeout),
  };
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, value);
  if (s.useRefreshTokens) el.setAttribute("use-refresh-tokens", "");
  return el;
}

export const MIGRATOR_EVENTS = [
  "auth0-migration-start",
  "auth0-migration-complete",
  "auth0-migration-skipped",
  "auth0-migration-error",
] as const;

export interface LoggedEvent {
  type: (typeof MIGRATOR_EVENTS)[number];
  detail: unknown;
  /** ms since the page started. */
  at: number;
}

declare global {
  interface Window {
    /** Every migrator event this page saw, for tests and the benchmark. */
    __migratorEvents: LoggedEvent[];
  }
}

/** Records every migrator event in window.__migratorEvents and calls `onEvent`. */
export function recordEvents(onEvent: (e: LoggedEvent) => void = () => {}): void {
  window.__migratorEvents = [];
  for (const type of MIGRATOR_EVENTS) {
    document.addEventListener(type, (event) => {
      const logged: LoggedEvent = {
        type,
        detail: (event as CustomEvent).detail,
        at: Math.round(performance.now()),
      };
      window.__migratorEvents.push(logged);
      onEvent(logged);
    });
  }
}
