// The real @auth0/auth0-spa-js against the development tenant, in Chromium. The tenant runs on `localhost` like the
// test page, so its session cookies reach the silent-authentication iframe (same site).
import { type Auth0Client, createAuth0Client, type GetTokenSilentlyOptions } from "@auth0/auth0-spa-js";
import { expect } from "@esm-bundle/chai";
import { executeServerCommand } from "@web/test-runner-commands";

interface TenantInfo {
  issuer: string;
  url: string;
  clientId: string;
  audience: string;
  id: string;
}
interface Stats {
  jwksRequests: number;
  userinfoRequests: number;
  tokenRequests: number;
}

const SCOPE = "openid profile email offline_access";
const TIMEOUT = 5; // seconds, for every auth0-spa-js network wait

function decodePart(part: string | undefined): Record<string, unknown> {
  if (!part) throw new Error("not a JWT");
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, "=")));
}
function decodeJwt(jwt: string) {
  const [h, p] = jwt.split(".");
  return { header: decodePart(h), payload: decodePart(p) };
}

async function token(c: Auth0Client, options: GetTokenSilentlyOptions = {}): Promise<string> {
  const value = await c.getTokenSilently({ timeoutInSeconds: TIMEOUT, ...options });
  if (typeof value !== "string") throw new Error("no access token");
  return value;
}

const stats = (t: TenantInfo) => executeServerCommand("auth0-tenant:stats", { id: t.id }) as Promise<Stats>;

function cacheKey(t: TenantInfo) {
  return `@@auth0spajs@@::${t.clientId}::${t.audience}::${SCOPE}`;
}
function cachedBody(t: TenantInfo): Record<string, string> | undefined {
  const raw = localStorage.getItem(cacheKey(t));
  return raw ? (JSON.parse(raw) as { body: Record<string, string> }).body : undefined;
}
function hasAuthCookie(t: TenantInfo) {
  return document.cookie.split("; ").some((c) => c.startsWith(`auth0.${t.clientId}.is.authenticated=`));
}

async function tokenRequest(t: TenantInfo, body: Record<string, string>) {
  const res = await fetch(`${t.url}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe("auth0-spa-js against the development tenant", () => {
  let tenant: TenantInfo;
  const clients: Auth0Client[] = [];

  beforeEach(async () => {
    tenant = (await executeServerCommand("auth0-tenant:start", { host: "localhost" })) as TenantInfo;
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.logout({ openUrl: false });
    localStorage.clear();
    await executeServerCommand("auth0-tenant:stop", { id: tenant.id });
  });

  async function client(
    extra: { useRefreshTokens?: boolean; cacheLocation?: "memory" | "localstorage" } = {},
  ) {
    const c = await createAuth0Client({
      domain: tenant.url,
      clientId: tenant.clientId,
      authorizeTimeoutInSeconds: TIMEOUT,
      httpTimeoutInSeconds: TIMEOUT,
      ...extra,
      authorizationParams: {
        audience: tenant.audience,
        redirect_uri: `${location.origin}/callback`,
      },
    });
    clients.push(c);
    return c;
  }

  async function loginAs(c: Auth0Client, user: string) {
    let callbackUrl = "";
    await c.loginWithRedirect({
      openUrl: async (authorizeUrl) => {
        ({ callbackUrl } = (await executeServerCommand("auth0-tenant:login", { authorizeUrl, user })) as {
          callbackUrl: string;
        });
      },
    });
    expect(callbackUrl.startsWith(`${location.origin}/callback?`)).to.equal(true);
    await c.handleRedirectCallback(callbackUrl);
  }

  it("logs in through a second tab and issues an Auth0-profile JWT access token for the audience", async () => {
    const c = await client();
    expect(await c.isAuthenticated()).to.equal(false);
    await loginAs(c, "alice");
    const user = await c.getUser();
    expect(user?.sub).to.equal("auth0|alice");
    expect(user?.email).to.equal("alice@example.com");

    const { header, payload } = decodeJwt(await token(c));
    expect(header.typ).to.equal("JWT");
    expect(header.alg).to.equal("RS256");
    expect(header.kid).to.be.a("string");
    expect(payload.iss).to.equal(tenant.issuer);
    expect(payload.sub).to.equal("auth0|alice");
    expect(payload.aud).to.deep.equal([tenant.audience, `${tenant.issuer}userinfo`]);
    expect(payload.azp).to.equal(tenant.clientId);
    expect(payload.scope).to.equal("openid profile email");
    expect(payload).to.not.have.property("client_id");
    expect(payload).to.not.have.property("jti");
    expect((payload.exp as number) - (payload.iat as number)).to.equal(3600);

    // With the tenant session in place, another login completes without the form (SSO), as on Auth0.
    const again = await client();
    await loginAs(again, "ignored-because-signed-in");
    expect((await again.getUser())?.sub).to.equal("auth0|alice");
  });

  it("auth0-tenant:login reports a name the login form refuses", async () => {
    const c = await client();
    let error: unknown;
    await loginAs(c, "not a valid name!").catch((e) => {
      error = e;
    });
    expect(String(error)).to.match(/refused/);
    expect(await c.isAuthenticated()).to.equal(false);
  });

  it("renews silently in the iframe with the tenant session, and refuses without one", async () => {
    const c = await client();
    await loginAs(c, "bob");
    const first = await token(c);
    const before = await stats(tenant);
    await executeServerCommand("auth0-tenant:set", { id: tenant.id, profile: "rfc9068" });
    const second = await token(c, { cacheMode: "off" });
    expect(second).to.not.equal(first);
    expect((await stats(tenant)).tokenRequests).to.equal(before.tokenRequests + 1);
    const { header, payload } = decodeJwt(second);
    expect(payload.sub).to.equal("auth0|bob");
    expect(header.typ).to.equal("at+jwt");
    expect(payload.client_id).to.equal(tenant.clientId);
    expect(payload.jti).to.be.a("string");

    // A second tenant has no session for this browser: prompt=none answers login_required.
    const other = (await executeServerCommand("auth0-tenant:start", { host: "localhost" })) as TenantInfo;
    try {
      const stranger = await createAuth0Client({
        domain: other.url,
        clientId: other.clientId,
        authorizationParams: { audience: other.audience },
      });
      let error: unknown;
      await stranger.getTokenSilently({ cacheMode: "off", timeoutInSeconds: TIMEOUT }).catch((e) => {
        error = e;
      });
      expect((error as { error?: string } | undefined)?.error).to.equal("login_required");
    } finally {
      await executeServerCommand("auth0-tenant:stop", { id: other.id });
    }
  });

  it("refreshes with a rotating refresh token (useRefreshTokens + localstorage), even after the SSO session ends", async () => {
    const c = await client({ useRefreshTokens: true, cacheLocation: "localstorage" });
    await loginAs(c, "google-oauth2|1234567890");
    const firstRt = cachedBody(tenant)?.refresh_token;
    expect(firstRt).to.be.a("string");
    const first = await token(c);

    // End the tenant session: only the refresh-token grant can still give tokens.
    await fetch(`${tenant.url}/v2/logout?client_id=${tenant.clientId}`, {
      mode: "no-cors",
      credentials: "include",
    });
    const iframeOnly = await client();
    let error: unknown;
    await iframeOnly.getTokenSilently({ cacheMode: "off", timeoutInSeconds: TIMEOUT }).catch((e) => {
      error = e;
    });
    expect((error as { error?: string } | undefined)?.error).to.equal("login_required");

    // The Auth0 profile has no jti: a new lifetime makes the new token tell apart within the same second.
    await executeServerCommand("auth0-tenant:set", { id: tenant.id, accessTokenTTL: 1800 });
    const before = await stats(tenant);
    const second = await token(c, { cacheMode: "off" });
    expect(second).to.not.equal(first);
    const { payload } = decodeJwt(second);
    expect(payload.sub).to.equal("google-oauth2|1234567890");
    expect((payload.exp as number) - (payload.iat as number)).to.equal(1800);
    expect((await stats(tenant)).tokenRequests).to.equal(before.tokenRequests + 1);
    const secondRt = cachedBody(tenant)?.refresh_token;
    expect(secondRt).to.be.a("string");
    expect(secondRt).to.not.equal(firstRt);

    const reuse = await tokenRequest(tenant, {
      grant_type: "refresh_token",
      client_id: tenant.clientId,
      refresh_token: firstRt as string,
    });
    expect(reuse.status).to.equal(400);
    expect(reuse.body.error).to.equal("invalid_grant");
  });

  it("logout({ openUrl: false }) clears the cache entry and the is.authenticated cookie without a request", async () => {
    const c = await client({ useRefreshTokens: true, cacheLocation: "localstorage" });
    await loginAs(c, "alice");
    expect(cachedBody(tenant)?.access_token).to.be.a("string");
    expect(hasAuthCookie(tenant)).to.equal(true);
    const requestsBefore = performance
      .getEntriesByType("resource")
      .filter((e) => e.name.startsWith(tenant.url)).length;

    await c.logout({ openUrl: false });

    expect(cachedBody(tenant)).to.equal(undefined);
    expect(hasAuthCookie(tenant)).to.equal(false);
    expect(await c.isAuthenticated()).to.equal(false);
    const requestsAfter = performance
      .getEntriesByType("resource")
      .filter((e) => e.name.startsWith(tenant.url)).length;
    expect(requestsAfter).to.equal(requestsBefore);
  });

  it("revokeRefreshToken() revokes the refresh token at /oauth/revoke", async () => {
    const c = await client({ useRefreshTokens: true, cacheLocation: "localstorage" });
    await loginAs(c, "auth0|carol");
    const rt = cachedBody(tenant)?.refresh_token;
    expect(rt).to.be.a("string");

    await c.revokeRefreshToken();
    expect(cachedBody(tenant)?.refresh_token).to.equal(undefined);
    const after = await tokenRequest(tenant, {
      grant_type: "refresh_token",
      client_id: tenant.clientId,
      refresh_token: rt as string,
    });
    expect(after.status).to.equal(400);
    expect(after.body.error).to.equal("invalid_grant");
  });
});
