// A bare page: the element from its CDN build (packages/element/dist/cdn, loaded by a <script type="module"> in the
// page) and nothing else, configured by the query string. The benchmark measures the element's own cost here: its
// lazily loaded chunks, the Auth0 token and the migrate request. ?manual=1: the element is only inserted when
// window.__connectMigrator() is called. ?init=page: the page initialises its own supertokens-web-js first (as the demo
// app does); otherwise the element does. ?check=1 (with ?init=page): before the element can be connected, the page
// asks Session.doesSessionExist(), as most apps do on load, so supertokens-web-js already has its front-end
// "no session" state when the element starts.
import { createMigrator, readSettings, recordEvents } from "./settings.js";

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

async function main(): Promise<void> {
  if (query.get("init") === "page") {
    const page = await import("./supertokens.js");
    page.initPageSuperTokens(settings);
    if (query.get("check") === "1") document.body.dataset.sessionBefore = String(await page.pageHasSession());
  }
  await customElements.whenDefined("auth0-session-migrator");
  const migrator = createMigrator(settings);
  window.__connectMigrator = () => {
    const at = performance.now();
    root.prepend(migrator);
    return at;
  };
  if (query.get("manual") !== "1") window.__connectMigrator();
}
void main();
