// supertokens-node 24 + Express 5 against the development core (one supertokens.init for this file/process).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import supertokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import { type SupertokensCore, startSupertokensCore } from "../../dev/supertokens-core/index.js";
import { Client, decodeJwt, initSupertokens, sleep, startApp, type TestApp } from "./support.js";

let core: SupertokensCore;
let app: TestApp;

before(async () => {
  core = await startSupertokensCore();
  initSupertokens({ connectionURI: core.connectionURI });
  app = await startApp();
});

after(async () => {
  await app.stop();
  await core.stop();
});

function liveSessions(userId: string) {
  return core.sessions().filter((s) => s.userId === userId && s.revoked !== true);
}

async function login(client: Client, userId: string, payload: Record<string, unknown> = {}) {
  const res = await client.request("POST", "/login", { userId, payload });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res;
}

describe("createNewSession", () => {
  test("cookie mode: sAccessToken / sRefreshToken cookies and a front-token header; v5 token", async () => {
    const client = new Client(app.url, "cookie");
    const res = await login(client, "auth0|cookie-user", { role: "reader" });
    assert.deepEqual(res.body.userId, "auth0|cookie-user");
    const cookieNames = [...client.cookies.keys()].sort();
    assert.deepEqual(cookieNames, ["sAccessToken", "sRefreshToken"]);
    assert.equal(client.cookies.get("sRefreshToken")?.path, "/auth/session/refresh");
    assert.equal(res.headers.get("st-access-token"), null);
    const frontToken = res.headers.get("front-token");
    assert.ok(frontToken);
    const front = JSON.parse(Buffer.from(frontToken, "base64").toString("utf8")) as Record<string, unknown>;
    assert.equal(front.uid, "auth0|cookie-user");
    assert.equal((front.up as Record<string, unknown>).role, "reader");

    const { header, payload } = decodeJwt(client.currentAccessToken() ?? "");
    assert.equal(header.alg, "RS256");
    assert.equal(header.version, "5");
    assert.match(String(header.kid), /^d-\d+$/);
    assert.equal(payload.sub, "auth0|cookie-user");
    assert.equal(payload.rsub, "auth0|cookie-user");
    assert.equal(payload.tId, "public");
    assert.equal(payload.sessionHandle, res.body.handle);
    assert.equal(payload.parentRefreshTokenHash1, null);
    assert.equal(payload.role, "reader");
    assert.equal(payload.iss, "http://localhost:3001/auth");

    const live = liveSessions("auth0|cookie-user");
    assert.equal(live.length, 1);
    assert.equal(live[0]?.handle, res.body.handle);
    assert.deepEqual(live[0]?.userDataInJWT.role, "reader");
  });

  test("header mode: st-access-token / st-refresh-token headers and no cookies", async () => {
    const client = new Client(app.url, "header");
    const res = await login(client, "auth0|header-user");
    assert.equal(client.cookies.size, 0);
    assert.ok(client.accessToken);
    assert.ok(client.refreshToken);
    assert.ok(res.headers.get("front-token"));
    assert.equal(decodeJwt(client.accessToken).payload.sub, "auth0|header-user");
  });
});

for (const mode of ["cookie", "header"] as const) {
  describe(`verifySession, refresh, theft and signOut (${mode} mode)`, () => {
    test("protected route: 200 with the session's credentials, 401 without", async () => {
      const client = new Client(app.url, mode);
      await login(client, `auth0|verify-${mode}`);
      const ok = await client.request("GET", "/protected");
      assert.equal(ok.status, 200);
      assert.equal(ok.body.userId, `auth0|verify-${mode}`);
      const strict = await client.request("GET", "/protected-strict");
      assert.equal(strict.status, 200);

      const anonymous = new Client(app.url, mode);
      const denied = await anonymous.request("GET", "/protected");
      assert.equal(denied.status, 401);
      assert.equal(denied.body.message, "unauthorised");
    });

    test("a token with a forged signature is refused", async () => {
      const client = new Client(app.url, mode);
      await login(client, `auth0|forged-${mode}`);
      const token = client.currentAccessToken() ?? "";
      const [h, p] = token.split(".");
      client.setAccessToken(`${h}.${p}.${Buffer.from("not-a-signature").toString("base64url")}`);
      const res = await client.request("GET", "/protected");
      assert.equal(res.status, 401);
      assert.equal(res.body.message, "try refresh token");
    });

    test("refresh rotates both tokens; the new access token works", async () => {
      const client = new Client(app.url, mode);
      await login(client, `auth0|refresh-${mode}`);
      const oldAccess = client.currentAccessToken();
      const oldRefresh = client.currentRefreshToken();
      const res = await client.request("POST", "/auth/session/refresh");
      assert.equal(res.status, 200);
      assert.ok(res.headers.get("front-token"));
      assert.notEqual(client.currentAccessToken(), oldAccess);
      assert.notEqual(client.currentRefreshToken(), oldRefresh);
      const { payload } = decodeJwt(client.currentAccessToken() ?? "");
      assert.equal(typeof payload.parentRefreshTokenHash1, "string");
      const ok = await client.request("GET", "/protected");
      assert.equal(ok.status, 200);
      assert.equal(ok.body.userId, `auth0|refresh-${mode}`);
      // the verify call promoted the new refresh token and handed out a token without a parent hash
      assert.equal(decodeJwt(client.currentAccessToken() ?? "").payload.parentRefreshTokenHash1, null);
    });

    test("reusing the old refresh token after rotation is token theft: refused and the session revoked", async () => {
      const userId = `auth0|theft-${mode}`;
      const client = new Client(app.url, mode);
      const { body } = await login(client, userId);
      const stolen = client.currentRefreshToken() ?? "";
      assert.equal((await client.request("POST", "/auth/session/refresh")).status, 200);
      assert.equal((await client.request("GET", "/protected")).status, 200); // legit client uses its new token
      const newRefresh = client.currentRefreshToken() ?? "";

      const attacker = new Client(app.url, mode);
      attacker.setRefreshToken(stolen);
      const theft = await attacker.request("POST", "/auth/session/refresh");
      assert.equal(theft.status, 401);
      assert.equal(theft.body.message, "token theft detected");

      const ended = core.sessions().find((s) => s.handle === body.handle);
      assert.equal(ended?.revoked, true);
      assert.equal(ended?.revokedReason, "token-theft");
      assert.equal(liveSessions(userId).length, 0);
      // the legitimate client is logged out too: database-checked routes and its refresh token are refused
      assert.equal((await client.request("GET", "/protected-strict")).status, 401);
      client.setRefreshToken(newRefresh);
      assert.equal((await client.request("POST", "/auth/session/refresh")).status, 401);
    });

    test("signOut revokes the session in the core", async () => {
      const userId = `auth0|signout-${mode}`;
      const client = new Client(app.url, mode);
      const { body } = await login(client, userId);
      const access = client.currentAccessToken() ?? "";
      const refresh = client.currentRefreshToken() ?? "";
      const res = await client.request("POST", "/auth/signout");
      assert.equal(res.status, 200);
      assert.equal(res.body.status, "OK");
      assert.equal(liveSessions(userId).length, 0);
      assert.equal(core.sessions().find((s) => s.handle === body.handle)?.revokedReason, "revoked");
      client.setAccessToken(access);
      assert.equal((await client.request("GET", "/protected-strict")).status, 401);
      client.setRefreshToken(refresh);
      assert.equal((await client.request("POST", "/auth/session/refresh")).status, 401);
    });
  });
}

describe("access token expiry", () => {
  test("short validity: 401 try refresh token after expiry, then refresh gives a working token", async () => {
    // 2 s: exp is whole seconds, so the token lives between 1 and 2 s
    core.setAccessTokenValidity(2);
    try {
      const client = new Client(app.url, "cookie");
      await login(client, "auth0|short-lived");
      const token = client.currentAccessToken() ?? "";
      const { payload } = decodeJwt(token);
      assert.ok(Number(payload.exp) - Number(payload.iat) <= 2);
      assert.equal((await client.request("GET", "/protected")).status, 200);
      await sleep(Number(payload.exp) * 1000 - Date.now() + 50);
      const expired = await client.request("GET", "/protected");
      assert.equal(expired.status, 401);
      assert.equal(expired.body.message, "try refresh token");
      const refreshed = await client.request("POST", "/auth/session/refresh");
      assert.equal(refreshed.status, 200);
      const ok = await client.request("GET", "/protected");
      assert.equal(ok.status, 200);
      assert.equal(ok.body.userId, "auth0|short-lived");
    } finally {
      core.setAccessTokenValidity(3600);
    }
  });
});

describe("user-id mapping and users", () => {
  test("getUser: unknown ids (and ids that only have sessions) are undefined", async () => {
    assert.equal(await supertokens.getUser("auth0|nobody"), undefined);
    await login(new Client(app.url, "cookie"), "auth0|session-only");
    assert.equal(await supertokens.getUser("auth0|session-only"), undefined);
  });

  test("a session for a mapped external id, or for its SuperTokens id, belongs to the external id", async () => {
    const { id: superTokensUserId } = core.createUser({ email: "alice@example.com" });
    const externalUserId = "auth0|alice-mapped";
    const created = await supertokens.createUserIdMapping({ superTokensUserId, externalUserId });
    assert.equal(created.status, "OK");
    const mapping = await supertokens.getUserIdMapping({ userId: externalUserId });
    assert.equal(mapping.status, "OK");
    assert.equal(mapping.status === "OK" && mapping.superTokensUserId, superTokensUserId);

    const user = await supertokens.getUser(superTokensUserId);
    assert.equal(user?.id, externalUserId);
    assert.equal(user?.loginMethods[0]?.recipeUserId.getAsString(), externalUserId);
    assert.deepEqual(user?.emails, ["alice@example.com"]);

    for (const loginAs of [externalUserId, superTokensUserId]) {
      const client = new Client(app.url, "cookie");
      const res = await login(client, loginAs);
      assert.equal(res.body.userId, externalUserId);
      assert.equal(res.body.recipeUserId, externalUserId);
      const { payload } = decodeJwt(client.currentAccessToken() ?? "");
      assert.equal(payload.sub, externalUserId);
      assert.equal(payload.rsub, externalUserId);
      const protectedRes = await client.request("GET", "/protected");
      assert.equal(protectedRes.body.userId, externalUserId);
    }
    assert.equal(liveSessions(externalUserId).length, 2);
    assert.deepEqual(
      (await Session.getAllSessionHandlesForUser(externalUserId)).sort(),
      liveSessions(externalUserId)
        .map((s) => s.handle)
        .sort(),
    );
  });

  test("mapping errors: unknown SuperTokens user, duplicate mapping, SuperTokens id already used by sessions", async () => {
    const unknown = await supertokens.createUserIdMapping({
      superTokensUserId: "00000000-0000-0000-0000-000000000000",
      externalUserId: "auth0|nope",
    });
    assert.equal(unknown.status, "UNKNOWN_SUPERTOKENS_USER_ID_ERROR");

    const { id } = core.createUser();
    assert.equal(
      (await supertokens.createUserIdMapping({ superTokensUserId: id, externalUserId: "auth0|dup" })).status,
      "OK",
    );
    const { id: other } = core.createUser();
    const duplicate = await supertokens.createUserIdMapping({
      superTokensUserId: other,
      externalUserId: "auth0|dup",
    });
    assert.deepEqual(duplicate, {
      status: "USER_ID_MAPPING_ALREADY_EXISTS_ERROR",
      doesSuperTokensUserIdExist: false,
      doesExternalUserIdExist: true,
    });

    const { id: busy } = core.createUser();
    await login(new Client(app.url, "cookie"), busy);
    await assert.rejects(
      supertokens.createUserIdMapping({ superTokensUserId: busy, externalUserId: "auth0|late" }),
      /status code: 400 and message: .*UserId is already in use in Session recipe/,
    );
    assert.equal(
      (
        await supertokens.createUserIdMapping({
          superTokensUserId: busy,
          externalUserId: "auth0|late",
          force: true,
        })
      ).status,
      "OK",
    );
    const removed = await supertokens.deleteUserIdMapping({ userId: "auth0|dup" });
    assert.deepEqual(removed, { status: "OK", didMappingExist: true });
    assert.equal(
      (await supertokens.getUserIdMapping({ userId: "auth0|dup" })).status,
      "UNKNOWN_MAPPING_ERROR",
    );
  });
});

describe("session management through the SDK", () => {
  test("getSessionInformation, getAllSessionHandlesForUser and revokeAllSessionsForUser", async () => {
    const userId = "auth0|many-sessions";
    const first = await login(new Client(app.url, "cookie"), userId);
    await login(new Client(app.url, "header"), userId);
    const info = await Session.getSessionInformation(String(first.body.handle));
    assert.equal(info?.userId, userId);
    assert.equal(info?.tenantId, "public");
    assert.equal(await Session.getSessionInformation("no-such-handle"), undefined);

    const handles = await Session.getAllSessionHandlesForUser(userId);
    assert.equal(handles.length, 2);
    const revoked = await Session.revokeAllSessionsForUser(userId);
    assert.deepEqual(revoked.sort(), handles.sort());
    assert.deepEqual(await Session.getAllSessionHandlesForUser(userId), []);
  });

  test("createNewSessionWithoutRequestResponse, mergeIntoAccessTokenPayload and session data", async () => {
    const session = await Session.createNewSessionWithoutRequestResponse(
      "public",
      supertokens.convertToRecipeUserId("auth0|no-request"),
      { plan: "free" },
      { secret: 1 },
    );
    await session.mergeIntoAccessTokenPayload({ plan: "pro" });
    assert.equal(session.getAccessTokenPayload().plan, "pro");
    assert.equal(decodeJwt(session.getAccessToken()).payload.plan, "pro");
    await session.updateSessionDataInDatabase({ secret: 2 });
    const info = await Session.getSessionInformation(session.getHandle());
    assert.deepEqual(info?.sessionDataInDatabase, { secret: 2 });
    assert.equal(info?.customClaimsInAccessTokenPayload.plan, "pro");
  });
});
