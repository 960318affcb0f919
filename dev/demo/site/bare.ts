// A bare page: the element from its CDN build (packages/element/dist/cdn, loaded by a <script type="module"> in the
// page) and nothing else, configured by the query string. The benchmark measures the element's own cost here: its
// lazily loaded chunks, the Auth0 token and the migrate request. ?manual=1: the element is only inserted when
// window.__connectMigrator() is called. ?init=page: the page initialises its own (npm, bundled) supertokens-web-js first
// (as the demo app does); ?init=script: the page loads supertokens-web-js with script tags (its bundle/ files, served
// under /sdk/) and initialises it through their globals, which the element then uses; otherwise the element
// initialises its own copy. ?give=1 (with ?init=page): the page hands the element its own auth0-spa-js client and
// supertokens-web-js (el.auth0Client, el.loaders), as an Auth0 app that already has both can. ?check=1 (with ?init=page
// or ?init=script): before the element can be connected, the page asks Session.doesSessionExist(), as most apps do on
// load, so supertokens-web-js already has its front-end "no session" state when the element starts.
import { apiOriginOnly } from "./interception.js";
import { createMigrator, readSettings, recordEvents, type Settings } from "./settings.js";

declare global {
  interface Window {
    /** Inserts the migrator and returns the time (performance.now()) at which it was connected. */
    __connectMigrator: () => number;
  }
}

const query = new URLSearchParams(location.search);
const settings = readSettings();
const root = document.getElementById("bare") as HTMLElement;
const log = document.createElement("ol");
log.className = "events";
recordEvents((e) => {
  const li = document.createElement("li");
  li.dataset.type = e.type;
  li.textContent = `+${e.at} ms ${e.type} ${JSON.stringify(e.detail)}`;
  log.append(li);
  document.body.dataset.state = e.type.replace("auth0-migration-", "");
});
root.append(log);

/** The globals of supertokens-web-js's script-tag bundles (bundle/supertokens.js, bundle/session.js). */
interface ScriptTagSdk {
  supertokens: { init(config: unknown): void };
  supertokensSession: {
    init(config: unknown): unknown;
    doesSessionExist(): Promise<boolean>;
  };
}

function initScriptTagSuperTokens(s: Settings): ScriptTagSdk["supertokensSession"] {
  const sdk = window as unknown as Partial<ScriptTagSdk>;
  if (!sdk.supertokens || !sdk.supertokensSession)
    throw new Error("the supertokens-web-js script tags did not load");
  sdk.supertokens.init({
    appInfo: { appName: "Session migration demo", apiDomain: s.apiDomain, apiBasePath: s.apiBasePath },
    recipeList: [
      sdk.supertokensSession.init({
        tokenTransferMethod: s.tokenTransfer,
        override: { functions: apiOriginOnly },
      }),
    ],
  });
  return sdk.supertokensSession;
}

async function main(): Promise<void> {
  const init = query.get("init");
  const check = query.get("check") === "1";
  const given: { auth0Client?: unknown; loaders?: unknown } = {};
  if (init === "page") {
    const page = await import("./supertokens.js");
    page.initPageSuperTokens(settings);
    if (check) document.body.dataset.sessionBefore = String(await page.pageHasSession());
    if (query.get("give") === "1") {
      const { createPageAuth0Client } = await import("./auth0-client.js");
      given.auth0Client = createPageAuth0Client(settings);
      given.loaders = { supertokens: async () => page.pageSuperTokensModule() };
    }
  } else if (init === "script") {
    const session = initScriptTagSuperTokens(settings);
    if (check) document.body.dataset.sessionBefore = String(await session.doesSessionExist());
  }
  await customElements.whenDefined("auth0-session-migrator");
  const migrator = Object.assign(createMigrator(settings), given);
  window.__connectMigrator = () => {
    const at = performance.now();
    root.prepend(migrator);
    return at;
  };
  if (query.get("manual") !== "1") window.__connectMigrator();
}
void main();
