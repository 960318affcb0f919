// The demo app: signs in with auth0-spa-js (redirect to the local tenant), then lets <auth0-session-migrator> move the
// visitor into a SuperTokens session, and shows what happened. Bundled by esbuild when `npm start` runs.
import type { Auth0Client } from "@auth0/auth0-spa-js";
import { createPageAuth0Client } from "./auth0-client.js";
import "auth0-session-migrator/define";
import {
  doesSessionExist,
  getAccessTokenPayloadSecurely,
  getUserId,
  signOut,
} from "supertokens-web-js/recipe/session/index.js";
import { createMigrator, type LoggedEvent, readSettings, recordEvents } from "./settings.js";
import { initPageSuperTokens } from "./supertokens.js";

type PageState = "loading" | "signed-out" | "auth0" | "migrating" | "signed-in" | "error";

const settings = readSettings();
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

if (settings.init === "page") initPageSuperTokens(settings);

let pageClient: Auth0Client | undefined;
function auth0(): Auth0Client {
  pageClient ??= createPageAuth0Client(settings);
  return pageClient;
}

function setState(state: PageState): void {
  document.body.dataset.state = state;
  const copy: Record<PageState, [string, string, string]> = {
    loading: ["", "One moment…", ""],
    "signed-out": [
      "Step 1 of 2",
      "You are signed out",
      "Sign in on the local Auth0 tenant (any user name works). When you come back, the <auth0-session-migrator> element moves you into a SuperTokens session by itself.",
    ],
    auth0: ["Step 2 of 2", "Signed in with Auth0", "The migrator is looking at your Auth0 session…"],
    migrating: [
      "Step 2 of 2",
      "Moving your session…",
      "The migrator is trading your Auth0 token for a SuperTokens session.",
    ],
    "signed-in": [
      "Done",
      "Signed in with SuperTokens",
      "No second login: your Auth0 session became a SuperTokens session, and auth0-spa-js was signed out in this browser.",
    ],
    error: [
      "Not migrated",
      "The migration did not go through",
      "Your Auth0 session is untouched, so nothing is lost: the element tries again on the next page load.",
    ],
  };
  const [eyebrow, headline, lede] = copy[state];
  $("eyebrow").textContent = eyebrow;
  $("headline").textContent = headline;
  $("lede").textContent = lede;
  $("sign-in").hidden = state === "signed-in" || state === "migrating" || state === "loading";
  $("sign-out").hidden = state !== "signed-in";
}

function cookieNames(): Set<string> {
  return new Set(document.cookie.split(";").map((c) => decodeURIComponent(c.split("=")[0]?.trim() ?? "")));
}

function superTokensReady(): boolean {
  return (window as { __supertokensOriginalFetch?: unknown }).__supertokensOriginalFetch !== undefined;
}

async function hasSuperTokensSession(): Promise<boolean> {
  // Without the front-end cookies there is no session to ask about (and no refresh request is needed to know it).
  if (!superTokensReady() || !cookieNames().has("sFrontToken")) return false;
  return doesSessionExist();
}

function check(list: HTMLElement, ok: boolean, label: string, value: string, key: string): void {
  const li = document.createElement("li");
  li.className = ok ? "gone" : "present";
  li.dataset.check = key;
  li.dataset.value = value;
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.textContent = value;
  const text = document.createElement("span");
  text.textContent = label;
  li.append(text, badge);
  list.append(li);
}

async function renderAuth0(): Promise<boolean> {
  const list = $("auth0-state");
  list.replaceChildren();
  const names = cookieNames();
  const cookie = `auth0.${settings.clientId}.is.authenticated`;
  const hasCookie = names.has(cookie) || names.has(`_legacy_${cookie}`);
  check(list, !hasCookie, `Cookie hint ${cookie}`, hasCookie ? "present" : "gone", "cookie");
  let stored = 0;
  for (let i = 0; i < localStorage.length; i++) {
    if (localStorage.key(i)?.startsWith(`@@auth0spajs@@::${settings.clientId}`)) stored++;
  }
  check(list, stored === 0, "Tokens in localStorage", stored ? `${stored} entries` : "none", "storage");
  let signedIn = false;
  if (pageClient) {
    signedIn = await pageClient.isAuthenticated();
    check(
      list,
      !signedIn,
      "auth0-spa-js client on this page",
      signedIn ? "signed in" : "signed out",
      "client",
    );
  }
  return hasCookie || stored > 0 || signedIn;
}

async function renderSuperTokens(): Promise<boolean> {
  const exists = await hasSuperTokensSession().catch(() => false);
  $("st-exists").textContent = exists
    ? "active"
    : superTokensReady()
      ? "none"
      : "none (supertokens-web-js not initialised yet)";
  $("st-exists").dataset.value = exists ? "active" : "none";
  if (!exists) {
    $("st-user").textContent = "–";
    $("st-payload").textContent = "–";
    $("st-api").textContent = "–";
    delete $("st-api").dataset.status;
    return false;
  }
  const [userId, payload] = await Promise.all([getUserId(), getAccessTokenPayloadSecurely()]);
  $("st-user").textContent = userId;
  $("st-payload").textContent = JSON.stringify(payload, null, 2);
  // A route behind verifySession(): supertokens-web-js's fetch adds the session (cookie or header) and refreshes it
  // when the access token has expired.
  try {
    const res = await fetch(`${settings.apiDomain}${settings.sessionPath}`);
    $("st-api").textContent = `GET ${settings.sessionPath} → ${res.status}${res.ok ? " OK" : ""}`;
    $("st-api").dataset.status = String(res.status);
  } catch {
    $("st-api").textContent = `GET ${settings.sessionPath} → no answer`;
    $("st-api").dataset.status = "0";
  }
  return true;
}

let rendering: Promise<void> = Promise.resolve();
let migratorOutcome: "running" | "done" | "error" | "skipped" | undefined;
function render(): Promise<void> {
  rendering = rendering.then(async () => {
    const [auth0Session, stSession] = await Promise.all([renderAuth0(), renderSuperTokens()]);
    if (stSession) setState("signed-in");
    else if (migratorOutcome === "running") setState("migrating");
    else if (migratorOutcome === "error") setState("error");
    else setState(auth0Session ? "auth0" : "signed-out");
  });
  return rendering;
}

function showEvent(e: LoggedEvent): void {
  const list = $("events");
  list.querySelector(".empty")?.remove();
  const li = document.createElement("li");
  li.dataset.type = e.type;
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = `+${e.at} ms`;
  const name = document.createElement("strong");
  name.textContent = e.type;
  const detail = document.createElement("code");
  detail.textContent = JSON.stringify(e.detail);
  li.append(time, name, detail);
  list.append(li);
  $("event-count").textContent = String(list.children.length);
}

function showSettings(): void {
  const parts = [
    `backend: ${settings.backend ?? "generated"}`,
    `auth0-spa-js cache: ${settings.cacheLocation}${settings.useRefreshTokens ? " + refresh tokens" : ""}`,
    `audience: ${settings.audience ?? "none (opaque token)"}`,
    `token transfer: ${settings.tokenTransfer}`,
    `supertokens-web-js initialised by the ${settings.init}`,
    settings.share ? "the element uses the page's Auth0 client" : "the element creates its own Auth0 client",
  ];
  $("settings").textContent = parts.join(" · ");
}

function showError(message: string): void {
  $("error").textContent = message;
  $("error").hidden = message === "";
}

async function main(): Promise<void> {
  showSettings();
  setState("loading");
  recordEvents((e) => {
    showEvent(e);
    if (e.type === "auth0-migration-start") migratorOutcome = "running";
    if (e.type === "auth0-migration-complete") migratorOutcome = "done";
    if (e.type === "auth0-migration-skipped") migratorOutcome = "skipped";
    if (e.type === "auth0-migration-error") {
      migratorOutcome = "error";
      const d = e.detail as { code?: string; message?: string };
      showError(`${d.code}: ${d.message}`);
    }
    if (e.type !== "auth0-migration-start") void render();
    else setState("migrating");
  });

  $("sign-in").addEventListener("click", () => {
    showError("");
    auth0()
      .loginWithRedirect({ authorizationParams: { prompt: "login" } })
      .catch((e: Error) => showError(`Could not start the Auth0 login: ${e.message}`));
  });
  $("sign-out").addEventListener("click", async () => {
    await signOut();
    migratorOutcome = undefined;
    await render();
  });

  const query = new URLSearchParams(location.search);
  if ((query.has("code") || query.has("error")) && query.has("state")) {
    try {
      await auth0().handleRedirectCallback();
    } catch (e) {
      showError(`Auth0 sign-in failed: ${(e as Error).message}`);
    }
    history.replaceState(null, "", `/${settings.search}`);
  }
  // Without sharing, the element creates its own client; a page that reloads has no client of its own either.
  if (!settings.share) pageClient = undefined;
  else auth0();

  if (settings.migrate) {
    // Inserted after the callback has stored the Auth0 session, so the element's cookie gate sees it.
    const migrator = createMigrator(settings) as HTMLElement & { auth0Client?: unknown };
    if (settings.share) migrator.auth0Client = auth0();
    $("migrator-slot").append(migrator);
  }
  await render();
}

main().catch((e: Error) => {
  showError(`The demo page failed: ${e.message}`);
  setState("error");
});
