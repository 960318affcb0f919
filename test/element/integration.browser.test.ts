// Real SDKs, real servers: the element's CDN build (its default loaders, real @auth0/auth0-spa-js and
// supertokens-web-js chunks), the dev Auth0 tenant (oidc-provider), the dev SuperTokens core, and an Express backend
// with supertokens-node 24 verifying the token with jose (test/element/support/backend-main.ts).
import { expect } from "@esm-bundle/chai";
import { executeServerCommand } from "@web/test-runner-commands";
import type { Auth0SessionMigrator } from "../../packages/element/src/auth0-session-migrator.js";
import { nextEvent, recordEvents, setCookie } from "./support/fakes.js";

interface Tenant {
  id: string;
  url: string;
  issuer: string;
  clientId: string;
  audience: string;
}
interface Backend {
  id: string;
  url: string;
}
interface SpaClient {
  loginWithRedirect(o: { openUrl: (url: string) => Promise<void> }): Promise<void>;
  handleRedirectCallback(url: string): Promise<unknown>;
  isAuthenticated(): Promise<boolean>;
}
type SpaModule = { Auth0Client: new (o: object) => SpaClient };

const OTHER_AUDIENCE = "https://other-api.example.com/";
/** window.fetch before any supertokens-web-js patched it: test-only reads that the SDK must not see or intercept. */
const plainFetch = window.fetch.bind(window);
interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  start: number;
  end: number;
}
const EVENTS = [
  "auth0-migration-start",
  "auth0-migration-complete",
  "auth0-migration-skipped",
  "auth0-migration-error",
];

describe("integration: real auth0-spa-js + supertokens-web-js + dev tenant + backend", function () {
  this.timeout(60_000);
  let tenant: Tenant;
  let backend: Backend;
  let cdn: { base: string; files: string[] };
  let spa: SpaModule;

  before(async () => {
    [tenant, cdn] = (await Promise.all([
      executeServerCommand("auth0-tenant:start", { audiences: ["https://api.example.com/", OTHER_AUDIENCE] }),
      executeServerCommand("element:build-cdn"),
    ])) as [Tenant, { base: string; files: string[] }];
    backend = (await executeServerCommand("element:backend:start", {
      websiteOrigin: location.origin,
      issuer: tenant.issuer,
      jwksUri: `${tenant.url}/.well-known/jwks.json`,
      audience: tenant.audience,
    })) as Backend;
    // The same auth0-spa-js file the element loads lazily, so page and element share one module.
    const spaFile = cdn.files.find((f) => f.startsWith("auth0-spa-js-"));
    spa = (await import(`${cdn.base}${spaFile}`)) as SpaModule;
    await import(`${cdn.base}auth0-session-migrator.js`);
  });

  after(async () => {
    if (backend) await executeServerCommand("element:backend:stop", { id: backend.id });
    if (tenant) await executeServerCommand("auth0-tenant:stop", { id: tenant.id });
  });

  /** Signs in at the tenant through a second tab and completes the code flow in this page (localstorage cache). */
  async function signIn(user: string, audience: string): Promise<void> {
    const client = new spa.Auth0Client({
      domain: tenant.url,
      clientId: tenant.clientId,
      cacheLocation: "localstorage",
      authorizationParams: { audience, redirect_uri: `${location.origin}/callback` },
    });
    let callbackUrl = "";
    await client.loginWithRedirect({
      openUrl: async (url) => {
        ({ callbackUrl } = (await executeServerCommand("auth0-tenant:login", {
          authorizeUrl: url,
          user,
        })) as {
          callbackUrl: string;
        });
      },
    });
    await client.handleRedirectCallback(callbackUrl);
    expect(await client.isAuthenticated()).to.equal(true);
  }

  function mount(audience: string): Auth0SessionMigrator {
    const el = document.createElement("auth0-session-migrator");
    el.setAttribute("domain", tenant.url);
    el.setAttribute("client-id", tenant.clientId);
    el.setAttribute("audience", audience);
    el.setAttribute("cache-location", "localstorage");
    el.setAttribute("api-domain", backend.url);
    el.setAttribute("timeout", "10");
    return el;
  }

  const auth0State = () => ({
    cookie: document.cookie.includes(`auth0.${tenant.clientId}.is.authenticated=true`),
    cache: Object.keys(localStorage)
      .filter((k) => k.startsWith("@@auth0spajs@@"))
      .sort(),
  });
  /** Requests that reached the backend so far (preflights left out), in the order they finished. */
  const requestLog = async () =>
    (await (await plainFetch(`${backend.url}/test-log`)).json()) as LoggedRequest[];
  const liveSessions = async () =>
    (await executeServerCommand("element:backend:sessions", { id: backend.id })) as Array<{ userId: string }>;

  // Order matters within this page: the failure leaves no SuperTokens session; the header-mode test (in a frame)
  // creates one and then forgets its front-end state; the cookie-mode happy path creates the last one.
  it("a token the backend rejects (wrong audience): error event, Auth0 untouched, no session", async () => {
    await signIn("alice", OTHER_AUDIENCE); // the tenant keeps its SSO session for the next test
    const before = auth0State();
    expect(before.cookie).to.equal(true);
    expect(before.cache.length).to.be.greaterThan(0);
    const el = mount(OTHER_AUDIENCE);
    const log = recordEvents(el, EVENTS);
    const ended = nextEvent(el);
    document.body.append(el);
    const e = await ended;
    expect(log.map((x) => x.type)).to.deep.equal(["auth0-migration-start", "auth0-migration-error"]);
    expect(e.detail).to.deep.include({ code: "INVALID_TOKEN", status: 401, attempts: 1 });
    expect(el.getAttribute("state")).to.equal("error");
    expect(auth0State()).to.deep.equal(before);
    expect(await liveSessions()).to.deep.equal([]);
    el.remove();
    localStorage.clear();
  });

  it("header mode in a fresh frame: the element initialises supertokens-web-js with tokenTransferMethod header", async () => {
    await signIn("alice", tenant.audience);
    // A real same-origin URL (not srcdoc): supertokens-web-js derives its cookie scope from location.hostname.
    const frame = document.createElement("iframe");
    frame.src = `${cdn.base}blank.html`;
    const loaded = new Promise((r) => frame.addEventListener("load", r, { once: true }));
    document.body.append(frame);
    await loaded;
    const w = frame.contentWindow as Window & { ready?: Promise<unknown> };
    const script = w.document.createElement("script");
    script.type = "module";
    script.textContent = `window.ready = import(${JSON.stringify(`${cdn.base}auth0-session-migrator.js`)});`;
    w.document.head.append(script);
    for (let i = 0; i < 200 && !w.ready; i++) await new Promise((r) => setTimeout(r, 10));
    await w.ready;
    const el = w.document.createElement("auth0-session-migrator");
    for (const [k, v] of Object.entries({
      domain: tenant.url,
      "client-id": tenant.clientId,
      audience: tenant.audience,
      "cache-location": "localstorage",
      "api-domain": backend.url,
      "token-transfer": "header",
    })) {
      el.setAttribute(k, v);
    }
    const ended = nextEvent(el);
    w.document.body.append(el);
    const e = await ended;
    expect(e.type, JSON.stringify(e.detail)).to.equal("auth0-migration-complete");
    expect(e.detail).to.deep.equal({ userId: "auth0|alice" });
    // Header mode: the SDK keeps the tokens in front-end storage and sends them as Authorization itself.
    expect(document.cookie).to.contain("st-access-token=");
    const me = await w.fetch(`${backend.url}/me`);
    expect(me.status).to.equal(200);
    expect(await me.json()).to.deep.equal({ userId: "auth0|alice" });
    expect(auth0State()).to.deep.equal({ cookie: false, cache: [] });
    frame.remove();
    // Forget this session's front-end state so the next test starts from "signed in with Auth0 only".
    for (const name of [
      "sFrontToken",
      "st-last-access-token-update",
      "st-access-token",
      "st-refresh-token",
    ]) {
      setCookie(document, name, "; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }
    expect(document.cookie).to.not.contain("sFrontToken=");
  });

  it("happy path: the Auth0 user gets a SuperTokens session and is signed out of Auth0 locally", async () => {
    await signIn("alice", tenant.audience);
    expect(auth0State().cookie).to.equal(true);
    expect(document.cookie).to.not.contain("st-last-access-token-update="); // no SuperTokens state at all
    const logged = (await requestLog()).length;
    const el = mount(tenant.audience);
    const log = recordEvents(el, EVENTS);
    const ended = nextEvent(el);
    document.body.append(el);
    const e = await ended;
    expect(log.map((x) => x.type)).to.deep.equal(["auth0-migration-start", "auth0-migration-complete"]);
    expect(e.detail).to.deep.equal({ userId: "auth0|alice" });
    expect(el.getAttribute("state")).to.equal("done");
    // Auth0 local state is gone (cookie hint and cache), the SuperTokens front-end state is there.
    expect(auth0State()).to.deep.equal({ cookie: false, cache: [] });
    expect(document.cookie).to.contain("sFrontToken=");
    // supertokens-web-js settled its state with exactly one refresh (401), which had ended before the migrate request
    // arrived: its interceptor did not put a second one in front of it.
    const calls = (await requestLog()).slice(logged);
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).to.deep.equal([
      "POST /auth/session/refresh 401",
      "POST /migrate-session 200",
    ]);
    expect((calls[0] as LoggedRequest).end).to.be.at.most((calls[1] as LoggedRequest).start);
    const sessions = await liveSessions();
    expect(sessions.map((s) => s.userId)).to.deep.equal(["auth0|alice", "auth0|alice"]); // header-mode one + this
    // The session works for API calls through the SDK's fetch (cookie mode).
    const me = await fetch(`${backend.url}/me`);
    expect(me.status).to.equal(200);
    expect(await me.json()).to.deep.equal({ userId: "auth0|alice" });
    // A second element on the next "page load" has nothing to do.
    const again = mount(tenant.audience);
    const skipped = nextEvent(again);
    document.body.append(again);
    expect((await skipped).detail).to.deep.equal({ reason: "no-auth0-session" });
    el.remove();
    again.remove();
  });

  it("a session only the server's httpOnly cookies know (front-end state lost) is found: already migrated", async () => {
    // Continues from the happy path: its session's httpOnly cookies stay, the SDK's front-end cookies go.
    for (const name of ["sFrontToken", "st-last-access-token-update"]) {
      setCookie(document, name, "; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }
    await signIn("alice", tenant.audience);
    const before = auth0State();
    const sessionsBefore = await liveSessions();
    const logged = (await requestLog()).length;
    const el = mount(tenant.audience);
    const ended = nextEvent(el);
    document.body.append(el);
    const e = await ended;
    expect(e.type).to.equal("auth0-migration-skipped");
    expect(e.detail).to.deep.equal({ reason: "already-migrated" });
    expect(auth0State()).to.deep.equal(before); // nothing migrated, so Auth0 is left as it was
    expect(document.cookie).to.contain("sFrontToken="); // the SDK's refresh restored its front-end state
    // One refresh (200: the session is back), no migrate request.
    const calls = (await requestLog()).slice(logged);
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).to.deep.equal([
      "POST /auth/session/refresh 200",
    ]);
    expect((await liveSessions()).length).to.equal(sessionsBefore.length);
    el.remove();
  });
});
