// The contract every generated migration endpoint must keep, whatever its framework or language. Call
// `contractSuite(target)` once per framework x language from a *.test.ts file; it registers node:test tests and starts
// two servers (plus two that must refuse to start), a dev Auth0 tenant pair and a dev SuperTokens core.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { type Auth0Tenant, startAuth0Tenant } from "../../dev/auth0-tenant/index.js";
import { type SupertokensCore, startSupertokensCore } from "../../dev/supertokens-core/index.js";
import {
  CookieJar,
  encryptedToken,
  hs256WithPublicKey,
  startAttackerJwks,
  startTenantProxy,
  unsignedToken,
  wrongKeyToken,
} from "./fixtures.js";
import { type RunningServer, StartError } from "./process.js";

export interface ContractTarget {
  /** Shown in test names, e.g. "express ts". */
  name: string;
  /** Starts the server with exactly this environment; rejects with StartError when it exits before listening. */
  start(env: Record<string, string>): Promise<RunningServer>;
  /** Called once after the suite (e.g. to delete the generated project). */
  cleanup?(): Promise<void> | void;
  /** Default "/migrate-session". */
  migratePath?: string;
  /** Default "/session". */
  sessionPath?: string;
  /** Where SuperTokens' own routes are served (`/session/refresh` …); default "/auth". */
  apiBasePath?: string;
}

const WEBSITE = "http://127.0.0.1:5173";
const INVALID_TOKEN_BODY = { status: "INVALID_TOKEN", message: "The access token was not accepted." };

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  response: Response;
}

/** Everything a test needs to talk to one running endpoint. */
class Client {
  readonly tokens = new Set<string>();
  constructor(
    readonly server: RunningServer,
    readonly target: ContractTarget,
  ) {}

  async migrate(
    body: unknown,
    options: { headers?: Record<string, string>; jar?: CookieJar; raw?: string } = {},
  ): Promise<Answer> {
    if (typeof body === "object" && body !== null && "access_token" in body) {
      this.tokens.add(String((body as { access_token: unknown }).access_token));
    }
    const merged: Record<string, string> = {
      "content-type": "application/json",
      origin: WEBSITE,
      ...options.headers,
    };
    if (options.jar) merged.cookie = options.jar.header();
    // An empty value means "do not send this header at all".
    const headers = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== ""));
    const response = await fetch(`${this.server.url}${this.target.migratePath ?? "/migrate-session"}`, {
      method: "POST",
      headers,
      // Bytes, so fetch adds no Content-Type of its own.
      body: new TextEncoder().encode(options.raw ?? JSON.stringify(body)),
    });
    options.jar?.store(response);
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      assert.fail(`expected a JSON answer, got ${response.status}: ${text.slice(0, 200)}`);
    }
    return { status: response.status, body: parsed, headers: response.headers, response };
  }

  /** Posts `chunks` one write each with Transfer-Encoding: chunked and no Content-Length, as a streaming client does. */
  migrateChunked(chunks: string[]): Promise<{ status: number; body: Record<string, unknown> }> {
    const url = `${this.server.url}${this.target.migratePath ?? "/migrate-session"}`;
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: "POST",
        headers: { "content-type": "application/json", origin: WEBSITE, "transfer-encoding": "chunked" },
        agent: false, // its own connection: never returned to a pool while the server is closing it
      });
      let answered = false;
      request.on("response", (response) => {
        answered = true;
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
          } catch {
            reject(new Error(`expected a JSON answer, got ${response.statusCode}: ${text.slice(0, 200)}`));
          }
        });
        // Settles nothing once "end" has resolved; otherwise the answer was cut off.
        response.on("close", () => reject(new Error("the connection closed before the answer ended")));
        // A reset after the answer (we may still be writing) surfaces here too: "close" above settles the test.
        response.on("error", () => {});
      });
      // A reset before any answer is what this guards against; the server closing while we still write, after it
      // has answered, is not.
      request.on("error", (error) => {
        if (!answered) reject(error);
      });
      // The socket may still report the reset after the request has let go of it (the answer is complete): the request
      // listener above already saw what matters, so nothing further is left uncaught.
      request.on("socket", (socket) => socket.on("error", () => {}));
      void (async () => {
        for (const chunk of chunks) {
          if (request.destroyed) return;
          // Once answered, stop sending: the server has closed the exchange.
          if (answered) {
            request.destroy();
            return;
          }
          request.write(chunk);
          await new Promise((next) => setImmediate(next));
        }
        request.end();
      })();
    });
  }

  /** Posts a token in cookie mode, like the element does. */
  migrateToken(token: string, jar = new CookieJar()): Promise<Answer> {
    return this.migrate({ access_token: token }, { headers: { "st-auth-mode": "cookie" }, jar });
  }

  async session(headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.server.url}${this.target.sessionPath ?? "/session"}`, { headers });
    const text = await response.text();
    return {
      status: response.status,
      body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  /** What supertokens-web-js does on a 401: POST <apiBasePath>/session/refresh with the session's cookies. */
  async refresh(jar: CookieJar): Promise<number> {
    return (await this.refreshWithHeaders(jar)).status;
  }

  async refreshWithHeaders(jar: CookieJar): Promise<{ status: number; headers: Headers }> {
    const response = await fetch(`${this.server.url}${this.target.apiBasePath ?? "/auth"}/session/refresh`, {
      method: "POST",
      headers: { cookie: jar.header(), origin: WEBSITE, rid: "session", "st-auth-mode": "cookie" },
    });
    jar.store(response);
    await response.arrayBuffer();
    return { status: response.status, headers: response.headers };
  }

  /** What supertokens-web-js's `Session.signOut()` sends: POST <apiBasePath>/signout with the session's cookies. */
  async signOut(jar: CookieJar): Promise<{ status: number; setCookies: string[] }> {
    const response = await fetch(`${this.server.url}${this.target.apiBasePath ?? "/auth"}/signout`, {
      method: "POST",
      headers: { cookie: jar.header(), origin: WEBSITE, rid: "session", "st-auth-mode": "cookie" },
    });
    await response.arrayBuffer();
    return { status: response.status, setCookies: response.headers.getSetCookie() };
  }

  /** The same in header mode: the refresh token goes in Authorization, the new tokens come back in headers. */
  async refreshInHeaderMode(refreshToken: string): Promise<{ status: number; headers: Headers }> {
    const response = await fetch(`${this.server.url}${this.target.apiBasePath ?? "/auth"}/session/refresh`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${refreshToken}`,
        origin: WEBSITE,
        rid: "session",
        "st-auth-mode": "header",
      },
    });
    await response.arrayBuffer();
    return { status: response.status, headers: response.headers };
  }

  async expectInvalid(token: string, reason?: string): Promise<void> {
    const before = this.server.output().length;
    const answer = await this.migrateToken(token);
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.body, INVALID_TOKEN_BODY);
    assert.equal(answer.headers.get("set-cookie"), null, "no session cookie for a refused token");
    if (reason !== undefined) {
      // The server writes its log line before it answers, but under load the pipe may deliver it a moment later.
      const seen = () => logLines(this.server.output().slice(before));
      for (let waited = 0; waited < 2000 && !seen().some((line) => line.reason === reason); waited += 20) {
        await sleep(20);
      }
      const lines = seen();
      assert.ok(
        lines.some((line) => line.reason === reason),
        `expected a log line with reason ${reason}, got ${JSON.stringify(lines)}`,
      );
    }
  }
}

function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.event === "session_migration");
}

function baseEnv(
  tenant: { issuer: string; audience: string },
  core: SupertokensCore,
): Record<string, string> {
  return {
    AUTH0_ISSUER_BASE_URL: tenant.issuer,
    AUTH0_AUDIENCE: tenant.audience,
    SUPERTOKENS_CONNECTION_URI: core.connectionURI,
    API_DOMAIN: "http://127.0.0.1:3001",
    WEBSITE_DOMAIN: WEBSITE,
    PORT: "0",
    HOST: "127.0.0.1",
  };
}

const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function cdi(core: SupertokensCore, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${core.connectionURI}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "cdi-version": "5.4" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

export function contractSuite(target: ContractTarget): void {
  describe(`migration endpoint contract: ${target.name}`, () => {
    let tenant: Auth0Tenant;
    let core: SupertokensCore;

    before(async () => {
      [tenant, core] = await Promise.all([startAuth0Tenant(), startSupertokensCore()]);
    });
    after(async () => {
      await Promise.all([tenant?.stop(), core?.stop()]);
      await target.cleanup?.();
    });

    describe("a server with a client allowlist and copied claims", () => {
      let server: RunningServer;
      let client: Client;
      let claims: (user: string, extra?: Record<string, unknown>) => Record<string, unknown>;

      before(async () => {
        server = await target.start({
          ...baseEnv(tenant, core),
          AUTH0_CLIENT_IDS: tenant.clientId,
          MIGRATION_COPY_CLAIMS: "scope",
          MIGRATION_MAX_TOKEN_AGE: "600",
        });
        client = new Client(server, target);
        claims = (user, extra = {}) => ({ ...tenant.accessTokenClaims({ user }), ...extra });
      });
      after(() => server?.stop());

      test("an Auth0-profile token (aud array) from a real login gives a cookie session GET /session accepts", async () => {
        const { access_token } = await tenant.login({ user: "alice" });
        const jar = new CookieJar();
        const answer = await client.migrateToken(access_token, jar);
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, { status: "OK", message: "Session created.", userId: "auth0|alice" });
        assert.ok(jar.cookies.has("sAccessToken"), "sets the SuperTokens access-token cookie");
        assert.equal(answer.headers.get("access-control-allow-origin"), WEBSITE);
        assert.equal(answer.headers.get("cache-control"), "no-store");
        const me = await client.session({ cookie: jar.header() });
        assert.equal(me.status, 200);
        assert.equal(me.body.userId, "auth0|alice");
        // MIGRATION_COPY_CLAIMS=scope: the chosen claim is copied, nothing else from the Auth0 token.
        const payload = me.body.accessTokenPayload as Record<string, unknown>;
        assert.equal(payload.scope, "openid profile email offline_access");
        assert.equal(payload.azp, undefined);
      });

      test("an RFC 9068 token (typ at+jwt, client_id, aud string) gives a header-mode session", async () => {
        const rfc = tenant.accessTokenClaims({ user: "google-oauth2|1234567890", profile: "rfc9068" });
        const token = await tenant.signAccessToken(
          { ...rfc, aud: tenant.audience },
          { header: { typ: "at+jwt" } },
        );
        const answer = await client.migrate({ access_token: token });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.userId, "google-oauth2|1234567890");
        const accessToken = answer.headers.get("st-access-token");
        assert.ok(accessToken, "header mode answers with st-access-token");
        assert.ok(answer.headers.get("front-token"));
        assert.equal(answer.headers.get("set-cookie"), null);
        const me = await client.session({ authorization: `Bearer ${accessToken}` });
        assert.equal(me.status, 200);
        assert.equal(me.body.userId, "google-oauth2|1234567890");
        // What supertokens-web-js does in header mode once the access token expires: new tokens, in headers.
        const refreshToken = answer.headers.get("st-refresh-token");
        assert.ok(refreshToken, "header mode answers with st-refresh-token");
        const refreshed = await client.refreshInHeaderMode(refreshToken);
        assert.equal(refreshed.status, 200);
        const rotated = refreshed.headers.get("st-refresh-token");
        assert.ok(rotated && rotated !== refreshToken, "a new refresh token");
        const again = await client.session({
          authorization: `Bearer ${refreshed.headers.get("st-access-token")}`,
        });
        assert.equal(again.body.userId, "google-oauth2|1234567890");
      });

      test("both token profiles with both audience shapes, from real logins and as issued, are accepted", async () => {
        tenant.setAccessTokenProfile("rfc9068");
        try {
          const { access_token } = await tenant.login({ user: "rfc-login" });
          const answer = await client.migrateToken(access_token);
          assert.equal(answer.status, 200, JSON.stringify(answer.body));
          assert.equal(answer.body.userId, "auth0|rfc-login");
        } finally {
          tenant.setAccessTokenProfile("auth0");
        }
        for (const profile of ["auth0", "rfc9068"] as const) {
          for (const aud of [tenant.audience, [tenant.audience, `${tenant.issuer}userinfo`]]) {
            const user = `auth0|${profile}-${Array.isArray(aud) ? "array" : "string"}`;
            const issued = tenant.accessTokenClaims({ user, profile });
            const typ = profile === "rfc9068" ? "at+jwt" : "JWT";
            const token = await tenant.signAccessToken({ ...issued, aud }, { header: { typ } });
            const answer = await client.migrate({ access_token: token });
            assert.equal(
              answer.status,
              200,
              `${profile} ${JSON.stringify(aud)}: ${JSON.stringify(answer.body)}`,
            );
            assert.equal(answer.body.userId, user);
          }
        }
      });

      test("GET /session without a session is 401", async () => {
        assert.equal((await client.session({})).status, 401);
      });

      test("a second migration with the same user's session answers OK without a new session", async () => {
        const jar = new CookieJar();
        const first = await client.migrateToken(await tenant.signAccessToken(claims("auth0|dave")), jar);
        assert.equal(first.status, 200);
        const sessions = core.sessions().filter((s) => s.userId === "auth0|dave" && !s.revoked).length;
        const again = await client.migrateToken(await tenant.signAccessToken(claims("auth0|dave")), jar);
        assert.equal(again.status, 200);
        assert.deepEqual(again.body, {
          status: "OK",
          message: "A session for this user already exists.",
          userId: "auth0|dave",
        });
        assert.equal(again.headers.get("set-cookie"), null);
        assert.equal(core.sessions().filter((s) => s.userId === "auth0|dave" && !s.revoked).length, sessions);
      });

      test("a migration over another user's session is refused with 409", async () => {
        const jar = new CookieJar();
        assert.equal(
          (await client.migrateToken(await tenant.signAccessToken(claims("auth0|erin")), jar)).status,
          200,
        );
        const answer = await client.migrateToken(await tenant.signAccessToken(claims("auth0|mallory")), jar);
        assert.equal(answer.status, 409);
        assert.equal(answer.body.status, "SESSION_EXISTS_FOR_ANOTHER_USER");
        assert.equal(core.sessions().filter((s) => s.userId === "auth0|mallory").length, 0);
        assert.equal((await client.session({ cookie: jar.header() })).body.userId, "auth0|erin");
      });

      test("a session whose access token expired is 401 TRY_REFRESH_TOKEN, never swapped for another user", async () => {
        // A short-lived access token for this one session; its refresh token still lives for 100 days.
        const jar = new CookieJar();
        core.setAccessTokenValidity(0.5);
        let first: Answer;
        try {
          first = await client.migrateToken(await tenant.signAccessToken(claims("auth0|grace")), jar);
        } finally {
          core.setAccessTokenValidity(3600);
        }
        assert.equal(first.status, 200);
        const accessToken = jar.cookies.get("sAccessToken") ?? "";
        const { exp } = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString()) as {
          exp: number;
        };
        await sleep(Math.max(0, exp * 1000 - Date.now()) + 50);
        const trying = {
          status: "TRY_REFRESH_TOKEN",
          message: "The session has expired; refresh it and retry.",
        };
        // Another user's token: no new session, and grace's session is left alone.
        const other = await client.migrateToken(await tenant.signAccessToken(claims("auth0|ivan")), jar);
        assert.equal(other.status, 401);
        assert.deepEqual(other.body, trying);
        assert.equal(other.headers.get("set-cookie"), null);
        assert.equal(core.sessions().filter((s) => s.userId === "auth0|ivan").length, 0);
        const live = () => core.sessions().filter((s) => s.userId === "auth0|grace" && !s.revoked).length;
        assert.equal(live(), 1);
        // The same user is told to refresh too: only a fresh access token says whose session it is.
        const same = await client.migrateToken(await tenant.signAccessToken(claims("auth0|grace")), jar);
        assert.equal(same.status, 401);
        assert.deepEqual(same.body, trying);
        // After the refresh the front-end SDK does on any 401, the users are compared as usual.
        assert.equal(await client.refresh(jar), 200);
        const refused = await client.migrateToken(await tenant.signAccessToken(claims("auth0|ivan")), jar);
        assert.equal(refused.status, 409);
        const again = await client.migrateToken(await tenant.signAccessToken(claims("auth0|grace")), jar);
        assert.equal(again.status, 200);
        assert.equal(again.body.message, "A session for this user already exists.");
        assert.equal(live(), 1);
      });

      test("stale, foreign or malformed SuperTokens credentials never cause a 500: a new session replaces them", async () => {
        const token = await tenant.signAccessToken(claims("auth0|frank"));
        const oddHeaders: Record<string, string>[] = [
          { "st-auth-mode": "bogus" },
          { cookie: "sAccessToken=garbage; sRefreshToken=x" },
          { authorization: "Bearer a.b.c" },
          { authorization: `Bearer ${token}` },
          { rid: "anti-csrf", "anti-csrf": "x" },
          { cookie: `sAccessToken=${"x".repeat(4000)}` },
          // Not URI-encoded: another app's cookie on the same domain, or a mangled one of SuperTokens.
          { cookie: "other-app=%E0%A4%A; sAccessToken=%" },
        ];
        for (const headers of oddHeaders) {
          const answer = await client.migrate({ access_token: token }, { headers });
          assert.equal(answer.status, 200, JSON.stringify(headers));
          assert.equal(answer.body.message, "Session created.");
        }
      });

      test("another app's cookie that is not URI-encoded breaks neither SuperTokens' refresh nor the session route", async () => {
        // A browser sends every cookie of the domain; one the app does not own must not lock the user out.
        const jar = new CookieJar();
        const answer = await client.migrateToken(await tenant.signAccessToken(claims("auth0|judy")), jar);
        assert.equal(answer.status, 200);
        jar.cookies.set("other-app", "%E0%A4%A");
        const session = await client.session({ cookie: jar.header() });
        assert.equal(session.status, 200, JSON.stringify(session.body));
        assert.equal(session.body.userId, "auth0|judy");
        const before = jar.cookies.get("sRefreshToken");
        assert.equal(await client.refresh(jar), 200);
        assert.notEqual(jar.cookies.get("sRefreshToken"), before, "the refresh token was rotated");
      });

      test("the website's script may read SuperTokens' answer headers (CORS exposes them), in both modes", async () => {
        // supertokens-web-js reads front-token (and, in header mode, the tokens) from cross-origin answers: a
        // framework's CORS layer that drops Access-Control-Expose-Headers would leave it blind to the new session.
        const exposed = (headers: Headers) =>
          (headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/\s*,\s*/);
        const jar = new CookieJar();
        const cookieMode = await client.migrateToken(await tenant.signAccessToken(claims("auth0|lee")), jar);
        assert.equal(cookieMode.status, 200);
        assert.ok(exposed(cookieMode.headers).includes("front-token"), "migration, cookie mode");
        const refreshed = await client.refreshWithHeaders(jar);
        assert.equal(refreshed.status, 200);
        assert.ok(exposed(refreshed.headers).includes("front-token"), "refresh, cookie mode");
        const headerMode = await client.migrate({
          access_token: await tenant.signAccessToken(claims("auth0|lee")),
        });
        assert.equal(headerMode.status, 200);
        for (const name of ["front-token", "st-access-token", "st-refresh-token"]) {
          assert.ok(exposed(headerMode.headers).includes(name), `migration, header mode: ${name}`);
        }
      });

      test("sign-out through SuperTokens' own route ends the session in the core and clears both cookies", async () => {
        const jar = new CookieJar();
        assert.equal(
          (await client.migrateToken(await tenant.signAccessToken(claims("auth0|kim")), jar)).status,
          200,
        );
        const answer = await client.signOut(jar);
        assert.equal(answer.status, 200);
        const cleared = answer.setCookies
          .filter((line) => /expires=thu, 01 jan 1970/i.test(line))
          .map((line) => line.split("=")[0]);
        assert.deepEqual(cleared.sort(), ["sAccessToken", "sRefreshToken"]);
        assert.equal(core.sessions().filter((s) => s.userId === "auth0|kim" && !s.revoked).length, 0);
      });

      test("user-id mapping: the Auth0 sub resolves to the mapped SuperTokens user", async () => {
        const user = core.createUser({ email: "carol@example.com" });
        const mapped = await cdi(core, "/recipe/userid/map", {
          superTokensUserId: user.id,
          externalUserId: "auth0|carol",
        });
        assert.equal(mapped.status, "OK");
        // A session the app created for the SuperTokens user (say, after a password login) …
        const created = await cdi(core, "/public/recipe/session", {
          userId: user.id,
          userDataInJWT: {},
          userDataInDatabase: {},
          enableAntiCsrf: false,
        });
        const accessToken = (created.accessToken as { token: string }).token;
        // … is the same person as the Auth0 user: OK, no new session, no 409.
        const token = await tenant.signAccessToken(claims("auth0|carol"));
        const same = await client.migrate(
          { access_token: token },
          { headers: { authorization: `Bearer ${accessToken}` } },
        );
        assert.equal(same.status, 200, JSON.stringify(same.body));
        assert.equal(same.body.message, "A session for this user already exists.");
        // Without a session, the new session belongs to the mapped user, reported by its external id.
        const fresh = await client.migrate({ access_token: token });
        assert.equal(fresh.status, 200);
        assert.equal(fresh.body.userId, "auth0|carol");
        const me = await client.session({ authorization: `Bearer ${fresh.headers.get("st-access-token")}` });
        assert.equal(me.body.userId, "auth0|carol");
        assert.equal(core.sessions().filter((s) => s.userId === "auth0|carol" && !s.revoked).length, 2);
      });

      test("verifies many tokens with the key set it downloaded once", async () => {
        assert.equal(
          (await client.migrateToken(await tenant.signAccessToken(claims("auth0|warm")))).status,
          200,
        );
        const downloads = tenant.stats.jwksRequests;
        for (let i = 0; i < 5; i++) {
          const answer = await client.migrateToken(await tenant.signAccessToken(claims(`auth0|steady${i}`)));
          assert.equal(answer.status, 200);
        }
        assert.equal(tenant.stats.jwksRequests, downloads);
      });

      test("a flood of unknown key ids costs at most one JWKS download per cooldown", async () => {
        const downloads = tenant.stats.jwksRequests;
        // One after another, each answered before the next: requests in flight at once would share one download
        // whatever the cooldown, so only this order shows it (this server keeps the default 30 s).
        for (let i = 0; i < 6; i++) {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice"), { header: { kid: `made-up-${i}` } }),
          );
        }
        assert.ok(
          tenant.stats.jwksRequests - downloads <= 1,
          `${tenant.stats.jwksRequests - downloads} downloads`,
        );
      });

      describe("refuses forged and misused tokens with one 401 body", () => {
        test("alg none", async () => {
          await client.expectInvalid(unsignedToken(claims("auth0|alice")), "bad_alg");
        });
        test("HS256 signed with the tenant's RSA public key", async () => {
          await client.expectInvalid(
            await hs256WithPublicKey(tenant.issuer, claims("auth0|alice")),
            "bad_alg",
          );
        });
        test("a key the tenant never published, with the tenant's kid", async () => {
          await client.expectInvalid(
            await wrongKeyToken(tenant.issuer, claims("auth0|alice")),
            "bad_signature",
          );
        });
        for (const header of ["jku", "x5u"] as const) {
          test(`a ${header} header pointing at an attacker's key set, which is never fetched`, async () => {
            const attacker = await startAttackerJwks();
            try {
              const token = await attacker.sign(claims("auth0|alice"), {
                kid: "attacker-key",
                [header]: attacker.jwksUrl,
              });
              await client.expectInvalid(token);
              assert.equal(attacker.requests, 0);
            } finally {
              await attacker.stop();
            }
          });
        }
        test("an embedded jwk header with the attacker's key", async () => {
          const attacker = await startAttackerJwks();
          try {
            await client.expectInvalid(
              await attacker.sign(claims("auth0|alice"), { jwk: attacker.publicJwk }),
            );
            assert.equal(attacker.requests, 0);
          } finally {
            await attacker.stop();
          }
        });
        test("an unknown crit header parameter", async () => {
          // jose refuses to sign one, so the tenant's header is swapped by hand. The log shows the crit check, which
          // runs before the signature, refused it.
          const [, payload, signature] = (await tenant.signAccessToken(claims("auth0|alice"))).split(".");
          const header = { alg: "RS256", typ: "JWT", crit: ["x-hint"], "x-hint": 1 };
          const token = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${payload}.${signature}`;
          await client.expectInvalid(token, "unsupported");
        });
        test("a wrong issuer", async () => {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { iss: "https://evil.example.com/" })),
            "bad_iss",
          );
        });
        test("an issuer without its trailing slash", async () => {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { iss: tenant.url })),
            "bad_iss",
          );
        });
        test("a wrong audience, string or array", async () => {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { aud: "https://other.api/" })),
            "bad_aud",
          );
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { aud: [`${tenant.issuer}userinfo`] })),
            "bad_aud",
          );
        });
        test("an application outside AUTH0_CLIENT_IDS (azp or client_id)", async () => {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { azp: "other-app" })),
            "bad_client",
          );
          const rfc = tenant.accessTokenClaims({
            user: "auth0|alice",
            profile: "rfc9068",
            clientId: "other-app",
          });
          await client.expectInvalid(
            await tenant.signAccessToken(rfc, { header: { typ: "at+jwt" } }),
            "bad_client",
          );
        });
        test("an expired token", async () => {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { iat: now() - 120, exp: now() - 60 })),
            "expired",
          );
        });
        test("nbf in the future", async () => {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { nbf: now() + 300 })),
            "bad_nbf",
          );
        });
        test("a token without sub, or with a sub longer than 128 characters", async () => {
          const { sub: _sub, ...noSub } = claims("auth0|alice");
          await client.expectInvalid(await tenant.signAccessToken(noSub), "bad_sub");
          const longSub = `auth0|${"x".repeat(123)}`; // 129 characters
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice", { sub: longSub })),
            "bad_sub",
          );
        });
        test("a type that is not an access token", async () => {
          await client.expectInvalid(
            await tenant.signAccessToken(claims("auth0|alice"), { header: { typ: "logout+jwt" } }),
            "bad_typ",
          );
        });
        test("an ID token instead of an access token", async () => {
          const { id_token } = await tenant.login({ user: "alice" });
          await client.expectInvalid(id_token, "bad_aud");
        });
        test("an encrypted (5-part) token or an opaque token while opaque tokens are off", async () => {
          await client.expectInvalid(await encryptedToken(claims("auth0|alice")), "not_a_jws");
          const { access_token } = await tenant.login({ user: "alice", audience: null });
          await client.expectInvalid(access_token, "not_a_jws");
        });
      });

      test("a token issued too long ago is TOKEN_TOO_OLD, so the client fetches a fresh one", async () => {
        const token = await tenant.signAccessToken(
          claims("auth0|alice", { iat: now() - 3600, exp: now() + 3600 }),
        );
        const answer = await client.migrateToken(token);
        assert.equal(answer.status, 401);
        assert.equal(answer.body.status, "TOKEN_TOO_OLD");
      });

      describe("request checks (login CSRF and hygiene)", () => {
        const valid = () => tenant.signAccessToken(claims("auth0|alice"));
        test("a foreign Origin is 403 and gets no CORS grant", async () => {
          for (const origin of ["https://evil.example.com", "null", "http://127.0.0.1:5174"]) {
            const answer = await client.migrate({ access_token: await valid() }, { headers: { origin } });
            assert.equal(answer.status, 403, origin);
            assert.equal(answer.body.status, "FORBIDDEN_ORIGIN");
            assert.equal(answer.headers.get("access-control-allow-origin"), null);
            assert.equal(answer.headers.get("set-cookie"), null);
          }
        });
        test("CORS preflight: granted to the website with credentials and SuperTokens' headers, not to others", async () => {
          // The migration, and SuperTokens' refresh, which supertokens-web-js calls from the website just as well.
          for (const path of [
            target.migratePath ?? "/migrate-session",
            `${target.apiBasePath ?? "/auth"}/session/refresh`,
          ]) {
            await expectPreflight(path);
          }
        });
        async function expectPreflight(path: string): Promise<void> {
          const preflight = (origin: string) =>
            fetch(`${server.url}${path}`, {
              method: "OPTIONS",
              headers: {
                origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type,st-auth-mode,rid",
              },
            });
          const good = await preflight(WEBSITE);
          assert.ok(good.status < 300, `${path}: ${good.status}`);
          assert.equal(good.headers.get("access-control-allow-origin"), WEBSITE, path);
          assert.equal(good.headers.get("access-control-allow-credentials"), "true");
          const allowed = (good.headers.get("access-control-allow-headers") ?? "").toLowerCase();
          for (const name of [
            "content-type",
            "st-auth-mode",
            "rid",
            "anti-csrf",
            "fdi-version",
            "authorization",
          ]) {
            assert.ok(allowed.includes(name), `allows ${name}: ${allowed}`);
          }
          const evil = await preflight("https://evil.example.com");
          assert.notEqual(evil.headers.get("access-control-allow-origin"), "https://evil.example.com", path);
          assert.notEqual(evil.headers.get("access-control-allow-origin"), "*", path);
        }
        test("a request without Origin (not from a browser) is served", async () => {
          const answer = await client.migrate({ access_token: await valid() }, { headers: { origin: "" } });
          assert.equal(answer.status, 200);
        });
        test("text/plain, form and missing content types are 415", async () => {
          for (const type of [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "",
          ]) {
            const answer = await client.migrate(undefined, {
              headers: { "content-type": type },
              raw: JSON.stringify({ access_token: await valid() }),
            });
            assert.equal(answer.status, 415, type);
            assert.equal(answer.body.status, "UNSUPPORTED_MEDIA_TYPE");
          }
        });
        test("application/json with a charset is accepted", async () => {
          const answer = await client.migrate(
            { access_token: await valid() },
            { headers: { "content-type": "application/json; charset=utf-8" } },
          );
          assert.equal(answer.status, 200);
        });
        test("application/json with a charset other than UTF-8 is 415", async () => {
          for (const type of [
            "application/json; charset=latin1",
            "application/json; charset=ISO-8859-1",
            'application/json; charset="utf-16"',
          ]) {
            const answer = await client.migrate(
              { access_token: await valid() },
              { headers: { "content-type": type } },
            );
            assert.equal(answer.status, 415, type);
            assert.equal(answer.body.status, "UNSUPPORTED_MEDIA_TYPE", type);
          }
          // One rule everywhere: UTF-8 spelled "utf-8" (any case, quoted or not); Express's own parser refuses "utf8".
          for (const type of ['application/json; charset="UTF-8"', "application/json;charset=Utf-8"]) {
            const answer = await client.migrate(
              { access_token: await valid() },
              { headers: { "content-type": type } },
            );
            assert.equal(answer.status, 200, `${type}: ${JSON.stringify(answer.body)}`);
          }
          const utf8 = await client.migrate(
            { access_token: await valid() },
            { headers: { "content-type": "application/json; charset=utf8" } },
          );
          assert.equal(utf8.status, 415, "utf8 spelling");
        });
        test("malformed JSON is 400", async () => {
          const answer = await client.migrate(undefined, { raw: '{"access_token": "abc' });
          assert.equal(answer.status, 400);
          assert.equal(answer.body.status, "BAD_REQUEST");
        });
        test("a body without a string access_token is 400", async () => {
          for (const body of [{}, { access_token: 42 }, { access_token: "" }, { token: "x" }, [], "x"]) {
            const answer = await client.migrate(body);
            assert.equal(answer.status, 400, JSON.stringify(body));
            assert.equal(answer.body.status, "BAD_REQUEST");
          }
        });
        test("a body whose Content-Encoding does not decode is 400", async () => {
          const answer = await client.migrate(undefined, {
            headers: { "content-encoding": "gzip" },
            raw: "\u001f\u008bnot gzip, not JSON",
          });
          assert.equal(answer.status, 400);
          assert.equal(answer.body.status, "BAD_REQUEST");
        });
        test("a body over 16 KB is 413", async () => {
          const answer = await client.migrate({ access_token: "a".repeat(20 * 1024) });
          assert.equal(answer.status, 413);
          assert.equal(answer.body.status, "PAYLOAD_TOO_LARGE");
        });
        test("a chunked body over 16 KB is 413, not a reset", async () => {
          const body = JSON.stringify({ access_token: "a".repeat(20 * 1024) });
          const chunks = Array.from({ length: Math.ceil(body.length / 1024) }, (_, i) =>
            body.slice(i * 1024, (i + 1) * 1024),
          );
          const answer = await client.migrateChunked(chunks);
          assert.equal(answer.status, 413);
          assert.equal(answer.body.status, "PAYLOAD_TOO_LARGE");
        });
      });

      test("logs one line per attempt with outcome, reason and duration, and never a token", () => {
        const lines = logLines(server.output());
        assert.ok(lines.length >= 30, `${lines.length} log lines`);
        for (const line of lines) {
          assert.equal(typeof line.status, "string");
          assert.equal(typeof line.reason, "string");
          assert.equal(typeof line.durationMs, "number");
          assert.ok(["migrated", "already_migrated", "refused", "failed"].includes(String(line.outcome)));
        }
        const output = server.output();
        for (const token of client.tokens) {
          if (token.length > 20) assert.ok(!output.includes(token), "a token was logged");
        }
        assert.ok(lines.some((line) => line.reason === "bad_aud"));
        assert.ok(lines.some((line) => line.reason === "origin_not_allowed"));
      });
    });

    describe("a server behind a custom domain, with opaque tokens on", () => {
      let tenantB: Auth0Tenant;
      let proxy: Awaited<ReturnType<typeof startTenantProxy>>;
      let server: RunningServer;
      let client: Client;

      before(async () => {
        tenantB = await startAuth0Tenant();
        proxy = await startTenantProxy(tenantB.url);
        // Cold start while the tenant's key set is down.
        tenantB.setJwksAvailable(false);
        server = await target.start({
          ...baseEnv(tenantB, core),
          // The proxy plays the custom domain: keys and /userinfo come through it; both issuers are accepted.
          AUTH0_ISSUER_BASE_URL: proxy.issuer,
          AUTH0_CUSTOM_ISSUERS: tenantB.issuer,
          AUTH0_ALLOW_OPAQUE: "true",
          ALLOWED_ORIGINS: "https://admin.example.com",
          // The shortest allowed, so the rotation test need not wait the default 30 s for a refetch.
          AUTH0_JWKS_COOLDOWN: "1",
        });
        client = new Client(server, target);
      });
      after(async () => {
        await server?.stop();
        await proxy?.stop();
        await tenantB?.stop();
      });

      test("JWKS down at a cold start is 503 with Retry-After, and it recovers once the keys are back", async () => {
        const token = await tenantB.signAccessToken(tenantB.accessTokenClaims({ user: "alice" }));
        const down = await client.migrateToken(token);
        assert.equal(down.status, 503);
        assert.equal(down.body.status, "AUTH0_UNAVAILABLE");
        assert.ok(Number(down.headers.get("retry-after")) > 0);
        tenantB.setJwksAvailable(true);
        const up = await client.migrateToken(token);
        assert.equal(up.status, 200, JSON.stringify(up.body));
      });

      test("tokens from either configured issuer are accepted; no claims are copied by default", async () => {
        for (const iss of [tenantB.issuer, proxy.issuer]) {
          const token = await tenantB.signAccessToken({ ...tenantB.accessTokenClaims({ user: "bob" }), iss });
          const answer = await client.migrate({ access_token: token });
          assert.equal(answer.status, 200, iss);
          const me = await client.session({
            authorization: `Bearer ${answer.headers.get("st-access-token")}`,
          });
          const payload = me.body.accessTokenPayload as Record<string, unknown>;
          assert.equal(payload.scope, undefined);
          assert.equal(payload.azp, undefined);
        }
      });

      test("ALLOWED_ORIGINS adds origins beside WEBSITE_DOMAIN, for CORS and the Origin check", async () => {
        const token = await tenantB.signAccessToken(tenantB.accessTokenClaims({ user: "admin" }));
        for (const origin of ["https://admin.example.com", WEBSITE]) {
          const answer = await client.migrate({ access_token: token }, { headers: { origin } });
          assert.equal(answer.status, 200, origin);
          assert.equal(answer.headers.get("access-control-allow-origin"), origin);
        }
        const other = await client.migrate(
          { access_token: token },
          { headers: { origin: "https://example.com" } },
        );
        assert.equal(other.status, 403);
      });

      test("signing-key rotation: the new key is fetched once", async () => {
        await sleep(1100); // past the (test-shortened) cooldown since the last download
        await tenantB.rotateSigningKey();
        const downloads = tenantB.stats.jwksRequests;
        for (const user of ["rotated1", "rotated2", "rotated3"]) {
          const token = await tenantB.signAccessToken(tenantB.accessTokenClaims({ user }));
          assert.equal((await client.migrateToken(token)).status, 200);
        }
        assert.equal(tenantB.stats.jwksRequests - downloads, 1);
      });

      test("an opaque token is resolved through /userinfo, and the answer is cached", async () => {
        const { access_token } = await tenantB.login({ user: "opal", audience: null });
        assert.notEqual(access_token.split(".").length, 3);
        const calls = tenantB.stats.userinfoRequests;
        const jar = new CookieJar();
        const answer = await client.migrateToken(access_token, jar);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.userId, "auth0|opal");
        assert.equal((await client.session({ cookie: jar.header() })).body.userId, "auth0|opal");
        // A second tab posting the same token: no second /userinfo call.
        assert.equal((await client.migrateToken(access_token)).status, 200);
        assert.equal(tenantB.stats.userinfoRequests - calls, 1);
      });

      test("a token /userinfo refuses (made-up opaque, or 5-part JWE) is INVALID_TOKEN", async () => {
        await client.expectInvalid("x".repeat(43), "userinfo_refused");
        await client.expectInvalid(await encryptedToken({ sub: "auth0|alice" }), "userinfo_refused");
        await client.expectInvalid("not a token\r\nX-Injected: 1", "malformed_opaque");
      });

      test("/userinfo rate-limited (429) is AUTH0_UNAVAILABLE with Retry-After, not INVALID_TOKEN", async () => {
        const { access_token } = await tenantB.login({ user: "rita", audience: null });
        proxy.setUserinfoRateLimited(true);
        const limited = await client.migrateToken(access_token);
        assert.equal(limited.status, 503);
        assert.equal(limited.body.status, "AUTH0_UNAVAILABLE");
        assert.equal(limited.headers.get("retry-after"), "7");
        proxy.setUserinfoRateLimited(false);
        assert.equal((await client.migrateToken(access_token)).status, 200);
      });

      test("JWT tokens still take the JWT path only", async () => {
        // aud = only <issuer>userinfo: /userinfo would accept it, the JWT checks must not.
        const claims = { ...tenantB.accessTokenClaims({ user: "alice" }), aud: `${tenantB.issuer}userinfo` };
        await client.expectInvalid(await tenantB.signAccessToken(claims), "bad_aud");
      });
    });

    describe("configuration errors stop start-up with one line naming the variable", () => {
      const cases: [string, (env: Record<string, string>) => void][] = [
        ["AUTH0_AUDIENCE", (env) => delete env.AUTH0_AUDIENCE],
        ["AUTH0_ISSUER_BASE_URL", (env) => (env.AUTH0_ISSUER_BASE_URL = "http://auth.example.com/")],
        ["MIGRATION_MAX_TOKEN_AGE", (env) => (env.MIGRATION_MAX_TOKEN_AGE = "an hour")],
        // Some CORS layers (hapi's) would honour the wildcard for every subdomain, with credentials.
        ["ALLOWED_ORIGINS", (env) => (env.ALLOWED_ORIGINS = "https://*.example.com")],
      ];
      for (const [name, breakEnv] of cases) {
        test(name, async () => {
          const env = baseEnv(tenant, core);
          breakEnv(env);
          const error = await target.start(env).then(
            async (server) => {
              await server.stop();
              return undefined;
            },
            (reason: unknown) => reason,
          );
          assert.ok(error instanceof StartError, `expected the server to exit, got ${String(error)}`);
          assert.notEqual(error.exitCode, 0);
          const lines = error.output.trim().split("\n");
          assert.equal(lines.length, 1, error.output);
          assert.match(lines[0] ?? "", new RegExp(name));
          assert.doesNotMatch(error.output, /\n\s+at /);
        });
      }
    });
  });
}

/** A quick subset for the CLI's tests: one server start, the main success and refusal paths. */
export function contractSmokeSuite(target: ContractTarget): void {
  describe(`migration endpoint smoke: ${target.name}`, () => {
    let tenant: Auth0Tenant;
    let core: SupertokensCore;
    let server: RunningServer;
    let client: Client;

    before(async () => {
      [tenant, core] = await Promise.all([startAuth0Tenant(), startSupertokensCore()]);
      server = await target.start(baseEnv(tenant, core));
      client = new Client(server, target);
    });
    after(async () => {
      await server?.stop();
      await Promise.all([tenant?.stop(), core?.stop()]);
      await target.cleanup?.();
    });

    test("a real Auth0 login's token gives a session GET /session accepts", async () => {
      const jar = new CookieJar();
      const answer = await client.migrateToken((await tenant.login({ user: "alice" })).access_token, jar);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.userId, "auth0|alice");
      assert.equal((await client.session({ cookie: jar.header() })).body.userId, "auth0|alice");
    });
    test("forged and misdirected tokens are 401", async () => {
      const claims = tenant.accessTokenClaims({ user: "alice" });
      await client.expectInvalid(unsignedToken(claims));
      await client.expectInvalid(await tenant.signAccessToken({ ...claims, aud: "https://other.api/" }));
    });
    test("text/plain is 415 and a foreign Origin is 403", async () => {
      const token = await tenant.signAccessToken(tenant.accessTokenClaims({ user: "alice" }));
      const plain = await client.migrate(undefined, {
        headers: { "content-type": "text/plain" },
        raw: JSON.stringify({ access_token: token }),
      });
      assert.equal(plain.status, 415);
      const foreign = await client.migrate(
        { access_token: token },
        { headers: { origin: "https://evil.example.com" } },
      );
      assert.equal(foreign.status, 403);
    });
  });
}
