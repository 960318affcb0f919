import { expect } from "@esm-bundle/chai";
import { emulateMedia, executeServerCommand } from "@web/test-runner-commands";
import { Auth0SessionMigrator } from "../../packages/element/src/auth0-session-migrator.js";
import type { MigrationState } from "../../packages/element/src/types.js";
import type { LiveRegion } from "../browser/commands/element-backend.js";
import {
  API,
  CLIENT_ID,
  EVENTS,
  FakeWorld,
  nextEvent,
  OK,
  REJECT,
  recordEvents,
  resetPage,
  setCookie,
} from "./support/fakes.js";

Auth0SessionMigrator.define();

function make(world: FakeWorld, attrs: Record<string, string> = {}): Auth0SessionMigrator {
  const el = document.createElement("auth0-session-migrator");
  const all = { "client-id": CLIENT_ID, domain: "tenant.example.test", "api-domain": API, ...attrs };
  for (const [k, v] of Object.entries(all)) el.setAttribute(k, v);
  el.loaders = world.loaders();
  return el;
}

function watchStates(el: Element): MigrationState[] {
  const states: MigrationState[] = [];
  new MutationObserver(() => states.push(el.getAttribute("state") as MigrationState)).observe(el, {
    attributeFilter: ["state"],
  });
  return states;
}

/** The page's live regions as Chromium's accessibility tree has them (what a screen reader can announce). */
const liveRegions = () => executeServerCommand<LiveRegion[], undefined>("element:a11y:live");

const flush = () => new Promise((r) => setTimeout(r, 0));
async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe("<auth0-session-migrator>", () => {
  let world: FakeWorld;
  beforeEach(() => {
    resetPage();
    world = new FakeWorld();
  });
  afterEach(() => {
    for (const el of document.querySelectorAll("auth0-session-migrator")) el.remove();
    resetPage();
  });

  it("is registered, typed in HTMLElementTagNameMap and does not redefine", () => {
    expect(customElements.get("auth0-session-migrator") === Auth0SessionMigrator).to.equal(true);
    Auth0SessionMigrator.define(); // no throw
    const el: Auth0SessionMigrator = document.createElement("auth0-session-migrator");
    expect(el).to.be.instanceOf(Auth0SessionMigrator);
  });

  it("migrates on connect: events start → complete, bubbling and composed; state reflected for CSS", async () => {
    world.signInToAuth0();
    // Inside a shadow root, listened to on document: proves bubbles + composed.
    const host = document.createElement("div");
    const root = host.attachShadow({ mode: "open" });
    const el = make(world);
    const log = recordEvents(document, EVENTS);
    const states = watchStates(el);
    const done = nextEvent(el);
    root.append(el);
    document.body.append(host);
    await done;
    await flush();
    expect(log.map((e) => e.type)).to.deep.equal(["auth0-migration-start", "auth0-migration-complete"]);
    expect(log[0]?.detail).to.deep.equal({ clientId: CLIENT_ID });
    expect(log[1]?.detail).to.deep.equal({ userId: "auth0|alice" });
    for (const e of log) {
      expect(e.bubbles).to.equal(true);
      expect(e.composed).to.equal(true);
      expect(e.origin === el, "dispatched by the element").to.equal(true);
    }
    expect(states).to.deep.equal(["idle", "checking", "migrating", "done"]);
    expect(el.state).to.equal("done");
    expect(el.getAttribute("state")).to.equal("done");
    host.remove();
  });

  it("skips without an Auth0 session: only a skipped event, no start", async () => {
    const el = make(world);
    // Typed through HTMLElementEventMap (checked by tsc): detail.reason is a SkipReason.
    let reason: "no-auth0-session" | "already-migrated" | "auth0-login-required" | undefined;
    el.addEventListener("auth0-migration-skipped", (e) => {
      reason = e.detail.reason;
    });
    const log = recordEvents(el, EVENTS);
    const ended = nextEvent(el);
    document.body.append(el);
    await ended;
    expect(log.map((e) => [e.type, e.detail])).to.deep.equal([
      ["auth0-migration-skipped", { reason: "no-auth0-session" }],
    ]);
    expect(el.getAttribute("state")).to.equal("skipped");
    expect(reason).to.equal("no-auth0-session");
    await el.updateComplete;
    expect(el.offsetWidth, "invisible").to.equal(0);
    expect(el.offsetHeight, "invisible").to.equal(0);
  });

  it("reports errors with code, status and attempts, shows the error region and keeps Auth0", async () => {
    world.signInToAuth0();
    world.replies.push(REJECT(409, "SESSION_EXISTS_FOR_ANOTHER_USER"));
    const el = make(world);
    const log = recordEvents(el, EVENTS);
    const ended = nextEvent(el);
    document.body.append(el);
    const e = await ended;
    expect(log.map((x) => x.type)).to.deep.equal(["auth0-migration-start", "auth0-migration-error"]);
    expect(e.detail).to.deep.include({ code: "SESSION_EXISTS_FOR_ANOTHER_USER", status: 409, attempts: 1 });
    expect(e.detail.message).to.be.a("string");
    await el.updateComplete;
    const error = el.shadowRoot?.querySelector('[part~="error"]') as HTMLElement;
    expect(error.getAttribute("role")).to.equal("alert");
    expect(error.textContent?.trim()).to.equal("We couldn't finish signing you in.");
    expect(el.offsetHeight).to.be.greaterThan(0);
    expect(world.logoutCalls).to.have.length(0);
    expect(world.hasAuth0Cookie()).to.equal(true);
  });

  it("maps attributes to auth0-spa-js and supertokens-web-js options", async () => {
    world.signInToAuth0();
    world.replies.push(
      REJECT(503, "AUTH0_UNAVAILABLE", { "retry-after": "0" }),
      REJECT(503, "AUTH0_UNAVAILABLE"),
    );
    const el = make(world, {
      audience: "https://api.example.test/",
      scope: "openid email",
      "cache-location": "localstorage",
      "use-refresh-tokens": "",
      timeout: "9",
      "api-base-path": "/st",
      "migrate-url": `${API}/m`,
      "token-transfer": "header",
      "max-attempts": "2",
    });
    expect(el.clientId).to.equal(CLIENT_ID);
    expect(el.useRefreshTokens).to.equal(true);
    expect(el.timeout).to.equal(9);
    expect(el.maxAttempts).to.equal(2);
    const ended = nextEvent(el);
    document.body.append(el);
    const e = await ended;
    expect(world.clientOptions).to.deep.equal([
      {
        domain: "tenant.example.test",
        clientId: CLIENT_ID,
        authorizationParams: { audience: "https://api.example.test/", scope: "openid email" },
        cacheLocation: "localstorage",
        useRefreshTokens: true,
        useRefreshTokensFallback: true,
        authorizeTimeoutInSeconds: 9,
      },
    ]);
    expect(world.sessionInitConfigs).to.have.length(1);
    expect(world.sessionInitConfigs[0]).to.include({ tokenTransferMethod: "header" });
    expect((world.stInitConfigs[0] as { appInfo: unknown }).appInfo).to.deep.equal({
      appName: "auth0-session-migrator",
      apiDomain: API,
      apiBasePath: "/st",
    });
    expect(world.posts.map((p) => p.url)).to.deep.equal([`${API}/m`, `${API}/m`]);
    expect(e.detail).to.deep.include({ code: "AUTH0_UNAVAILABLE", status: 503, attempts: 2 });
  });

  it("rejects unknown enumerated attribute values with INVALID_OPTIONS (no silent default)", async () => {
    world.signInToAuth0();
    for (const [name, value] of [
      ["token-transfer", "cookies"],
      ["cache-location", "session"],
      ["auth0-logout", "everywhere"],
      ["detect", "alwayz"],
    ]) {
      const el = make(world, { [name as string]: value as string });
      const ended = nextEvent(el);
      document.body.append(el);
      const e = await ended;
      expect(e.type, name).to.equal("auth0-migration-error");
      expect(e.detail.code).to.equal("INVALID_OPTIONS");
      expect(e.detail.message).to.contain(name === "detect" ? "detect" : name);
      el.remove();
    }
    expect(world.posts).to.have.length(0);
    expect(world.hasAuth0Cookie()).to.equal(true);
  });

  it("reflects state only; property changes update attributes it owns", async () => {
    const el = make(world, { manual: "" });
    document.body.append(el);
    await el.updateComplete;
    expect(el.getAttribute("state")).to.equal("idle");
    el.setAttribute("max-attempts", "5");
    el.setAttribute("auth0-logout", "global");
    expect(el.maxAttempts).to.equal(5);
    expect(el.auth0Logout).to.equal("global");
    el.clientId = "other";
    await el.updateComplete;
    expect(el.getAttribute("client-id")).to.equal(CLIENT_ID); // not reflected: attributes stay the author's
    el.state = "error";
    await el.updateComplete;
    expect(el.getAttribute("state")).to.equal("error");
  });

  it("manual: nothing on connect; migrate() runs once even if called twice", async () => {
    world.signInToAuth0();
    const el = make(world, { manual: "" });
    document.body.append(el);
    await flush();
    await flush();
    expect(el.state).to.equal("idle");
    expect(world.loads.supertokens).to.equal(0);
    const a = el.migrate();
    const b = el.migrate();
    expect(a).to.equal(b);
    expect(await a).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
    expect(world.posts).to.have.length(1);
  });

  it("starts the flow and both SDK downloads together once the gate passes, not the SDKs after the flow", async () => {
    world.signInToAuth0();
    const el = make(world, { manual: "" });
    document.body.append(el);
    await flush();
    const run = el.migrate();
    // Synchronously, in the same task as the flow's import(): the SDK loads do not wait for the flow module.
    expect(world.loads).to.deep.equal({ auth0: 1, supertokens: 1 });
    expect(await run).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
    expect(world.loads).to.deep.equal({ auth0: 1, supertokens: 1 }); // shared with the flow, not loaded twice
  });

  it("prefetches no auth0-spa-js when it will not be needed (front token present, or an auth0Client given)", async () => {
    world.signInToAuth0();
    setCookie(document, "sFrontToken", "abc");
    setCookie(document, "st-last-access-token-update", "1");
    const migrated = make(world, { manual: "" });
    document.body.append(migrated);
    expect(await migrated.migrate()).to.deep.equal({ outcome: "skipped", reason: "already-migrated" });
    expect(world.loads).to.deep.equal({ auth0: 0, supertokens: 1 });
    migrated.remove();
    resetPage();
    const other = new FakeWorld();
    other.signInToAuth0();
    const withClient = make(other, { manual: "" });
    withClient.auth0Client = other.client();
    document.body.append(withClient);
    const run = withClient.migrate();
    expect(other.loads).to.deep.equal({ auth0: 0, supertokens: 1 });
    expect((await run).outcome).to.equal("done");
    expect(other.loads.auth0).to.equal(0);
    withClient.remove();
  });

  it("with a page-provided auth0Client, asks it for the token at once, before the flow's code has arrived", async () => {
    world.signInToAuth0();
    const el = make(world, { manual: "", audience: "https://api.example.test/", timeout: "4" });
    el.auth0Client = world.client();
    document.body.append(el);
    await flush();
    const run = el.migrate();
    // Synchronously, in the same task as the flow's import(): the token request is already out.
    expect(world.tokenCalls).to.deep.equal([
      {
        cacheMode: "on",
        timeoutInSeconds: 4,
        authorizationParams: { audience: "https://api.example.test/" },
      },
    ]);
    expect(await run).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
    expect(world.tokenCalls).to.have.length(1); // the flow used that answer, it did not ask again
    expect(world.posts.map((p) => (p.body as { access_token: string }).access_token)).to.deep.equal([
      world.token,
    ]);
  });

  it("a token error from the early request is handled by the flow like any other (login required: skipped)", async () => {
    world.signInToAuth0();
    world.tokenSteps.push({ error: "login_required" });
    const el = make(world, { manual: "" });
    el.auth0Client = world.client();
    document.body.append(el);
    expect(await el.migrate()).to.deep.equal({ outcome: "skipped", reason: "auth0-login-required" });
    expect(world.tokenCalls).to.have.length(1);
    expect(world.posts).to.have.length(0);
  });

  it("with supertokens-web-js already initialised by the page, checks its session at once, next to the flow's download", async () => {
    world.signInToAuth0();
    const pageSdk = world.supertokensModule();
    pageSdk.init({ appInfo: { appName: "page", apiDomain: API }, recipeList: [pageSdk.Session.init()] });
    const el = make(world, { manual: "" });
    document.body.append(el);
    await flush();
    const run = el.migrate();
    // A few microtasks: the fake SDK's loader answers in one; the flow module (an import()) needs at least a task.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(el.state).to.equal("checking");
    expect(world.refreshes.map((r) => r.via)).to.deep.equal(["doesSessionExist"]);
    expect(await run).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
    // One refresh in all: the flow took the early answer, and the migrate request went out without one in front.
    expect(world.refreshes.map((r) => r.via)).to.deep.equal(["doesSessionExist"]);
    expect(world.posts).to.have.length(1);
  });

  it("does not ask a copy of supertokens-web-js the page did not initialise (the flow initialises it first)", async () => {
    world.signInToAuth0();
    const el = make(world, { manual: "" });
    document.body.append(el);
    await flush();
    const run = el.migrate();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(world.stInitConfigs).to.have.length(0);
    expect(world.refreshes).to.have.length(0);
    expect(await run).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
    expect(world.stInitConfigs).to.have.length(1);
    expect(world.refreshes.map((r) => r.via)).to.deep.equal(["doesSessionExist"]);
  });

  it("a mistyped detect value keeps the gate: no Auth0 session, nothing downloaded, nothing shown", async () => {
    const el = make(world, { detect: "Always" });
    const ended = nextEvent(el);
    document.body.append(el);
    const e = await ended;
    expect(e.type).to.equal("auth0-migration-skipped");
    expect(e.detail).to.deep.equal({ reason: "no-auth0-session" });
    expect(world.loads).to.deep.equal({ auth0: 0, supertokens: 0 });
  });

  it("a removed attribute is not set (lit sets null), and client-id is trimmed", async () => {
    world.signInToAuth0();
    const el = make(world, {
      manual: "",
      "max-attempts": "2",
      "cache-location": "memory",
      "client-id": ` ${CLIENT_ID} `,
    });
    el.removeAttribute("max-attempts");
    el.removeAttribute("cache-location");
    document.body.append(el);
    expect(await el.migrate()).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
  });

  it("an auth0Client that is not a client: an INVALID_OPTIONS error event, migrate() still resolves", async () => {
    world.signInToAuth0();
    const el = make(world, { manual: "" });
    el.auth0Client = Promise.resolve(world.client()) as unknown as Auth0SessionMigrator["auth0Client"];
    const ended = nextEvent(el);
    document.body.append(el);
    const result = await el.migrate();
    expect(result).to.include({ outcome: "error", code: "INVALID_OPTIONS" });
    expect((await ended).type).to.equal("auth0-migration-error");
    expect(el.state).to.equal("error");
    expect(world.tokenCalls).to.have.length(0);
  });

  it("loaders that are not functions: an error event, migrate() still resolves", async () => {
    world.signInToAuth0();
    const el = make(world, { manual: "" });
    el.loaders = { supertokens: "nope" } as unknown as Auth0SessionMigrator["loaders"];
    document.body.append(el);
    const result = await el.migrate();
    expect(result.outcome).to.equal("error");
    expect(el.state).to.equal("error");
  });

  it("picks up properties set right after insertion", async () => {
    world.signInToAuth0();
    const el = document.createElement("auth0-session-migrator");
    const ended = nextEvent(el);
    document.body.append(el);
    el.clientId = CLIENT_ID;
    el.domain = "tenant.example.test";
    el.apiDomain = API;
    el.loaders = world.loaders();
    expect((await ended).type).to.equal("auth0-migration-complete");
  });

  it("announces 'Signing you in…' in an aria-live region that exists before migrating", async () => {
    world.signInToAuth0();
    let release!: () => void;
    world.replies.push({ ...OK(), until: new Promise<void>((r) => (release = r)) });
    const el = make(world, { manual: "" });
    document.body.append(el);
    await el.updateComplete;
    const status = el.shadowRoot?.querySelector('[part~="status"]') as HTMLElement;
    expect(status.getAttribute("aria-live")).to.equal("polite");
    expect(status.getAttribute("role")).to.equal("status");
    expect(status.textContent?.trim()).to.equal("");
    expect([el.offsetWidth, el.offsetHeight], "invisible while idle").to.deep.equal([0, 0]);
    // In the accessibility tree already (a display:none region is not, and its first content may go unannounced).
    expect(await liveRegions(), "live regions while idle").to.deep.equal([
      { role: "status", live: "polite", text: "" },
      { role: "alert", live: "assertive", text: "" },
    ]);
    const run = el.migrate();
    try {
      await waitFor(() => world.posts.length > 0, "the migrate POST");
      await el.updateComplete;
      expect(el.state).to.equal("migrating");
      // Same live region node, now with the message.
      expect(el.shadowRoot?.querySelector('[part~="status"]') === status, "same live region node").to.equal(
        true,
      );
      expect(status.textContent?.trim()).to.equal("Signing you in…");
      expect(el.offsetWidth, "visible while migrating").to.be.greaterThan(0);
      expect((await liveRegions())[0], "announced").to.deep.equal({
        role: "status",
        live: "polite",
        text: "Signing you in…",
      });
    } finally {
      release(); // never leave the cross-tab lock held for the next test
    }
    await run;
    await el.updateComplete;
    expect(status.textContent?.trim()).to.equal("");
    expect([el.offsetWidth, el.offsetHeight], "invisible when done").to.deep.equal([0, 0]);
    expect((await liveRegions()).length, "regions stay in the tree").to.equal(2);
  });

  it("takes no room in the page's layout unless it shows something (not even an empty line)", async () => {
    const wrap = document.createElement("div");
    const el = make(world, { manual: "" });
    wrap.append(el);
    document.body.append(wrap);
    try {
      await el.updateComplete;
      const heights: Partial<Record<MigrationState, number>> = {};
      for (const state of ["idle", "checking", "skipped", "migrating", "error"] as const) {
        el.state = state;
        await el.updateComplete;
        heights[state] = wrap.offsetHeight;
      }
      expect({
        ...heights,
        migrating: heights.migrating ? "> 0" : 0,
        error: heights.error ? "> 0" : 0,
      }).to.deep.equal({ idle: 0, checking: 0, skipped: 0, migrating: "> 0", error: "> 0" });
    } finally {
      wrap.remove();
    }
  });

  it("in done, adds no line to the page unless a done message is slotted, even one added or removed later", async () => {
    const wrap = document.createElement("div");
    const el = make(world, { manual: "" });
    wrap.append(el);
    document.body.append(wrap);
    const height = async () => {
      await el.updateComplete;
      await flush(); // slotchange
      return wrap.offsetHeight;
    };
    try {
      el.state = "done";
      const empty = await height();
      const message = document.createElement("span");
      message.slot = "done";
      message.textContent = "Welcome back";
      el.append(message); // e.g. from an auth0-migration-complete listener
      const slotted = await height();
      const shown = [el.offsetWidth > 0, getComputedStyle(el).position];
      message.remove();
      const removed = await height();
      el.state = "error";
      el.append(message); // slotted while not in done: seen when done comes back
      await height();
      el.state = "done";
      const back = await height();
      el.state = "error";
      await height();
      message.remove(); // and removed while not in done, too
      el.state = "done";
      const gone = await height();
      el.remove();
      const without = wrap.offsetHeight;
      expect({ empty, slotted: slotted > 0, shown, removed, back: back > 0, gone }).to.deep.equal({
        empty: 0,
        slotted: true,
        shown: [true, "static"],
        removed: 0,
        back: true,
        gone: 0,
      });
      expect(without, "control: the wrapper without the element").to.equal(0);
    } finally {
      wrap.remove();
    }
  });

  it("in done inside a component that forwards its own done slot, adds a line only if that slot gets a message", async () => {
    const wrap = document.createElement("div"); // the component's host, whose shadow root holds the element
    const el = make(world, { manual: "" });
    const forward = document.createElement("slot");
    forward.name = forward.slot = "done";
    el.append(forward);
    wrap.attachShadow({ mode: "open" }).append(el);
    document.body.append(wrap);
    const height = async () => {
      await el.updateComplete;
      await flush(); // slotchange
      return wrap.offsetHeight;
    };
    try {
      el.state = "done";
      const empty = await height();
      const message = document.createElement("span");
      message.slot = "done";
      message.textContent = "Welcome back";
      wrap.append(message);
      const slotted = await height();
      message.remove();
      expect({ empty, slotted: slotted > 0, removed: await height() }).to.deep.equal({
        empty: 0,
        slotted: true,
        removed: 0,
      });
    } finally {
      wrap.remove();
    }
  });

  it("announces an error in the alert region, which stays in the accessibility tree", async () => {
    world.signInToAuth0();
    world.replies.push(REJECT(400, "BAD_REQUEST"));
    const el = make(world, { manual: "" });
    document.body.append(el);
    await el.updateComplete;
    await el.migrate();
    await el.updateComplete;
    expect(el.offsetWidth, "visible on error").to.be.greaterThan(0);
    expect(await liveRegions()).to.deep.equal([
      { role: "status", live: "polite", text: "" },
      { role: "alert", live: "assertive", text: "We couldn't finish signing you in." },
    ]);
  });

  it("projects the migrating, done and error slots", async () => {
    world.signInToAuth0();
    let release!: () => void;
    world.replies.push({ ...OK(), until: new Promise<void>((r) => (release = r)) });
    const el = make(world, { manual: "" });
    el.innerHTML = `<span slot="migrating">Moving you over</span><span slot="done">Welcome back</span><span slot="error">Oops</span>`;
    document.body.append(el);
    const run = el.migrate();
    await waitFor(() => world.posts.length > 0, "the migrate POST");
    await el.updateComplete;
    const assigned = (name: string) =>
      (el.shadowRoot?.querySelector(`slot[name="${name}"]`) as HTMLSlotElement | null)
        ?.assignedElements()
        .map((e) => e.textContent);
    expect(assigned("migrating")).to.deep.equal(["Moving you over"]);
    expect(assigned("done")).to.equal(undefined);
    release();
    await run;
    await el.updateComplete;
    expect(assigned("done")).to.deep.equal(["Welcome back"]);
    expect(assigned("migrating")).to.equal(undefined);

    world.signInToAuth0();
    resetPage();
    const w2 = new FakeWorld();
    w2.signInToAuth0();
    w2.replies.push(REJECT(400, "BAD_REQUEST"));
    el.loaders = w2.loaders();
    await el.migrate();
    await el.updateComplete;
    expect(assigned("error")).to.deep.equal(["Oops"]);
  });

  it("exposes CSS parts and custom properties, and stops the spinner for prefers-reduced-motion", async () => {
    world.signInToAuth0();
    let release!: () => void;
    world.replies.push({ ...OK(), until: new Promise<void>((r) => (release = r)) });
    const el = make(world, { manual: "" });
    el.style.setProperty("--auth0-session-migrator-spinner-size", "30px");
    el.style.setProperty("--auth0-session-migrator-color", "rgb(1, 2, 3)");
    document.body.append(el);
    const run = el.migrate();
    await waitFor(() => world.posts.length > 0, "the migrate POST");
    await el.updateComplete;
    const spinner = el.shadowRoot?.querySelector('[part~="spinner"]') as HTMLElement;
    expect(getComputedStyle(spinner).width).to.equal("30px");
    expect(getComputedStyle(el).color).to.equal("rgb(1, 2, 3)");
    expect(getComputedStyle(spinner).animationName).to.equal("spin");
    await emulateMedia({ reducedMotion: "reduce" });
    try {
      expect(getComputedStyle(spinner).animationName).to.equal("none");
    } finally {
      await emulateMedia({ reducedMotion: "no-preference" });
    }
    release();
    await run;
  });
});
