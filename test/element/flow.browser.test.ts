import { expect } from "@esm-bundle/chai";
import { executeServerCommand } from "@web/test-runner-commands";
import { type MigrateAuth0SessionOptions, migrateAuth0Session } from "../../packages/element/src/index.js";
import { backoffDelay, parseRetryAfter } from "../../packages/element/src/retry.js";
import type { MigrationState } from "../../packages/element/src/types.js";
import { API, CLIENT_ID, FakeWorld, OK, REJECT, resetPage, setCookie } from "./support/fakes.js";

interface Clock {
  tickAsync(ms: number): Promise<number>;
  countTimers(): number;
  uninstall(): void;
}
let installClock: (o: { toFake: string[] }) => Clock;

describe("migrateAuth0Session (fake SDKs, real flow)", () => {
  let world: FakeWorld;
  let states: MigrationState[];

  before(async () => {
    const { url } = (await executeServerCommand("element:esm", { pkg: "@sinonjs/fake-timers" })) as {
      url: string;
    };
    installClock = ((await import(url)) as { default: { install: typeof installClock } }).default.install;
  });

  beforeEach(() => {
    resetPage();
    world = new FakeWorld();
    states = [];
  });
  afterEach(() => resetPage());

  const options = (extra: Partial<MigrateAuth0SessionOptions> = {}): MigrateAuth0SessionOptions => ({
    clientId: CLIENT_ID,
    domain: "tenant.example.test",
    audience: "https://api.example.test/",
    apiDomain: API,
    loaders: world.loaders(),
    onStateChange: (s) => states.push(s),
    ...extra,
  });

  it("migrates: one JSON POST through the SDK's fetch, confirms, then signs out of Auth0 locally", async () => {
    world.signInToAuth0();
    const result = await migrateAuth0Session(options({ scope: "openid profile", timeoutInSeconds: 7 }));
    expect(result).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
    expect(states).to.deep.equal(["checking", "migrating"]);
    expect(world.posts).to.have.length(1);
    const post = world.posts[0];
    expect(post?.url).to.equal(`${API}/migrate-session`);
    expect(post?.method).to.equal("POST");
    expect(post?.headers["content-type"]).to.equal("application/json");
    expect(post?.headers).to.not.have.property("authorization");
    expect(post?.body).to.deep.equal({ access_token: world.token });
    // Cookies must travel even where the page's SDK was initialised with autoAddCredentials: false.
    expect(post?.credentials).to.equal("include");
    expect(world.clientOptions).to.deep.equal([
      {
        domain: "tenant.example.test",
        clientId: CLIENT_ID,
        authorizationParams: { audience: "https://api.example.test/", scope: "openid profile" },
        authorizeTimeoutInSeconds: 7,
      },
    ]);
    expect(world.tokenCalls).to.deep.equal([
      {
        cacheMode: "on",
        timeoutInSeconds: 7,
        authorizationParams: { audience: "https://api.example.test/", scope: "openid profile" },
      },
    ]);
    expect(world.stInitConfigs).to.have.length(1);
    expect(world.revokeCalls).to.have.length(0); // no refresh tokens in use
    expect(world.logoutCalls).to.deep.equal([{ openUrl: false }]);
    expect(world.hasAuth0Cookie()).to.equal(false);
    expect(document.cookie).to.contain("sFrontToken=");
  });

  it("initialises supertokens-web-js from apiDomain, apiBasePath and tokenTransferMethod", async () => {
    world.signInToAuth0();
    await migrateAuth0Session(
      options({
        apiBasePath: "/session-api",
        tokenTransferMethod: "header",
        migrateUrl: `${API}/custom/migrate`,
      }),
    );
    expect(world.stInitConfigs).to.deep.equal([
      {
        appInfo: { appName: "auth0-session-migrator", apiDomain: API, apiBasePath: "/session-api" },
        recipeList: [{ recipe: "session" }],
      },
    ]);
    expect(world.sessionInitConfigs).to.have.length(1);
    expect(world.sessionInitConfigs[0]).to.include({ tokenTransferMethod: "header" });
    expect(world.posts.map((p) => p.url)).to.deep.equal([`${API}/custom/migrate`]);
  });

  it("without a migrate URL, intercepts only the API's origin (an unparsable URL is not let through)", async () => {
    world.signInToAuth0();
    await migrateAuth0Session(options());
    const config = world.sessionInitConfigs[0] as {
      override: {
        functions: (o: object) => { shouldDoInterceptionBasedOnUrl(u: string, a: string): boolean };
      };
    };
    const narrowed = config.override.functions({ shouldDoInterceptionBasedOnUrl: () => true });
    expect(narrowed.shouldDoInterceptionBasedOnUrl(`${API}/migrate-session`, API)).to.equal(true);
    expect(narrowed.shouldDoInterceptionBasedOnUrl("http://[bad", API)).to.equal(false);
    expect(narrowed.shouldDoInterceptionBasedOnUrl("https://other.example.test/x", API)).to.equal(false);
  });

  it("narrows the SDK's interception to the API's origin when it initialises supertokens-web-js", async () => {
    world.signInToAuth0();
    await migrateAuth0Session(options({ migrateUrl: "https://migrate.example.test/migrate-session" }));
    const config = world.sessionInitConfigs[0] as {
      override: {
        functions: (o: object) => { shouldDoInterceptionBasedOnUrl(u: string, a: string): boolean };
      };
    };
    // The SDK's own rule (hostname match, port ignored) stands in as "intercept everything".
    const asked: string[] = [];
    const narrowed = config.override.functions({
      other: "kept",
      shouldDoInterceptionBasedOnUrl: (url: string) => {
        asked.push(url);
        return true;
      },
    });
    expect(narrowed).to.include({ other: "kept" });
    const intercepts = (url: string) => narrowed.shouldDoInterceptionBasedOnUrl(url, API);
    expect(intercepts(`${API}/auth/session/refresh`)).to.equal(true);
    expect(intercepts("https://migrate.example.test/migrate-session")).to.equal(true);
    const api = new URL(API);
    expect(intercepts(`${api.protocol}//${api.hostname}:4443/oauth/token`)).to.equal(false);
    expect(intercepts("https://tenant.example.test/oauth/token")).to.equal(false);
    expect(intercepts("http://[bad")).to.equal(false); // unparsable
    // Within the allowed origins the SDK's own rule still decides.
    expect(asked).to.deep.equal([
      `${API}/auth/session/refresh`,
      "https://migrate.example.test/migrate-session",
    ]);
  });

  it("reuses a supertokens-web-js the page already initialised (no second init, no api-domain needed)", async () => {
    world.signInToAuth0();
    const pageSdk = world.supertokensModule();
    pageSdk.init({ appInfo: { appName: "page", apiDomain: API }, recipeList: [pageSdk.Session.init()] });
    const result = await migrateAuth0Session(
      options({ apiDomain: undefined, migrateUrl: `${API}/migrate-session` }),
    );
    expect(result.outcome).to.equal("done");
    expect(world.stInitConfigs).to.have.length(1); // only the page's own init
    expect(world.posts).to.have.length(1);
  });

  it("asks for api-domain when the page has not initialised supertokens-web-js", async () => {
    world.signInToAuth0();
    const result = await migrateAuth0Session(options({ apiDomain: undefined, migrateUrl: `${API}/m` }));
    expect(result).to.include({ outcome: "error", code: "INVALID_OPTIONS", attempts: 0 });
    expect(world.posts).to.have.length(0);
    expect(world.logoutCalls).to.have.length(0);
  });

  it("revokes refresh tokens when they are in use, before the local logout", async () => {
    world.signInToAuth0();
    const result = await migrateAuth0Session(options({ useRefreshTokens: true }));
    expect(result.outcome).to.equal("done");
    expect(world.revokeCalls).to.have.length(1);
    expect(world.logoutCalls).to.have.length(1);
    expect((world.clientOptions[0] as { useRefreshTokens?: boolean }).useRefreshTokens).to.equal(true);
  });

  it("uses a given auth0Client and downloads no Auth0 SDK", async () => {
    world.signInToAuth0();
    const result = await migrateAuth0Session(options({ domain: undefined, auth0Client: world.client() }));
    expect(result.outcome).to.equal("done");
    expect(world.loads.auth0).to.equal(0);
    expect(world.revokeCalls).to.have.length(1); // unknown refresh-token use: the SDK no-ops when unused
  });

  it("skips without an Auth0 cookie or cache: no SDK load and no request", async () => {
    const result = await migrateAuth0Session(options());
    expect(result).to.deep.equal({ outcome: "skipped", reason: "no-auth0-session" });
    expect(world.loads).to.deep.equal({ auth0: 0, supertokens: 0 });
    expect(world.posts).to.have.length(0);
  });

  it("detects a localStorage cache entry without the cookie, and detect=always skips the gate", async () => {
    world.signInToAuth0(window, { cookie: false, storage: true });
    expect((await migrateAuth0Session(options())).outcome).to.equal("done");
    resetPage();
    const always = new FakeWorld();
    const result = await migrateAuth0Session(options({ detect: "always", loaders: always.loaders() }));
    expect(result.outcome).to.equal("done");
    expect(always.posts).to.have.length(1);
  });

  it("skips when the front end already has a SuperTokens session", async () => {
    world.signInToAuth0();
    setCookie(document, "sFrontToken", "abc");
    setCookie(document, "st-last-access-token-update", "1");
    const result = await migrateAuth0Session(options());
    expect(result).to.deep.equal({ outcome: "skipped", reason: "already-migrated" });
    expect(world.posts).to.have.length(0);
    expect(world.loads.auth0).to.equal(0);
    expect(world.hasAuth0Cookie()).to.equal(true);
  });

  describe("settling supertokens-web-js's session state (its one refresh without front-end state)", () => {
    it("runs it alongside the Auth0 token, once; the migrate request then goes out without a refresh", async () => {
      world.signInToAuth0();
      let release = () => {};
      world.holdToken = new Promise<void>((r) => {
        release = r;
      });
      const run = migrateAuth0Session(options());
      try {
        for (let i = 0; i < 100 && world.refreshes.length === 0; i++)
          await new Promise((r) => setTimeout(r, 5));
        // The token is still pending: the SDK's state was settled meanwhile, not after it.
        expect(world.tokenCalls).to.have.length(1);
        expect(world.refreshes.map((r) => r.via)).to.deep.equal(["doesSessionExist"]);
        expect(world.posts).to.have.length(0);
      } finally {
        release(); // also on failure: the run holds the cross-tab lock the next tests need
      }
      expect(await run).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
      expect(world.refreshes).to.have.length(1); // the interceptor added none before the POST
      expect(world.posts).to.have.length(1);
    });

    it("finds a session the server set in httpOnly cookies only: already migrated, nothing posted", async () => {
      world.signInToAuth0();
      world.serverSession = true;
      const result = await migrateAuth0Session(options());
      expect(result).to.deep.equal({ outcome: "skipped", reason: "already-migrated" });
      expect(world.refreshes).to.have.length(1);
      expect(world.posts).to.have.length(0);
      expect(world.logoutCalls).to.have.length(0);
      expect(world.hasAuth0Cookie()).to.equal(true);
    });

    it("a front token without the marker is not trusted: the SDK refreshes, here finding no session", async () => {
      world.signInToAuth0();
      setCookie(document, "sFrontToken", "abc");
      const result = await migrateAuth0Session(options());
      expect(result.outcome).to.equal("done");
      expect(world.refreshes.map((r) => r.via)).to.deep.equal(["doesSessionExist"]);
      expect(world.posts).to.have.length(1);
    });

    it("with the SDK's own no-session marker nothing is refreshed at all", async () => {
      world.signInToAuth0();
      setCookie(document, "st-last-access-token-update", "1");
      const result = await migrateAuth0Session(options());
      expect(result.outcome).to.equal("done");
      expect(world.refreshes).to.have.length(0);
      expect(world.posts).to.have.length(1);
    });

    it("with a second copy of the SDK (CDN element, page's own bundle) leaves it to the page's interceptor", async () => {
      world.signInToAuth0();
      const pageSdk = world.supertokensModule();
      pageSdk.init({ appInfo: { appName: "page", apiDomain: API }, recipeList: [pageSdk.Session.init()] });
      const ownCopy = world.anotherSupertokensCopy();
      const result = await migrateAuth0Session(
        options({ loaders: { ...world.loaders(), supertokens: async () => ownCopy } }),
      );
      expect(result).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
      expect(world.stInitConfigs).to.have.length(1); // the element's copy was not initialised a second time
      expect(world.refreshes.map((r) => r.via)).to.deep.equal(["interceptor"]);
      expect(world.posts).to.have.length(1);
    });
  });

  for (const error of [
    "login_required",
    "consent_required",
    "interaction_required",
    "missing_refresh_token",
    "invalid_grant",
    "mfa_required",
    "timeout",
  ]) {
    it(`skips with auth0-login-required on ${error}, sending nothing`, async () => {
      world.signInToAuth0();
      world.tokenSteps.push({ error });
      const result = await migrateAuth0Session(options());
      expect(result).to.deep.equal({ outcome: "skipped", reason: "auth0-login-required" });
      expect(world.posts).to.have.length(0);
      expect(world.logoutCalls).to.have.length(0);
    });
  }

  it("on TOKEN_TOO_OLD fetches a fresh token (cacheMode off) and retries once", async () => {
    world.signInToAuth0();
    world.tokenSteps.push("old-token", "fresh-token");
    world.replies.push(REJECT(401, "TOKEN_TOO_OLD"), OK("auth0|bob"));
    const result = await migrateAuth0Session(options());
    expect(result).to.deep.equal({ outcome: "done", userId: "auth0|bob" });
    expect(world.tokenCalls.map((c) => c?.cacheMode)).to.deep.equal(["on", "off"]);
    expect(world.posts.map((p) => p.body)).to.deep.equal([
      { access_token: "old-token" },
      { access_token: "fresh-token" },
    ]);
  });

  it("gives up after one fresh token if the backend still says TOKEN_TOO_OLD", async () => {
    world.signInToAuth0();
    world.replies.push(REJECT(401, "TOKEN_TOO_OLD"), REJECT(401, "TOKEN_TOO_OLD"));
    const result = await migrateAuth0Session(options());
    expect(result).to.include({ outcome: "error", code: "TOKEN_TOO_OLD", status: 401, attempts: 2 });
    expect(world.posts).to.have.length(2);
    expect(world.logoutCalls).to.have.length(0);
  });

  it("counts the migrate request already sent when the fresh token after TOKEN_TOO_OLD fails", async () => {
    world.signInToAuth0();
    world.tokenSteps.push("old-token", new Error("network down"));
    world.replies.push(REJECT(401, "TOKEN_TOO_OLD"));
    const result = await migrateAuth0Session(options());
    expect(result).to.include({ outcome: "error", code: "AUTH0_ERROR", status: 401, attempts: 1 });
    expect(world.posts).to.have.length(1);
    expect(world.logoutCalls).to.have.length(0);
  });

  it("its own Auth0 client follows the app's cache: localstorage when the app's entries are there", async () => {
    world.signInToAuth0(window, { cookie: false, storage: true });
    await migrateAuth0Session(options());
    expect(world.clientOptions[0]).to.include({ cacheLocation: "localstorage" });
    resetPage();
    const other = new FakeWorld();
    other.signInToAuth0();
    await migrateAuth0Session(options({ loaders: other.loaders() }));
    expect(other.clientOptions[0]).to.not.have.property("cacheLocation"); // auth0-spa-js's default (memory)
  });

  it("with refresh tokens, its own client may fall back to the iframe (a memory cache holds no refresh token yet)", async () => {
    world.signInToAuth0();
    await migrateAuth0Session(options({ useRefreshTokens: true }));
    expect(world.clientOptions[0]).to.include({ useRefreshTokens: true, useRefreshTokensFallback: true });
  });

  it("an auth0Client that is not a client (a forgotten await) is INVALID_OPTIONS, nothing posted", async () => {
    world.signInToAuth0();
    const pending = Promise.resolve(world.client());
    const result = await migrateAuth0Session(
      options({ auth0Client: pending as unknown as MigrateAuth0SessionOptions["auth0Client"] }),
    );
    expect(result).to.include({ outcome: "error", code: "INVALID_OPTIONS" });
    expect((result as { message: string }).message).to.contain("await createAuth0Client");
    expect(world.posts).to.have.length(0);
  });

  it("called without options, or with null ones, resolves with INVALID_OPTIONS instead of throwing", async () => {
    const call = migrateAuth0Session as (o?: unknown) => ReturnType<typeof migrateAuth0Session>;
    expect(await call()).to.include({ outcome: "error", code: "INVALID_OPTIONS" });
    world.signInToAuth0();
    const withNulls = await migrateAuth0Session(
      options({
        maxAttempts: null,
        cacheLocation: null,
        audience: null,
      } as unknown as MigrateAuth0SessionOptions),
    );
    expect(withNulls).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
  });

  describe("retries (fake timers)", () => {
    let clock: Clock;
    const realSetTimeout = window.setTimeout.bind(window);
    /** Lets real tasks run (Web Locks, fetch bodies) until `cond` holds; fails after 3 s of real time. */
    const waitFor = async (cond: () => boolean, what: string) => {
      for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => realSetTimeout(r, 10));
      if (!cond()) throw new Error(`timed out waiting for ${what}`);
    };
    /** Waits until the flow sleeps on a (fake) backoff timer after `posts` requests. */
    const sleepingAfter = (posts: number) =>
      waitFor(
        () => world.posts.length === posts && clock.countTimers() === 1,
        `backoff timer after ${posts} posts`,
      );
    beforeEach(() => {
      clock = installClock({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    });
    afterEach(() => clock.uninstall());

    const backoff = { baseDelayMs: 500, maxDelayMs: 8000, random: () => 0.5 };

    it("retries 5xx and network errors with exponential backoff and jitter, then errors", async () => {
      world.signInToAuth0();
      world.replies.push(REJECT(500, "INTERNAL"), { networkError: true }, REJECT(502, "BAD_GATEWAY"));
      const run = migrateAuth0Session(options({ backoff }));
      await sleepingAfter(1);
      await clock.tickAsync(374); // first retry after 500/2 + 0.5 * 500/2 = 375 ms
      expect(world.posts).to.have.length(1);
      await clock.tickAsync(1);
      await sleepingAfter(2);
      await clock.tickAsync(749); // second after 1000/2 + 0.5 * 1000/2 = 750 ms
      expect(world.posts).to.have.length(2);
      await clock.tickAsync(1);
      const result = await run;
      expect(result).to.include({ outcome: "error", code: "BAD_GATEWAY", status: 502, attempts: 3 });
      expect(world.posts).to.have.length(3);
      expect(world.posts[1]?.at).to.equal(375);
      expect(world.posts[2]?.at).to.equal(375 + 750);
      expect(world.logoutCalls).to.have.length(0);
      expect(world.hasAuth0Cookie()).to.equal(true);
    });

    it("honours Retry-After on 503 AUTH0_UNAVAILABLE, capped", async () => {
      world.signInToAuth0();
      world.replies.push(
        REJECT(503, "AUTH0_UNAVAILABLE", { "retry-after": "2" }),
        REJECT(503, "AUTH0_UNAVAILABLE", { "retry-after": "86400" }),
        OK(),
      );
      const run = migrateAuth0Session(options({ backoff: { ...backoff, retryAfterCapMs: 10_000 } }));
      await sleepingAfter(1);
      await clock.tickAsync(1999);
      expect(world.posts).to.have.length(1);
      await clock.tickAsync(1);
      await sleepingAfter(2);
      await clock.tickAsync(9999);
      expect(world.posts).to.have.length(2);
      await clock.tickAsync(1);
      expect(await run).to.deep.equal({ outcome: "done", userId: "auth0|alice" });
      expect(world.posts.map((p) => p.at)).to.deep.equal([0, 2000, 12_000]);
    });

    it("respects max-attempts and recovers when a retry succeeds", async () => {
      world.signInToAuth0();
      world.replies.push({ networkError: true }, OK("auth0|carol"));
      const run = migrateAuth0Session(options({ backoff, maxAttempts: 2 }));
      await sleepingAfter(1);
      await clock.tickAsync(375);
      expect(await run).to.deep.equal({ outcome: "done", userId: "auth0|carol" });
      expect(world.posts).to.have.length(2);

      resetPage();
      const w2 = new FakeWorld();
      w2.signInToAuth0();
      w2.replies.push({ networkError: true }, OK());
      const single = await migrateAuth0Session(options({ backoff, maxAttempts: 1, loaders: w2.loaders() }));
      expect(single).to.include({ outcome: "error", code: "NETWORK_ERROR", attempts: 1 });
      expect(w2.posts).to.have.length(1);
      expect(clock.countTimers()).to.equal(0);
    });

    it("does not retry 4xx", async () => {
      world.signInToAuth0();
      world.replies.push(REJECT(401, "INVALID_TOKEN"));
      const result = await migrateAuth0Session(options({ backoff }));
      expect(result).to.include({ outcome: "error", code: "INVALID_TOKEN", status: 401, attempts: 1 });
      expect(world.posts).to.have.length(1);
      expect(clock.countTimers()).to.equal(0);
    });
  });

  describe("leaves the Auth0 session exactly as it was on every failure", () => {
    const failures: Array<[string, (w: FakeWorld) => void, string]> = [
      ["400 BAD_REQUEST", (w) => w.replies.push(REJECT(400, "BAD_REQUEST")), "BAD_REQUEST"],
      ["401 INVALID_TOKEN", (w) => w.replies.push(REJECT(401, "INVALID_TOKEN")), "INVALID_TOKEN"],
      ["403 FORBIDDEN_ORIGIN", (w) => w.replies.push(REJECT(403, "FORBIDDEN_ORIGIN")), "FORBIDDEN_ORIGIN"],
      [
        "409 SESSION_EXISTS_FOR_ANOTHER_USER",
        (w) => w.replies.push(REJECT(409, "SESSION_EXISTS_FOR_ANOTHER_USER")),
        "SESSION_EXISTS_FOR_ANOTHER_USER",
      ],
      ["413 PAYLOAD_TOO_LARGE", (w) => w.replies.push(REJECT(413, "PAYLOAD_TOO_LARGE")), "PAYLOAD_TOO_LARGE"],
      [
        "415 UNSUPPORTED_MEDIA_TYPE",
        (w) => w.replies.push(REJECT(415, "UNSUPPORTED_MEDIA_TYPE")),
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      ["200 without JSON", (w) => w.replies.push({ status: 200, body: "<html>" }), "INVALID_RESPONSE"],
      ["404 from a proxy", (w) => w.replies.push({ status: 404, body: "not found" }), "INVALID_RESPONSE"],
      [
        "OK but no session visible",
        (w) => w.replies.push({ status: 201, body: { status: "OK", userId: "x" } }),
        "SESSION_NOT_VISIBLE",
      ],
      ["network error", (w) => w.replies.push({ networkError: true }), "NETWORK_ERROR"],
      ["500 without JSON", (w) => w.replies.push({ status: 500, body: "oops" }), "SERVER_ERROR"],
      ["503 AUTH0_UNAVAILABLE", (w) => w.replies.push(REJECT(503, "AUTH0_UNAVAILABLE")), "AUTH0_UNAVAILABLE"],
      [
        "TOKEN_TOO_OLD even with a fresh token",
        (w) => w.replies.push(REJECT(401, "TOKEN_TOO_OLD"), REJECT(401, "TOKEN_TOO_OLD")),
        "TOKEN_TOO_OLD",
      ],
      ["auth0-spa-js failure", (w) => w.tokenSteps.push(new Error("boom")), "AUTH0_ERROR"],
      ["SDK load failure", () => {}, "SDK_LOAD_FAILED"],
    ];
    for (const [name, arrange, code] of failures) {
      it(name, async () => {
        world.signInToAuth0(window, { cookie: true, storage: true });
        const before = { cookie: document.cookie, storage: { ...localStorage } };
        arrange(world);
        const loaders =
          code === "SDK_LOAD_FAILED"
            ? { ...world.loaders(), auth0: () => Promise.reject(new TypeError("Failed to fetch module")) }
            : world.loaders();
        const result = await migrateAuth0Session(
          options({ useRefreshTokens: true, loaders, maxAttempts: 1 }),
        );
        expect(result).to.include({ outcome: "error", code });
        expect(world.revokeCalls, "revokeRefreshToken").to.have.length(0);
        expect(world.logoutCalls, "logout").to.have.length(0);
        for (const c of before.cookie
          .split("; ")
          .filter((c) => c.startsWith("auth0.") || c.startsWith("_legacy"))) {
          expect(document.cookie).to.contain(c);
        }
        for (const [k, v] of Object.entries(before.storage)) expect(localStorage.getItem(k)).to.equal(v);
      });
    }
  });

  it("global logout loads /v2/logout in a hidden iframe and removes it, without navigating", async () => {
    world.signInToAuth0();
    const frames: HTMLIFrameElement[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) if (n instanceof HTMLIFrameElement) frames.push(n);
    });
    observer.observe(document.body, { childList: true });
    const href = location.href;
    const result = await migrateAuth0Session(options({ auth0Logout: "global" }));
    observer.disconnect();
    expect(result.outcome).to.equal("done");
    expect(world.logoutCalls).to.have.length(1);
    expect(typeof world.logoutCalls[0]?.openUrl).to.equal("function");
    expect(frames).to.have.length(1);
    expect(frames[0]?.src).to.equal("https://tenant.example.test/v2/logout");
    expect(frames[0]?.hidden).to.equal(true);
    expect(frames[0]?.isConnected).to.equal(false);
    expect(location.href).to.equal(href);
  });

  it("rejects bad options with a clear error instead of throwing", async () => {
    world.signInToAuth0();
    expect(await migrateAuth0Session(options({ clientId: "" }))).to.include({ code: "INVALID_OPTIONS" });
    expect(await migrateAuth0Session(options({ migrateUrl: "javascript:alert(1)" }))).to.include({
      code: "INVALID_OPTIONS",
    });
    expect(await migrateAuth0Session(options({ maxAttempts: 0 }))).to.include({ code: "INVALID_OPTIONS" });
    expect(await migrateAuth0Session(options({ domain: undefined }))).to.include({ code: "INVALID_OPTIONS" });
    expect(world.posts).to.have.length(0);
  });

  it("backoff and Retry-After helpers", () => {
    expect(backoffDelay(1, { random: () => 0 })).to.equal(250);
    expect(backoffDelay(1, { random: () => 0.999999 })).to.equal(500);
    expect(backoffDelay(3, { random: () => 0 })).to.equal(1000);
    expect(backoffDelay(10, { random: () => 0.999999, maxDelayMs: 4000 })).to.equal(4000);
    expect(parseRetryAfter("3")).to.equal(3000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString(), Date.now())).to.be.within(4000, 5000);
    expect(parseRetryAfter("soon")).to.equal(undefined);
    expect(parseRetryAfter(null)).to.equal(undefined);
  });
});
