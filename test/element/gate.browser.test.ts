// A page without an Auth0 session: the element decides synchronously, downloads nothing and sends nothing.
// Observed with the Resource Timing API and a fetch spy, using the element's real default loaders.
import { expect } from "@esm-bundle/chai";
import { Auth0SessionMigrator } from "../../packages/element/src/auth0-session-migrator.js";
import { auth0CookieNames, hasAuth0Session } from "../../packages/element/src/gate.js";
import { API, CLIENT_ID, FakeWorld, nextEvent, resetPage } from "./support/fakes.js";

Auth0SessionMigrator.define();

const resources = () => performance.getEntriesByType("resource").map((e) => e.name);

describe("gate: no Auth0 session", () => {
  beforeEach(() => resetPage());
  afterEach(() => resetPage());

  it("makes zero requests and imports no SDK (nor the flow) when there is no Auth0 cookie or cache", async () => {
    const before = new Set(resources());
    let fetches = 0;
    const realFetch = window.fetch;
    window.fetch = (...args: Parameters<typeof fetch>) => {
      fetches++;
      return realFetch(...args);
    };
    try {
      const el = document.createElement("auth0-session-migrator");
      el.setAttribute("client-id", CLIENT_ID);
      el.setAttribute("domain", "tenant.example.test");
      el.setAttribute("api-domain", API);
      const event = nextEvent(el);
      document.body.append(el);
      const e = await event;
      expect(e.type).to.equal("auth0-migration-skipped");
      expect(e.detail).to.deep.equal({ reason: "no-auth0-session" });
      expect(el.state).to.equal("skipped");
      await new Promise((r) => setTimeout(r, 100)); // give any stray request time to show up
      const added = resources().filter((r) => !before.has(r));
      expect(added, "new resources").to.deep.equal([]);
      expect(fetches).to.equal(0);
      el.remove();
    } finally {
      window.fetch = realFetch;
    }
  });

  it("(control) the same observation does see the lazily loaded flow once there is a cookie", async () => {
    const before = new Set(resources());
    const world = new FakeWorld();
    world.signInToAuth0();
    const el = document.createElement("auth0-session-migrator");
    el.clientId = CLIENT_ID;
    el.domain = "tenant.example.test";
    el.apiDomain = API;
    el.loaders = world.loaders();
    const event = nextEvent(el);
    document.body.append(el);
    expect((await event).type).to.equal("auth0-migration-complete");
    const added = resources().filter((r) => !before.has(r));
    expect(added.some((r) => r.includes("/packages/element/src/flow"))).to.equal(true);
    expect(world.loads).to.deep.equal({ auth0: 1, supertokens: 1 });
    el.remove();
  });

  it("reads both cookie names and the localStorage cache prefix, for this client id only", () => {
    expect(auth0CookieNames("abc")).to.deep.equal([
      "auth0.abc.is.authenticated",
      "_legacy_auth0.abc.is.authenticated",
    ]);
    const none = { storage: null };
    expect(hasAuth0Session("abc", { cookie: "auth0.abc.is.authenticated=true", ...none })).to.equal(true);
    expect(
      hasAuth0Session("abc", { cookie: "a=1; _legacy_auth0.abc.is.authenticated=true", ...none }),
    ).to.equal(true);
    expect(hasAuth0Session("abc", { cookie: "auth0.abcd.is.authenticated=true", ...none })).to.equal(false);
    expect(hasAuth0Session("abc", { cookie: "x=auth0.abc.is.authenticated", ...none })).to.equal(false);
    expect(hasAuth0Session("abc", { cookie: "", ...none })).to.equal(false);
    const storage = (keys: string[]) => ({ length: keys.length, key: (i: number) => keys[i] ?? null });
    expect(
      hasAuth0Session("abc", { cookie: "", storage: storage(["@@auth0spajs@@::abc::default::openid"]) }),
    ).to.equal(true);
    expect(hasAuth0Session("abc", { cookie: "", storage: storage(["@@auth0spajs@@::abcd::x"]) })).to.equal(
      false,
    );
    const throwing = {
      get length(): number {
        throw new DOMException("denied", "SecurityError");
      },
      key: () => null,
    };
    expect(hasAuth0Session("abc", { cookie: "", storage: throwing })).to.equal(false);
  });
});
