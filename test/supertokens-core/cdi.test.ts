// The development core over raw HTTP: CDI shapes and semantics, bad input, api-key, dev-only endpoints, main.ts.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";
import { type SupertokensCore, startSupertokensCore } from "../../dev/supertokens-core/index.js";
import { cdi, decodeJwt, sleep } from "./support.js";

let core: SupertokensCore;
let uri: string;

before(async () => {
  core = await startSupertokensCore();
  uri = core.connectionURI;
});

after(async () => {
  await core.stop();
});

interface Created {
  session: { handle: string; userId: string; recipeUserId: string; tenantId: string; userDataInJWT: object };
  accessToken: { token: string; expiry: number; createdTime: number };
  refreshToken: { token: string; expiry: number; createdTime: number };
  antiCsrfToken?: string;
}

async function createSession(
  userId: string,
  extra: Record<string, unknown> = {},
  path = "/public/recipe/session",
): Promise<Created> {
  const res = await cdi(uri, "POST", path, {
    body: {
      userId,
      userDataInJWT: {},
      userDataInDatabase: {},
      enableAntiCsrf: false,
      useDynamicSigningKey: true,
      ...extra,
    },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.status, "OK");
  return res.body as unknown as Created;
}

async function refresh(refreshToken: string, extra: Record<string, unknown> = {}) {
  const res = await cdi(uri, "POST", "/recipe/session/refresh", {
    body: { refreshToken, enableAntiCsrf: false, useDynamicSigningKey: true, ...extra },
  });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

async function verify(accessToken: string, extra: Record<string, unknown> = {}) {
  const res = await cdi(uri, "POST", "/recipe/session/verify", {
    body: { accessToken, doAntiCsrfCheck: false, enableAntiCsrf: false, checkDatabase: false, ...extra },
  });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

describe("discovery and keys", () => {
  test("/apiversion lists 5.4; /hello answers", async () => {
    const res = await cdi(uri, "GET", "/apiversion?apiDomain=http%3A%2F%2Flocalhost&websiteDomain=x");
    assert.equal(res.status, 200);
    assert.ok((res.body.versions as string[]).includes("5.4"));
    const hello = await cdi(uri, "GET", "/hello");
    assert.equal(hello.text, "Hello");
  });

  test("JWKS publishes RS256 keys (d-<ms> dynamic, s-<uuid> static) that verify the access tokens", async () => {
    const jwks = (await cdi(uri, "GET", "/.well-known/jwks.json")).body as unknown as JSONWebKeySet;
    const kids = jwks.keys.map((k) => String(k.kid));
    assert.equal(jwks.keys.length, 2);
    assert.ok(kids.some((kid) => /^d-\d{13}$/.test(kid)));
    assert.ok(kids.some((kid) => /^s-[0-9a-f-]{36}$/.test(kid)));
    for (const key of jwks.keys) {
      assert.deepEqual(Object.keys(key).sort(), ["alg", "e", "kid", "kty", "n", "use"]);
      assert.equal(key.alg, "RS256");
      assert.equal(key.use, "sig");
    }
    const keySet = createLocalJWKSet(jwks);
    const dynamic = await createSession("user-dyn", {
      userDataInJWT: { iss: "http://api.test/auth", plan: "pro" },
    });
    const verified = await jwtVerify(dynamic.accessToken.token, keySet);
    assert.match(String(verified.protectedHeader.kid), /^d-/);
    assert.equal(verified.protectedHeader.version, "5");
    assert.equal(verified.protectedHeader.typ, "JWT");
    assert.equal(verified.payload.sub, "user-dyn");
    assert.equal(verified.payload.plan, "pro");
    assert.equal(verified.payload.iss, "http://api.test/auth");
    assert.equal(typeof verified.payload.refreshTokenHash1, "string");
    assert.equal(verified.payload.exp, Math.floor(dynamic.accessToken.expiry / 1000));

    const fixed = await createSession("user-static", { useDynamicSigningKey: false });
    const verifiedStatic = await jwtVerify(fixed.accessToken.token, keySet);
    assert.match(String(verifiedStatic.protectedHeader.kid), /^s-/);
    // a refresh keeps the static key unless told otherwise
    const refreshed = await refresh(fixed.refreshToken.token, { useDynamicSigningKey: false });
    assert.match(String(decodeJwt((refreshed.accessToken as { token: string }).token).header.kid), /^s-/);
  });
});

describe("sessions", () => {
  test("create: CDI response shape, with or without tenant / appid prefixes", async () => {
    for (const path of ["/recipe/session", "/public/recipe/session", "/appid-public/public/recipe/session"]) {
      const created = await createSession(
        "user-shape",
        { userDataInJWT: { a: 1 }, userDataInDatabase: { b: 2 } },
        path,
      );
      assert.deepEqual(Object.keys(created).sort(), ["accessToken", "refreshToken", "session", "status"]);
      assert.deepEqual(created.session, {
        handle: created.session.handle,
        userId: "user-shape",
        recipeUserId: "user-shape",
        userDataInJWT: { a: 1 },
        tenantId: "public",
      });
      assert.match(created.session.handle, /^[0-9a-f-]{36}$/);
      assert.ok(created.accessToken.expiry - created.accessToken.createdTime === 3600 * 1000);
      assert.ok(created.refreshToken.expiry - created.refreshToken.createdTime === 100 * 24 * 3600 * 1000);
      const { payload } = decodeJwt(created.accessToken.token);
      assert.deepEqual(Object.keys(payload).sort(), [
        "a",
        "antiCsrfToken",
        "exp",
        "iat",
        "parentRefreshTokenHash1",
        "refreshTokenHash1",
        "rsub",
        "sessionHandle",
        "sub",
        "tId",
      ]);
      const info = await cdi(uri, "GET", `/recipe/session?sessionHandle=${created.session.handle}`);
      assert.equal(info.body.userId, "user-shape");
      assert.deepEqual(info.body.userDataInDatabase, { b: 2 });
      assert.deepEqual(info.body.userDataInJWT, { a: 1 });
      assert.equal(info.body.tenantId, "public");
      assert.equal(info.body.timeCreated, created.refreshToken.createdTime);
    }
    const unknown = await cdi(uri, "GET", "/recipe/session?sessionHandle=nope");
    assert.equal(unknown.body.status, "UNAUTHORISED");
  });

  test("a payload with a protected claim is refused with 400", async () => {
    const res = await cdi(uri, "POST", "/recipe/session", {
      body: {
        userId: "u",
        userDataInJWT: { sub: "someone-else" },
        userDataInDatabase: {},
        enableAntiCsrf: false,
      },
    });
    assert.equal(res.status, 400);
    assert.match(String(res.body.message), /protected field: sub/);
  });

  test('a "__proto__" claim stays plain data through create, verify and session information', async () => {
    const res = await cdi(uri, "POST", "/recipe/session", {
      rawBody:
        '{"userId":"user-proto","userDataInJWT":{"__proto__":{"polluted":true},"a":1},"userDataInDatabase":{},"enableAntiCsrf":false}',
    });
    assert.equal(res.status, 200, res.text);
    const token = String((res.body.accessToken as { token: string }).token);
    const verified = await verify(token, { checkDatabase: true });
    assert.equal(verified.status, "OK");
    assert.equal(verified.accessToken, undefined); // payload unchanged: no re-issue
    assert.deepEqual(
      JSON.stringify((verified.session as { userDataInJWT: object }).userDataInJWT),
      '{"__proto__":{"polluted":true},"a":1}',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("verify: OK locally valid token, TRY_REFRESH_TOKEN for garbage / expired, UNAUTHORISED after revoke", async () => {
    const created = await createSession("user-verify");
    const ok = await verify(created.accessToken.token);
    assert.equal(ok.status, "OK");
    assert.equal((ok.session as { userId: string }).userId, "user-verify");
    assert.equal(ok.accessToken, undefined);
    assert.equal((await verify("not.a.token")).status, "TRY_REFRESH_TOKEN");

    core.setAccessTokenValidity(0.5);
    const shortLived = await createSession("user-verify");
    core.setAccessTokenValidity(3600);
    await sleep(shortLived.accessToken.expiry - Date.now() + 20);
    const expired = await verify(shortLived.accessToken.token);
    assert.equal(expired.status, "TRY_REFRESH_TOKEN");
    assert.equal(expired.message, "Access token expired");

    const removed = await cdi(uri, "POST", "/public/recipe/session/remove", {
      body: { sessionHandles: [created.session.handle, "unknown-handle"] },
    });
    assert.deepEqual(removed.body.sessionHandlesRevoked, [created.session.handle]);
    assert.equal((await verify(created.accessToken.token)).status, "OK"); // stateless unless checkDatabase
    const checked = await verify(created.accessToken.token, { checkDatabase: true });
    assert.equal(checked.status, "UNAUTHORISED");
  });

  test("refresh follows CDI 5.4 rotation: child tokens, promotion, theft on a retired token", async () => {
    const created = await createSession("user-rotation");
    const rt0 = created.refreshToken.token;
    const first = await refresh(rt0);
    assert.equal(first.status, "OK");
    const rt1 = (first.refreshToken as { token: string }).token;
    const at1 = (first.accessToken as { token: string }).token;
    assert.notEqual(rt1, rt0);
    assert.equal(
      decodeJwt(at1).payload.parentRefreshTokenHash1,
      decodeJwt(created.accessToken.token).payload.refreshTokenHash1,
    );

    // until the child is used, the parent still works (concurrent refreshes), as on a real core
    const again = await refresh(rt0);
    assert.equal(again.status, "OK");

    // using the child's access token promotes it: verify returns a fresh token without a parent hash
    const promoted = await verify(at1);
    assert.equal(promoted.status, "OK");
    const at1b = (promoted.accessToken as { token: string }).token;
    assert.equal(decodeJwt(at1b).payload.parentRefreshTokenHash1, null);
    assert.equal(decodeJwt(at1b).payload.refreshTokenHash1, decodeJwt(at1).payload.refreshTokenHash1);

    const second = await refresh(rt1);
    assert.equal(second.status, "OK");
    const rt2 = (second.refreshToken as { token: string }).token;

    const theft = await refresh(rt0);
    assert.deepEqual(theft, {
      status: "TOKEN_THEFT_DETECTED",
      session: { handle: created.session.handle, userId: "user-rotation", recipeUserId: "user-rotation" },
    });
    const afterTheft = await refresh(rt2);
    assert.equal(afterTheft.status, "UNAUTHORISED");
    assert.equal(
      core.sessions().find((s) => s.handle === created.session.handle)?.revokedReason,
      "token-theft",
    );

    assert.equal((await refresh("garbage")).status, "UNAUTHORISED");
    assert.equal((await refresh(`${rt2.slice(0, -2)}AA`)).status, "UNAUTHORISED");
  });

  test("anti-CSRF: token issued when enabled and checked by verify and refresh", async () => {
    const created = await createSession("user-csrf", { enableAntiCsrf: true });
    assert.equal(typeof created.antiCsrfToken, "string");
    assert.equal(decodeJwt(created.accessToken.token).payload.antiCsrfToken, created.antiCsrfToken);
    const csrf = { doAntiCsrfCheck: true, enableAntiCsrf: true };
    assert.equal((await verify(created.accessToken.token, csrf)).status, "TRY_REFRESH_TOKEN");
    assert.equal(
      (await verify(created.accessToken.token, { ...csrf, antiCsrfToken: "wrong" })).status,
      "TRY_REFRESH_TOKEN",
    );
    assert.equal(
      (await verify(created.accessToken.token, { ...csrf, antiCsrfToken: created.antiCsrfToken })).status,
      "OK",
    );
    assert.equal(
      (await verify(created.accessToken.token, { doAntiCsrfCheck: false, enableAntiCsrf: true })).status,
      "OK",
    );

    const refused = await refresh(created.refreshToken.token, { enableAntiCsrf: true });
    assert.equal(refused.status, "UNAUTHORISED");
    const refreshed = await refresh(created.refreshToken.token, {
      enableAntiCsrf: true,
      antiCsrfToken: created.antiCsrfToken,
    });
    assert.equal(refreshed.status, "OK");
    assert.equal(typeof refreshed.antiCsrfToken, "string");
    assert.notEqual(refreshed.antiCsrfToken, created.antiCsrfToken);

    const plain = await createSession("user-no-csrf");
    assert.equal(plain.antiCsrfToken, undefined);
    assert.equal(decodeJwt(plain.accessToken.token).payload.antiCsrfToken, null);
  });

  test("remove by userId and list a user's handles", async () => {
    const a = await createSession("user-remove");
    const b = await createSession("user-remove");
    await createSession("user-keep");
    const listed = await cdi(uri, "GET", "/public/recipe/session/user?userId=user-remove");
    assert.deepEqual(
      (listed.body.sessionHandles as string[]).sort(),
      [a.session.handle, b.session.handle].sort(),
    );
    const removed = await cdi(uri, "POST", "/public/recipe/session/remove", {
      body: { userId: "user-remove", revokeAcrossAllTenants: true },
    });
    assert.deepEqual(
      (removed.body.sessionHandlesRevoked as string[]).sort(),
      [a.session.handle, b.session.handle].sort(),
    );
    const empty = await cdi(uri, "GET", "/recipe/session/user?userId=user-remove");
    assert.deepEqual(empty.body.sessionHandles, []);
    const kept = await cdi(uri, "GET", "/recipe/session/user?userId=user-keep");
    assert.equal((kept.body.sessionHandles as string[]).length, 1);
  });
});

describe("users and user-id mapping", () => {
  test("/user/id, mapping create / get / info / remove, and sessions of mapped users", async () => {
    assert.deepEqual((await cdi(uri, "GET", "/user/id?userId=ghost")).body, {
      status: "UNKNOWN_USER_ID_ERROR",
    });
    const created = await cdi(uri, "POST", "/dev-only/users", { body: { email: "bob@example.com" } });
    const stId = String((created.body.user as { id: string }).id);
    const user = await cdi(uri, "GET", `/user/id?userId=${stId}`);
    assert.equal(user.body.status, "OK");
    assert.equal((user.body.user as { id: string }).id, stId);

    const map = await cdi(uri, "POST", "/recipe/userid/map", {
      body: { superTokensUserId: stId, externalUserId: "auth0|bob", externalUserIdInfo: "from auth0" },
    });
    assert.deepEqual(map.body, { status: "OK" });
    const byExternal = await cdi(uri, "GET", "/recipe/userid/map?userId=auth0%7Cbob&userIdType=EXTERNAL");
    assert.deepEqual(byExternal.body, {
      status: "OK",
      superTokensUserId: stId,
      externalUserId: "auth0|bob",
      externalUserIdInfo: "from auth0",
    });
    const wrongType = await cdi(uri, "GET", "/recipe/userid/map?userId=auth0%7Cbob&userIdType=SUPERTOKENS");
    assert.equal(wrongType.body.status, "UNKNOWN_MAPPING_ERROR");
    const mappedUser = await cdi(uri, "GET", "/user/id?userId=auth0%7Cbob");
    assert.equal((mappedUser.body.user as { id: string }).id, "auth0|bob");

    const info = await cdi(uri, "PUT", "/recipe/userid/external-user-id-info", {
      body: { userId: "auth0|bob", externalUserIdInfo: null },
    });
    assert.deepEqual(info.body, { status: "OK" });
    const afterInfo = await cdi(uri, "GET", `/recipe/userid/map?userId=${stId}`);
    assert.equal(afterInfo.body.externalUserIdInfo, undefined);

    const session = await createSession(stId);
    assert.equal(session.session.userId, "auth0|bob");
    assert.equal(session.session.recipeUserId, "auth0|bob");

    const blocked = await cdi(uri, "POST", "/recipe/userid/map/remove", { body: { userId: "auth0|bob" } });
    assert.equal(blocked.status, 400);
    assert.match(String(blocked.body.message), /already in use in Session recipe/);
    const forced = await cdi(uri, "POST", "/recipe/userid/map/remove", {
      body: { userId: "auth0|bob", force: true },
    });
    assert.deepEqual(forced.body, { status: "OK", didMappingExist: true });
    const again = await cdi(uri, "POST", "/recipe/userid/map/remove", { body: { userId: "auth0|bob" } });
    assert.deepEqual(again.body, { status: "OK", didMappingExist: false });
  });

  test("GET /dev-only/sessions?userId= lists a user's sessions, including revoked ones", async () => {
    const a = await createSession("user-dev-only", { userDataInDatabase: { note: "x" } });
    const b = await createSession("user-dev-only");
    await cdi(uri, "POST", "/recipe/session/remove", { body: { sessionHandles: [b.session.handle] } });
    const res = await cdi(uri, "GET", "/dev-only/sessions?userId=user-dev-only");
    assert.equal(res.body.status, "OK");
    const sessions = res.body.sessions as Array<Record<string, unknown>>;
    assert.equal(sessions.length, 2);
    const live = sessions.find((s) => s.handle === a.session.handle);
    assert.equal(live?.revoked, undefined);
    assert.deepEqual(live?.userDataInDatabase, { note: "x" });
    assert.equal(sessions.find((s) => s.handle === b.session.handle)?.revoked, true);
    const prefixed = await cdi(uri, "GET", "/public/dev-only/sessions?userId=user-dev-only");
    assert.equal(prefixed.status, 404);
  });
});

describe("bad input: clear JSON 4xx and the core keeps serving", () => {
  const cases: Array<{
    name: string;
    method: string;
    path: string;
    rawBody?: string;
    body?: unknown;
    status: number;
    message: RegExp;
  }> = [
    {
      name: "malformed JSON",
      method: "POST",
      path: "/recipe/session",
      rawBody: "{not json",
      status: 400,
      message: /not valid JSON/,
    },
    {
      name: "empty body",
      method: "POST",
      path: "/recipe/session/verify",
      rawBody: "",
      status: 400,
      message: /body is empty/,
    },
    {
      name: "array body",
      method: "POST",
      path: "/recipe/session/refresh",
      rawBody: "[1,2]",
      status: 400,
      message: /must be a JSON object/,
    },
    {
      name: "missing userId",
      method: "POST",
      path: "/recipe/session",
      body: { userDataInJWT: {}, userDataInDatabase: {}, enableAntiCsrf: false },
      status: 400,
      message: /'userId' is missing/,
    },
    {
      name: "wrong type",
      method: "POST",
      path: "/recipe/session",
      body: { userId: 42, userDataInJWT: {}, userDataInDatabase: {}, enableAntiCsrf: false },
      status: 400,
      message: /'userId' is invalid in JSON input: expected a string/,
    },
    {
      name: "payload not an object",
      method: "POST",
      path: "/recipe/session",
      body: { userId: "u", userDataInJWT: [], userDataInDatabase: {}, enableAntiCsrf: false },
      status: 400,
      message: /'userDataInJWT' is invalid/,
    },
    {
      name: "missing query param",
      method: "GET",
      path: "/user/id",
      status: 400,
      message: /'userId' is missing in GET request/,
    },
    {
      name: "both userId and sessionHandles",
      method: "POST",
      path: "/recipe/session/remove",
      body: { userId: "u", sessionHandles: [] },
      status: 400,
      message: /use one of userId or sessionHandles/,
    },
    {
      name: "bad userIdType",
      method: "GET",
      path: "/recipe/userid/map?userId=x&userIdType=NOPE",
      status: 400,
      message: /userIdType/,
    },
    {
      name: "unknown route",
      method: "GET",
      path: "/recipe/nothing-here",
      status: 404,
      message: /not an endpoint/,
    },
    {
      name: "wrong method",
      method: "DELETE",
      path: "/recipe/session",
      status: 405,
      message: /DELETE is not supported/,
    },
    {
      name: "unknown tenant",
      method: "POST",
      path: "/acme/recipe/session",
      body: {},
      status: 400,
      message: /tenant "acme"/,
    },
    {
      name: "unknown app",
      method: "GET",
      path: "/appid-other/apiversion",
      status: 400,
      message: /app "other"/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const res = await cdi(uri, c.method, c.path, {
        ...(c.rawBody === undefined ? {} : { rawBody: c.rawBody }),
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      assert.equal(res.status, c.status, res.text);
      assert.match(res.contentType, /^application\/json/);
      assert.match(String(res.body.message), c.message);
    });
  }

  test("unsupported cdi-version, oversized body, raw garbage request line", async () => {
    const version = await cdi(uri, "GET", "/user/id?userId=x", { headers: { "cdi-version": "1.0" } });
    assert.equal(version.status, 400);
    assert.match(String(version.body.message), /cdi-version 1.0 not supported/);
    const big = await cdi(uri, "POST", "/recipe/session", {
      rawBody: `{"userId":"${"x".repeat(1100 * 1024)}"}`,
    });
    assert.equal(big.status, 413);
    const net = await import("node:net");
    const socket = net.connect(core.port, "127.0.0.1");
    socket.write("THIS IS NOT HTTP\r\n\r\n");
    const [chunk] = (await once(socket, "data")) as [Buffer];
    assert.match(
      chunk.toString(),
      /^HTTP\/1.1 400[\s\S]*application\/json[\s\S]*"message":"Malformed HTTP request"/,
    );
    socket.destroy();
    const still = await cdi(uri, "GET", "/apiversion");
    assert.equal(still.status, 200);
    assert.ok(core.stats.requests > 0);
    assert.ok((core.stats.byPath["/recipe/session"] ?? 0) > 0);
  });
});

describe("api-key", () => {
  let keyed: SupertokensCore;
  before(async () => {
    keyed = await startSupertokensCore({ apiKey: "first-key-0123456789,second-key-0123456789" });
  });
  after(async () => {
    await keyed.stop();
  });

  test("CDI calls need a matching api-key; JWKS and /hello stay open", async () => {
    const missing = await cdi(keyed.connectionURI, "GET", "/apiversion");
    assert.equal(missing.status, 401);
    assert.match(String(missing.body.message), /Invalid API key: this core requires an `api-key` header/);
    const wrong = await cdi(keyed.connectionURI, "GET", "/user/id?userId=x", { apiKey: "wrong" });
    assert.equal(wrong.status, 401);
    assert.match(String(wrong.body.message), /does not match/);
    const devOnly = await cdi(keyed.connectionURI, "GET", "/dev-only/sessions");
    assert.equal(devOnly.status, 401);
    for (const apiKey of ["first-key-0123456789", "second-key-0123456789"]) {
      const ok = await cdi(keyed.connectionURI, "GET", "/apiversion", { apiKey });
      assert.equal(ok.status, 200);
    }
    assert.equal((await cdi(keyed.connectionURI, "GET", "/.well-known/jwks.json")).status, 200);
    assert.equal((await cdi(keyed.connectionURI, "GET", "/hello")).status, 200);
  });
});

describe("lifecycle", () => {
  test("options are validated", async () => {
    await assert.rejects(startSupertokensCore({ port: -1 }), /port must be an integer/);
    await assert.rejects(
      startSupertokensCore({ accessTokenValidity: 0 }),
      /accessTokenValidity must be a positive/,
    );
    await assert.rejects(startSupertokensCore({ apiKey: "" }), /apiKey must be a non-empty string/);
    assert.throws(() => core.setAccessTokenValidity(-5), /positive number of seconds/);
  });

  test("stop() closes the port and is idempotent", async () => {
    const temp = await startSupertokensCore();
    assert.equal((await cdi(temp.connectionURI, "GET", "/apiversion")).status, 200);
    await Promise.all([temp.stop(), temp.stop()]);
    await assert.rejects(fetch(`${temp.connectionURI}/apiversion`));
  });

  test("main.ts (npm run dev:core) prints the connection URI and stops cleanly on SIGINT", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "dev/supertokens-core/main.ts"], {
      cwd: new URL("../..", import.meta.url).pathname,
      env: { ...process.env, PORT: "0", API_KEY: "main-test-key", QUIET: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 15_000;
    while (!/connectionURI: (\S+)/.test(output) && Date.now() < deadline && child.exitCode === null)
      await sleep(25);
    const match = /connectionURI: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    assert.ok(match?.[1], `no connection URI in output: ${output}`);
    assert.match(output, /DEVELOPMENT core/);
    const ok = await cdi(match[1], "GET", "/apiversion", { apiKey: "main-test-key" });
    assert.equal(ok.status, 200);
    child.kill("SIGINT");
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0);
    assert.match(output, /SIGINT: stopping/);
  });
});
