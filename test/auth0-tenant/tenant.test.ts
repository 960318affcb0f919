// The development Auth0 tenant over real HTTP: discovery, tokens verified with jose like a backend would, switches,
// logout, refresh-token rotation, and bad input.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from "jose";
import { type Auth0Tenant, startAuth0Tenant } from "../../dev/auth0-tenant/index.js";

const form = (body: Record<string, string>) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(body).toString(),
});

function verifier(tenant: Auth0Tenant) {
  return createRemoteJWKSet(new URL(`${tenant.issuer}.well-known/jwks.json`));
}

async function jwksKids(tenant: Auth0Tenant): Promise<string[]> {
  const res = await fetch(`${tenant.issuer}.well-known/jwks.json`);
  assert.equal(res.status, 200);
  const { keys } = (await res.json()) as { keys: { kid: string; d?: string; p?: string }[] };
  for (const k of keys) assert.equal(k.d ?? k.p, undefined, "private key material published");
  return keys.map((k) => k.kid);
}

/** A minimal cookie-keeping user agent that does not follow redirects. */
class Agent {
  readonly cookies = new Map<string, string>();
  async fetch(url: string | URL, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }
}

function authorizeUrl(tenant: Auth0Tenant, extra: Record<string, string> = {}) {
  const u = new URL("/authorize", tenant.url);
  const params = {
    client_id: tenant.clientId,
    redirect_uri: "http://localhost:3000/",
    response_type: "code",
    scope: "openid profile",
    nonce: "n-0S6_WzA2Mj",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u;
}

/** Follows the tenant's redirects (submitting the login form as `user` if asked) up to the app's callback. */
async function toCallback(agent: Agent, tenant: Auth0Tenant, start: URL, user = "alice"): Promise<URL> {
  let res = await agent.fetch(start);
  for (let hop = 0; hop < 6; hop++) {
    assert.ok(res.status >= 300 && res.status < 400, `expected a redirect, got ${res.status}`);
    const next = new URL(res.headers.get("location") as string, tenant.url);
    await res.body?.cancel();
    if (next.origin !== new URL(tenant.url).origin) return next;
    res = next.pathname.startsWith("/login/")
      ? await agent.fetch(next, {
          ...form({ user }),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        })
      : await agent.fetch(next);
  }
  throw new Error("too many redirects");
}

describe("auth0 tenant (Node)", () => {
  let tenant: Auth0Tenant;
  before(async () => {
    tenant = await startAuth0Tenant();
  });
  after(() => tenant.stop());

  it("publishes discovery with Auth0's paths and a trailing-slash issuer", async () => {
    assert.match(tenant.issuer, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(tenant.url, tenant.issuer.slice(0, -1));
    const res = await fetch(`${tenant.issuer}.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const d = (await res.json()) as Record<string, unknown>;
    assert.equal(d.issuer, tenant.issuer);
    assert.equal(d.authorization_endpoint, `${tenant.issuer}authorize`);
    assert.equal(d.token_endpoint, `${tenant.issuer}oauth/token`);
    assert.equal(d.userinfo_endpoint, `${tenant.issuer}userinfo`);
    assert.equal(d.jwks_uri, `${tenant.issuer}.well-known/jwks.json`);
    assert.equal(d.revocation_endpoint, `${tenant.issuer}oauth/revoke`);
    assert.deepEqual(d.code_challenge_methods_supported, ["S256"]);
    assert.ok((d.response_modes_supported as string[]).includes("web_message"));
    assert.equal(tenant.clientId, "spa-test-client");
    assert.equal(tenant.audience, "https://api.example.com/");
  });

  it("login() gives an Auth0-profile JWT that jose accepts only with the exact issuer and audience", async () => {
    const tokens = await tenant.login({ user: "alice" });
    assert.equal(tokens.token_type, "Bearer");
    assert.equal(tokens.expires_in, 3600);
    assert.equal(typeof tokens.refresh_token, "string");
    const jwks = verifier(tenant);
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: tenant.issuer,
      audience: tenant.audience,
      algorithms: ["RS256"],
    });
    assert.equal(protectedHeader.typ, "JWT");
    assert.equal(typeof protectedHeader.kid, "string");
    assert.deepEqual(Object.keys(payload).sort(), ["aud", "azp", "exp", "iat", "iss", "scope", "sub"]);
    assert.equal(payload.sub, "auth0|alice");
    assert.deepEqual(payload.aud, [tenant.audience, `${tenant.issuer}userinfo`]);
    assert.equal(payload.azp, tenant.clientId);
    assert.equal(payload.scope, "openid profile email offline_access");
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 3600);

    await assert.rejects(
      jwtVerify(tokens.access_token, jwks, { issuer: tenant.issuer, audience: "https://other.example.com/" }),
      (e) => e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "aud",
    );
    await assert.rejects(
      jwtVerify(tokens.access_token, jwks, { issuer: tenant.url, audience: tenant.audience }),
      (e) => e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "iss",
    );

    const id = decodeJwt(tokens.id_token);
    assert.equal(id.iss, tenant.issuer);
    assert.equal(id.aud, tenant.clientId);
    assert.equal(id.email, "alice@example.com");
    assert.equal(id.name, "Alice Anderson");
    assert.equal(decodeProtectedHeader(tokens.id_token).alg, "RS256");
  });

  it("issues an opaque access token without audience; /userinfo accepts it and refuses garbage", async () => {
    const before = tenant.stats.userinfoRequests;
    const tokens = await tenant.login({
      user: "google-oauth2|1234567890",
      audience: null,
      scope: "openid email",
    });
    assert.equal(tokens.access_token.split(".").length, 1, "opaque, not a JWT");
    assert.equal(tokens.refresh_token, undefined, "no offline_access: no refresh token");
    const ok = await fetch(`${tenant.url}/userinfo`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), {
      sub: "google-oauth2|1234567890",
      email: "grace.green@example.com",
      email_verified: true,
    });
    for (const garbage of ["not-a-token", "a.b.c", `${tokens.access_token}x`]) {
      const bad = await fetch(`${tenant.url}/userinfo`, { headers: { Authorization: `Bearer ${garbage}` } });
      assert.equal(bad.status, 401, garbage);
      assert.match(bad.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
      await bad.body?.cancel();
    }
    assert.equal(tenant.stats.userinfoRequests, before + 4);
  });

  it("accepts the API JWT at /userinfo (its aud includes <issuer>userinfo), as Auth0 does", async () => {
    const { access_token } = await tenant.login({ user: "bob", scope: "openid profile" });
    const res = await fetch(`${tenant.url}/userinfo`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.sub, "auth0|bob");
    assert.equal(body.name, "Bob Baker");
    assert.equal(body.email, undefined, "email scope not granted");

    const forged = await tenant.signAccessToken({
      ...tenant.accessTokenClaims({ user: "bob" }),
      aud: tenant.audience,
    });
    const wrongAud = await fetch(`${tenant.url}/userinfo`, {
      headers: { Authorization: `Bearer ${forged}` },
    });
    assert.equal(wrongAud.status, 401);
    await wrongAud.body?.cancel();
  });

  it("issues a refresh token only for offline_access, and rotates it: a reused one gets invalid_grant", async () => {
    const none = await tenant.login({ user: "carol", scope: "openid profile email" });
    assert.equal(none.refresh_token, undefined);

    const first = await tenant.login({ user: "carol" });
    const rt1 = first.refresh_token as string;
    const refresh = (refresh_token: string) =>
      fetch(
        `${tenant.url}/oauth/token`,
        form({ grant_type: "refresh_token", client_id: tenant.clientId, refresh_token }),
      );

    const r1 = await refresh(rt1);
    assert.equal(r1.status, 200);
    const second = (await r1.json()) as { access_token: string; refresh_token: string; id_token: string };
    assert.notEqual(second.refresh_token, rt1);
    const { payload } = await jwtVerify(second.access_token, verifier(tenant), {
      issuer: tenant.issuer,
      audience: tenant.audience,
    });
    assert.equal(payload.sub, "auth0|carol");

    const reuse = await refresh(rt1);
    assert.equal(reuse.status, 400);
    assert.equal(((await reuse.json()) as { error: string }).error, "invalid_grant");
    // Reuse detection revokes the whole family, like Auth0's refresh-token rotation.
    const family = await refresh(second.refresh_token);
    assert.equal(family.status, 400);
    assert.equal(((await family.json()) as { error: string }).error, "invalid_grant");
  });

  it("revokes a refresh token at /oauth/revoke", async () => {
    const { refresh_token } = await tenant.login({ user: "alice" });
    const revoke = await fetch(
      `${tenant.url}/oauth/revoke`,
      form({ client_id: tenant.clientId, token: refresh_token as string, token_type_hint: "refresh_token" }),
    );
    assert.equal(revoke.status, 200);
    await revoke.body?.cancel();
    const after = await fetch(
      `${tenant.url}/oauth/token`,
      form({
        grant_type: "refresh_token",
        client_id: tenant.clientId,
        refresh_token: refresh_token as string,
      }),
    );
    assert.equal(after.status, 400);
    assert.equal(((await after.json()) as { error: string }).error, "invalid_grant");
  });

  it("redirects /v2/logout to an allowed returnTo and refuses others", async () => {
    const ok = await fetch(
      `${tenant.url}/v2/logout?client_id=${tenant.clientId}&returnTo=${encodeURIComponent("http://localhost:3000/bye")}`,
      { redirect: "manual" },
    );
    assert.equal(ok.status, 302);
    assert.equal(ok.headers.get("location"), "http://localhost:3000/bye");

    const plain = await fetch(`${tenant.url}/v2/logout`, { redirect: "manual" });
    assert.equal(plain.status, 200);
    assert.match(await plain.text(), /logged out/i);

    const evil = await fetch(
      `${tenant.url}/v2/logout?returnTo=${encodeURIComponent("https://evil.example/")}`,
      {
        redirect: "manual",
      },
    );
    assert.equal(evil.status, 400);
    assert.equal(evil.headers.get("location"), null);
    await evil.body?.cancel();

    const unknown = await fetch(`${tenant.url}/v2/logout?client_id=nope`, { redirect: "manual" });
    assert.equal(unknown.status, 400);
    await unknown.body?.cancel();
  });

  it("/v2/logout ends the tenant session: silent authentication then answers login_required", async () => {
    const agent = new Agent();
    const first = await toCallback(agent, tenant, authorizeUrl(tenant), "bob");
    assert.equal(typeof first.searchParams.get("code"), "string");
    const silent = await toCallback(agent, tenant, authorizeUrl(tenant, { prompt: "none" }));
    assert.equal(
      typeof silent.searchParams.get("code"),
      "string",
      "session cookie gives silent authentication",
    );
    const stolen = new Map(agent.cookies);

    const out = await agent.fetch(`${tenant.url}/v2/logout?client_id=${tenant.clientId}`);
    assert.equal(out.status, 200);
    await out.body?.cancel();
    assert.ok(![...agent.cookies.keys()].some((k) => k.startsWith("_session")), "session cookie cleared");
    const after = await toCallback(agent, tenant, authorizeUrl(tenant, { prompt: "none" }));
    assert.equal(after.searchParams.get("error"), "login_required");

    // The old cookie value is dead on the server too.
    const replay = new Agent();
    for (const [k, v] of stolen) replay.cookies.set(k, v);
    const replayed = await toCallback(replay, tenant, authorizeUrl(tenant, { prompt: "none" }));
    assert.equal(replayed.searchParams.get("error"), "login_required");
  });

  it("refuses an unknown audience with Auth0's access_denied", async () => {
    await assert.rejects(
      tenant.login({ user: "alice", audience: "https://unknown.example/" }),
      /access_denied/,
    );
  });

  it("answers CORS preflights with the Auth0-Client header and refuses foreign origins on the token endpoint", async () => {
    const pre = await fetch(`${tenant.url}/oauth/token`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "auth0-client,content-type",
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), "http://localhost:5173");
    assert.match(pre.headers.get("access-control-allow-headers") ?? "", /auth0-client/i);
    // Like Auth0, credentials are allowed for the allowed origin (supertokens-web-js may add them).
    assert.equal(pre.headers.get("access-control-allow-credentials"), "true");

    const foreign = await fetch(`${tenant.url}/oauth/token`, {
      ...form({ grant_type: "refresh_token", client_id: tenant.clientId, refresh_token: "x" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
    });
    assert.equal(foreign.status, 400);
    assert.match(((await foreign.json()) as { error_description: string }).error_description, /origin/);
  });

  it("serves a login form, escapes what was typed, and refuses bad names", async () => {
    const authorize = new URL("/authorize", tenant.url);
    for (const [k, v] of Object.entries({
      client_id: tenant.clientId,
      redirect_uri: "http://localhost:3000/",
      response_type: "code",
      scope: "openid",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    })) {
      authorize.searchParams.set(k, v);
    }
    const start = await fetch(authorize, { redirect: "manual" });
    assert.equal(start.status, 303);
    const loginUrl = new URL(start.headers.get("location") as string, tenant.url);
    assert.match(loginUrl.pathname, /^\/login\/[\w-]+$/);
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

    const page = await fetch(loginUrl, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    const html = await page.text();
    assert.match(html, /<input[^>]+name="user"/);
    assert.match(html, /spa-test-client/);

    const bad = await fetch(loginUrl, {
      ...form({ user: "<script>alert(1)</script>" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", cookie },
      redirect: "manual",
    });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.ok(!badHtml.includes("<script>alert(1)"), "typed value must be escaped");
    assert.ok(badHtml.includes("&lt;script&gt;"));

    const json = await fetch(loginUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", cookie },
      body: '{"user":"alice"',
    });
    assert.equal(json.status, 415);
    await json.body?.cancel();

    const noCookie = await fetch(loginUrl, form({ user: "alice" }));
    assert.equal(noCookie.status, 400);
    assert.match(await noCookie.text(), /no longer valid/);
  });

  it("answers bad input with a clear 4xx and keeps serving", async () => {
    const malformedJson = await fetch(`${tenant.url}/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"grant_type":',
    });
    assert.equal(malformedJson.status, 400);
    assert.equal(((await malformedJson.json()) as { error: string }).error, "invalid_request");

    const badForm = await fetch(`${tenant.url}/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&code=%E0%A4%A&&&=",
    });
    assert.ok(badForm.status >= 400 && badForm.status < 500, `status ${badForm.status}`);
    const badFormBody = (await badForm.json()) as { error: string };
    assert.equal(typeof badFormBody.error, "string");

    const huge = await fetch(`${tenant.url}/oauth/token`, form({ grant_type: "x".repeat(100_000) }));
    assert.ok(huge.status >= 400 && huge.status < 500, `status ${huge.status}`);
    await huge.body?.cancel();

    const unknownRoute = await fetch(`${tenant.url}/api/v2/users`);
    assert.equal(unknownRoute.status, 404);
    await unknownRoute.body?.cancel();

    const unknownClientToken = await fetch(
      `${tenant.url}/oauth/token`,
      form({ grant_type: "authorization_code", client_id: "nope", code: "x", code_verifier: "y".repeat(43) }),
    );
    assert.equal(unknownClientToken.status, 401);
    assert.equal(((await unknownClientToken.json()) as { error: string }).error, "invalid_client");

    const unknownClientAuthorize = await fetch(`${tenant.url}/authorize?client_id=nope&response_type=code`, {
      redirect: "manual",
    });
    assert.equal(unknownClientAuthorize.status, 400);
    const page = await unknownClientAuthorize.text();
    assert.match(page, /invalid_client/);
    assert.doesNotMatch(page, /at .*\.js:\d+/, "no stack trace");

    const badCode = await fetch(
      `${tenant.url}/oauth/token`,
      form({
        grant_type: "authorization_code",
        client_id: tenant.clientId,
        code: "nope",
        code_verifier: "y".repeat(43),
        redirect_uri: "http://localhost:3000/",
      }),
    );
    assert.equal(badCode.status, 400);
    assert.equal(((await badCode.json()) as { error: string }).error, "invalid_grant");

    const still = await fetch(`${tenant.issuer}.well-known/openid-configuration`);
    assert.equal(still.status, 200);
    await still.body?.cancel();
  });

  it("signAccessToken/accessTokenClaims craft tokens like the issued ones, with the current key", async () => {
    const issued = decodeJwt((await tenant.login({ user: "alice" })).access_token);
    const claims = tenant.accessTokenClaims({ user: "alice" });
    assert.deepEqual(Object.keys(claims).sort(), Object.keys(issued).sort());
    assert.deepEqual(claims.aud, issued.aud);
    assert.equal(claims.azp, issued.azp);
    const crafted = await tenant.signAccessToken(claims);
    const { payload, protectedHeader } = await jwtVerify(crafted, verifier(tenant), {
      issuer: tenant.issuer,
      audience: tenant.audience,
    });
    assert.equal(payload.sub, "auth0|alice");
    assert.equal(protectedHeader.typ, "JWT");

    const expired = await tenant.signAccessToken(
      tenant.accessTokenClaims({ user: "bob", issuedAt: 1_000_000, expiresIn: 60 }),
      { header: { typ: "at+jwt" } },
    );
    assert.equal(decodeProtectedHeader(expired).typ, "at+jwt");
    await assert.rejects(
      jwtVerify(expired, verifier(tenant), { issuer: tenant.issuer, audience: tenant.audience }),
      joseErrors.JWTExpired,
    );
    assert.throws(() => tenant.accessTokenClaims({ user: "bad name!" }), TypeError);
  });
});

describe("auth0 tenant switches", () => {
  it("rfc9068 profile and access-token TTL", async () => {
    const tenant = await startAuth0Tenant({ accessTokenProfile: "rfc9068", accessTokenTTL: 120 });
    try {
      const { access_token, expires_in } = await tenant.login({ user: "bob" });
      assert.equal(expires_in, 120);
      const { payload, protectedHeader } = await jwtVerify(access_token, verifier(tenant), {
        issuer: tenant.issuer,
        audience: tenant.audience,
        typ: "at+jwt",
      });
      assert.equal(protectedHeader.typ, "at+jwt");
      assert.deepEqual(Object.keys(payload).sort(), [
        "aud",
        "client_id",
        "exp",
        "iat",
        "iss",
        "jti",
        "scope",
        "sub",
      ]);
      assert.equal(payload.client_id, tenant.clientId);
      assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 120);
      assert.deepEqual(
        Object.keys(tenant.accessTokenClaims({ user: "bob" })).sort(),
        Object.keys(payload).sort(),
      );

      tenant.setAccessTokenProfile("auth0");
      tenant.setAccessTokenTTL(30);
      const again = await tenant.login({ user: "bob" });
      assert.equal(again.expires_in, 30);
      assert.equal(decodeProtectedHeader(again.access_token).typ, "JWT");
      const p = decodeJwt(again.access_token);
      assert.equal(p.azp, tenant.clientId);
      assert.equal((p.exp ?? 0) - (p.iat ?? 0), 30);
      assert.throws(() => tenant.setAccessTokenTTL(0), TypeError);
      assert.throws(() => tenant.setAccessTokenProfile("other" as "auth0"), TypeError);
    } finally {
      await tenant.stop();
    }
  });

  it("rotateSigningKey changes the kid and keeps both keys published (or only the new one)", async () => {
    const tenant = await startAuth0Tenant();
    try {
      const oldToken = (await tenant.login({ user: "alice" })).access_token;
      const oldKid = decodeProtectedHeader(oldToken).kid;
      assert.deepEqual(await jwksKids(tenant), [oldKid]);

      await tenant.rotateSigningKey();
      const newToken = (await tenant.login({ user: "alice" })).access_token;
      const newKid = decodeProtectedHeader(newToken).kid;
      assert.notEqual(newKid, oldKid);
      assert.deepEqual(await jwksKids(tenant), [newKid, oldKid]);
      const opts = { issuer: tenant.issuer, audience: tenant.audience };
      await jwtVerify(newToken, verifier(tenant), opts);
      await jwtVerify(oldToken, verifier(tenant), opts);
      assert.equal(decodeProtectedHeader(await tenant.signAccessToken({ a: 1 })).kid, newKid);

      await tenant.rotateSigningKey({ keepOld: false });
      const kids = await jwksKids(tenant);
      assert.equal(kids.length, 1);
      assert.ok(!kids.includes(newKid as string) && !kids.includes(oldKid as string));
      await assert.rejects(jwtVerify(oldToken, verifier(tenant), opts), joseErrors.JWKSNoMatchingKey);
    } finally {
      await tenant.stop();
    }
  });

  it("setJwksAvailable(false) makes the JWKS endpoint answer 503, counted in stats", async () => {
    const tenant = await startAuth0Tenant();
    try {
      const before = tenant.stats.jwksRequests;
      tenant.setJwksAvailable(false);
      const down = await fetch(`${tenant.issuer}.well-known/jwks.json`);
      assert.equal(down.status, 503);
      await down.body?.cancel();
      const token = await tenant.signAccessToken(tenant.accessTokenClaims({ user: "alice" }));
      await assert.rejects(
        jwtVerify(token, verifier(tenant), { issuer: tenant.issuer, audience: tenant.audience }),
      );
      tenant.setJwksAvailable(true);
      assert.equal((await jwksKids(tenant)).length, 1);
      assert.equal(tenant.stats.jwksRequests, before + 3);
      const tokenBefore = tenant.stats.tokenRequests;
      await tenant.login({ user: "alice" });
      assert.equal(tenant.stats.tokenRequests, tokenBefore + 1);
    } finally {
      await tenant.stop();
    }
  });

  it("validates its options", async () => {
    await assert.rejects(startAuth0Tenant({ port: -1 }), TypeError);
    await assert.rejects(startAuth0Tenant({ audiences: ["not a url"] }), TypeError);
    await assert.rejects(startAuth0Tenant({ clients: [{ clientId: "a b" }] }), TypeError);
    await assert.rejects(startAuth0Tenant({ accessTokenTTL: 1.5 }), TypeError);
    await assert.rejects(startAuth0Tenant({ host: "0.0.0.0" as "localhost" }), TypeError);
  });

  it("serves several clients and audiences; host localhost yields a localhost issuer", async () => {
    const tenant = await startAuth0Tenant({
      host: "localhost",
      audiences: ["https://a.example/", "https://b.example/"],
      clients: [{ clientId: "first" }, { clientId: "second", redirectUris: ["https://app.example/cb"] }],
    });
    try {
      assert.match(tenant.issuer, /^http:\/\/localhost:\d+\/$/);
      assert.equal(tenant.clientId, "first");
      assert.equal(tenant.audience, "https://a.example/");
      const { access_token } = await tenant.login({
        user: "bob",
        clientId: "second",
        audience: "https://b.example/",
      });
      const { payload } = await jwtVerify(access_token, verifier(tenant), {
        issuer: tenant.issuer,
        audience: "https://b.example/",
      });
      assert.equal(payload.azp, "second");
      await assert.rejects(tenant.login({ user: "bob", clientId: "third" }), TypeError);
    } finally {
      await tenant.stop();
    }
  });
});
