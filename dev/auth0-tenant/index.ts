// Development stand-in for an Auth0 tenant, built on oidc-provider 9. Never for production: anyone can sign in as
// anyone. The real @auth0/auth0-spa-js 2.x treats it as a tenant: Auth0's paths, `audience`, refresh-token rotation,
// silent authentication with `response_mode=web_message`, `/v2/logout?returnTo=`, Auth0-shaped JWT access tokens.
import { createHash, createPrivateKey, type KeyObject, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  jwtVerify,
  SignJWT,
} from "jose";
import type { Context } from "koa";
import type { Client, Configuration, KoaContextWithOIDC, ResourceServer } from "oidc-provider";
import { MemoryStore } from "./adapter.js";
import { errors, Provider } from "./oidc-provider.js";
import { errorPage, loginPage, messagePage, PAGE_HEADERS } from "./pages.js";
import { claimsForScope, findUser, SCOPE_CLAIMS, userIdFor } from "./users.js";

export type AccessTokenProfile = "auth0" | "rfc9068";

export interface Auth0TenantOptions {
  /** Default 0 = random; `npm run dev:auth0` uses PORT or 4000. */
  port?: number;
  /** Default "127.0.0.1"; the issuer is `http://<host>:<port>/`. The server always listens on 127.0.0.1. */
  host?: "127.0.0.1" | "localhost";
  /** APIs (Auth0 "API identifiers") the tenant knows; default ["https://api.example.com/"]. */
  audiences?: string[];
  /** Public SPA clients (PKCE, no secret); default one client "spa-test-client". Dev-only: any
   * http://localhost:* / http://127.0.0.1:* redirect URI is allowed besides the registered ones. */
  clients?: { clientId: string; redirectUris?: string[] }[];
  /** Access-token lifetime in seconds; default 3600. */
  accessTokenTTL?: number;
  /** Default "auth0" (typ JWT, azp); "rfc9068": typ at+jwt, client_id, jti. */
  accessTokenProfile?: AccessTokenProfile;
}

export interface TokenResponse {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

export interface Auth0Tenant {
  /** "http://127.0.0.1:<port>/" (trailing slash, as Auth0 issuers). */
  issuer: string;
  /** "http://127.0.0.1:<port>" (no trailing slash; usable as auth0-spa-js `domain`). */
  url: string;
  port: number;
  /** The first client's id. */
  clientId: string;
  /** The first audience. */
  audience: string;
  stop(): Promise<void>;
  setAccessTokenTTL(seconds: number): void;
  setAccessTokenProfile(profile: AccessTokenProfile): void;
  /** A new RS256 key signs from now on; with keepOld (default true) the previous keys stay in the JWKS. */
  rotateSigningKey(options?: { keepOld?: boolean }): Promise<void>;
  /** false: /.well-known/jwks.json answers 503. */
  setJwksAvailable(available: boolean): void;
  /** Live counters. */
  readonly stats: { jwksRequests: number; userinfoRequests: number; tokenRequests: number };
  /** The real authorization-code + PKCE flow over HTTP, as a user who submits the login form. */
  login(options: {
    user: string;
    clientId?: string;
    audience?: string | null;
    scope?: string;
  }): Promise<TokenResponse>;
  /** A token signed with the tenant's current signing key (RS256 and its kid unless the header says otherwise). */
  signAccessToken(
    claims: Record<string, unknown>,
    options?: { header?: Record<string, unknown> },
  ): Promise<string>;
  /** The claims the tenant puts in an access token for this user, audience, client and profile. */
  accessTokenClaims(options: {
    user: string;
    audience?: string;
    clientId?: string;
    profile?: AccessTokenProfile;
    expiresIn?: number;
    issuedAt?: number;
  }): Record<string, unknown>;
}

export const DEFAULT_AUDIENCE = "https://api.example.com/";
export const DEFAULT_CLIENT_ID = "spa-test-client";
/** What auth0-spa-js requests with `useRefreshTokens` (and what `login()` asks for by default). */
export const DEFAULT_SCOPE = "openid profile email offline_access";
const DEFAULT_REDIRECT_URIS = ["http://localhost:3000/", "http://127.0.0.1:3000/"];
const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"];
/** Scopes an API grants in its access tokens (Auth0 puts the OIDC scopes in API access tokens too). */
const API_SCOPE = OIDC_SCOPES.join(" ");

interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  privateKey: KeyObject;
}

interface ClientConfig {
  clientId: string;
  redirectUris: string[];
}

type ProviderInstance = InstanceType<typeof Provider>;

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const privateJwk: JWK = { ...jwk, kid, alg: "RS256", use: "sig" };
  const { kty, n, e } = jwk;
  return {
    kid,
    privateJwk,
    publicJwk: { kty, n, e, kid, alg: "RS256", use: "sig" },
    privateKey: createPrivateKey({ key: privateJwk as import("node:crypto").JsonWebKey, format: "jwk" }),
  };
}

function isLoopbackHttpUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === "http:" &&
    (url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]") &&
    !url.username &&
    !url.password &&
    !url.hash
  );
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return !url.hash && (url.protocol === "http:" || url.protocol === "https:");
  } catch {
    return false;
  }
}

function positiveSeconds(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer number of seconds, got ${String(value)}`);
  }
  return value;
}

function checkProfile(value: unknown): AccessTokenProfile {
  if (value !== "auth0" && value !== "rfc9068") {
    throw new TypeError(`access token profile must be "auth0" or "rfc9068", got ${String(value)}`);
  }
  return value;
}

function normalizeOptions(options: Auth0TenantOptions) {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`invalid port ${String(port)}`);
  const host = options.host ?? "127.0.0.1";
  if (host !== "127.0.0.1" && host !== "localhost")
    throw new TypeError(`host must be "127.0.0.1" or "localhost"`);
  const audiences = options.audiences ?? [DEFAULT_AUDIENCE];
  if (audiences.length === 0) throw new TypeError("audiences must not be empty");
  for (const a of audiences) {
    if (typeof a !== "string" || !isAbsoluteUrl(a))
      throw new TypeError(`audience must be an http(s) URL: ${a}`);
  }
  const clients: ClientConfig[] = (options.clients ?? [{ clientId: DEFAULT_CLIENT_ID }]).map((c) => {
    if (typeof c.clientId !== "string" || !/^[A-Za-z0-9._-]{1,128}$/.test(c.clientId)) {
      throw new TypeError(`invalid clientId ${String(c.clientId)}`);
    }
    const redirectUris = c.redirectUris?.length ? c.redirectUris : DEFAULT_REDIRECT_URIS;
    for (const uri of redirectUris) {
      if (!isAbsoluteUrl(uri)) throw new TypeError(`invalid redirect URI ${uri}`);
    }
    return { clientId: c.clientId, redirectUris: [...redirectUris] };
  });
  if (clients.length === 0) throw new TypeError("clients must not be empty");
  if (new Set(clients.map((c) => c.clientId)).size !== clients.length)
    throw new TypeError("duplicate clientId");
  return {
    port,
    host,
    audiences: [...audiences],
    clients,
    accessTokenTTL: positiveSeconds(options.accessTokenTTL ?? 3600, "accessTokenTTL"),
    profile: checkProfile(options.accessTokenProfile ?? "auth0"),
  };
}

const base64url = (buf: Buffer) => buf.toString("base64url");

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readForm(req: IncomingMessage, limit = 8 * 1024): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new HttpError(415, "expected an application/x-www-form-urlencoded body");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, "request body too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendPage(ctx: Context, status: number, html: string): void {
  ctx.status = status;
  ctx.set(PAGE_HEADERS);
  ctx.body = html;
}

export async function startAuth0Tenant(options: Auth0TenantOptions = {}): Promise<Auth0Tenant> {
  const config = normalizeOptions(options);
  const state = { accessTokenTTL: config.accessTokenTTL, profile: config.profile, jwksAvailable: true };
  const stats = { jwksRequests: 0, userinfoRequests: 0, tokenRequests: 0 };
  const store = new MemoryStore();
  const cookieKeys = [base64url(randomBytes(32))];
  const clientsById = new Map(config.clients.map((c) => [c.clientId, c]));
  let keys: SigningKey[] = [await newSigningKey()];
  let current: { provider: ProviderInstance; handle: (req: IncomingMessage, res: ServerResponse) => unknown };

  const server = createServer((req, res) => {
    if (!current) {
      res.writeHead(503, { "Content-Type": "text/plain" }).end("starting");
      return;
    }
    current.handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  const issuer = `${url}/`;
  const userinfoAudience = `${issuer}userinfo`;

  const originAllowed = (origin: string, client?: Client) => {
    if (isLoopbackHttpUrl(origin)) return true;
    const registered = client
      ? clientsById.get(client.clientId)?.redirectUris
      : config.clients.flatMap((c) => c.redirectUris);
    return (registered ?? []).some((uri) => new URL(uri).origin === origin);
  };

  const currentAccessTokenTTL = () => state.accessTokenTTL;
  const resourceServer = (audience: string): ResourceServer => ({
    audience,
    scope: API_SCOPE,
    accessTokenFormat: "jwt",
    accessTokenTTL: state.accessTokenTTL,
    jwt: { sign: { alg: "RS256" } },
  });

  const shapeAccessToken = (payload: Record<string, unknown>, profile: AccessTokenProfile) => {
    const api = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
    const scope = typeof payload.scope === "string" ? payload.scope : "";
    const aud = scope.split(" ").includes("openid") ? [api, userinfoAudience] : api;
    if (profile === "auth0") {
      return {
        iss: payload.iss,
        sub: payload.sub,
        aud,
        iat: payload.iat,
        exp: payload.exp,
        scope: payload.scope,
        azp: payload.client_id,
      };
    }
    return {
      iss: payload.iss,
      sub: payload.sub,
      aud,
      iat: payload.iat,
      exp: payload.exp,
      scope: payload.scope,
      client_id: payload.client_id,
      jti: payload.jti,
    };
  };

  const accessTokenClaims: Auth0Tenant["accessTokenClaims"] = (o) => {
    const sub = userIdFor(o.user);
    if (!sub) throw new TypeError(`invalid user ${o.user}`);
    const iat = o.issuedAt ?? Math.floor(Date.now() / 1000);
    const payload = {
      iss: issuer,
      sub,
      aud: o.audience ?? config.audiences[0],
      iat,
      exp: iat + (o.expiresIn ?? state.accessTokenTTL),
      scope: DEFAULT_SCOPE,
      client_id: o.clientId ?? config.clients[0]?.clientId,
      jti: base64url(randomBytes(16)),
    };
    return shapeAccessToken(payload, o.profile ? checkProfile(o.profile) : state.profile);
  };

  // An API access token (JWT) whose aud includes <issuer>userinfo is accepted by /userinfo, as on Auth0.
  const jwtUserinfo = async (ctx: Context, token: string) => {
    ctx.vary("Origin");
    ctx.set("Access-Control-Allow-Origin", ctx.get("Origin") || "*");
    ctx.set("Cache-Control", "no-store");
    try {
      const jwks = createLocalJWKSet({ keys: keys.map((k) => k.publicJwk) });
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: userinfoAudience,
        algorithms: ["RS256"],
      });
      const user = typeof payload.sub === "string" ? findUser(payload.sub) : undefined;
      if (!user) throw new Error("unknown subject");
      ctx.status = 200;
      ctx.body = claimsForScope(user, typeof payload.scope === "string" ? payload.scope : "openid");
    } catch {
      ctx.status = 401;
      ctx.set(
        "WWW-Authenticate",
        `Bearer realm="${issuer}", error="invalid_token", error_description="invalid token provided"`,
      );
      ctx.body = { error: "invalid_token", error_description: "invalid token provided" };
    }
  };

  const revokeGrant = async (provider: ProviderInstance, grantId: string) => {
    store.revokeGrant(grantId);
    const grant = await provider.Grant.find(grantId);
    await grant?.destroy();
  };

  // Auth0's logout: ends the tenant session, then redirects to `returnTo` (an allowed URL) without confirmation.
  const v2Logout = async (ctx: Context, provider: ProviderInstance) => {
    if (ctx.method !== "GET" && ctx.method !== "HEAD") {
      ctx.set("Allow", "GET, HEAD");
      return sendPage(ctx, 405, errorPage("invalid_request", "use GET for /v2/logout"));
    }
    const single = (name: string): string | undefined => {
      const v = ctx.query[name];
      if (Array.isArray(v)) throw new HttpError(400, `${name} must be given once`);
      return v || undefined;
    };
    const clientId = single("client_id");
    const returnTo = single("returnTo");
    const client = clientId ? clientsById.get(clientId) : undefined;
    if (clientId && !client) throw new HttpError(400, `unknown client_id ${clientId}`);
    if (returnTo !== undefined) {
      const allowedUris = client ? client.redirectUris : config.clients.flatMap((c) => c.redirectUris);
      if (!isLoopbackHttpUrl(returnTo) && !allowedUris.includes(returnTo)) {
        throw new HttpError(400, `the returnTo URL "${returnTo}" is not an allowed logout URL`);
      }
    }
    const session = await provider.Session.get(ctx);
    if (session.accountId) {
      for (const [, authorization] of Object.entries(session.authorizations ?? {})) {
        if (authorization.grantId && !authorization.persistsLogout) {
          await revokeGrant(provider, authorization.grantId);
        }
      }
    }
    await session.destroy();
    ctx.cookies.set(provider.cookieName("session"), null, { path: "/", httpOnly: true, sameSite: "lax" });
    ctx.set("Cache-Control", "no-store");
    if (returnTo) {
      ctx.status = 302;
      ctx.redirect(returnTo);
      return;
    }
    sendPage(ctx, 200, messagePage("Logged out", "You are logged out of the development tenant."));
  };

  // The login form. GET shows it; POST signs the typed user in and resumes the authorization request.
  const loginRoute = async (ctx: Context, provider: ProviderInstance) => {
    const uid = ctx.path.slice("/login/".length);
    let details: Awaited<ReturnType<ProviderInstance["interactionDetails"]>>;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      return sendPage(
        ctx,
        400,
        messagePage("Login expired", "This login page is no longer valid. Start again from the application."),
      );
    }
    if (details.uid !== uid) {
      return sendPage(
        ctx,
        400,
        messagePage("Login expired", "This login page does not match your login session."),
      );
    }
    const clientId = String(details.params.client_id ?? "");
    const action = `/login/${encodeURIComponent(uid)}`;
    if (ctx.method === "GET" || ctx.method === "HEAD") {
      if (details.prompt.name === "login") {
        return sendPage(ctx, 200, loginPage({ action, clientName: clientId }));
      }
      // First-party clients are consented automatically (Auth0 skips consent for them).
      const accountId = details.session?.accountId;
      if (!accountId) throw new HttpError(400, "no signed-in user for this request");
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({ accountId, clientId });
      const promptDetails = details.prompt.details as {
        missingOIDCScope?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (promptDetails.missingOIDCScope) grant.addOIDCScope(promptDetails.missingOIDCScope);
      for (const [resource, scopes] of Object.entries(promptDetails.missingResourceScopes ?? {})) {
        grant.addResourceScope(resource, scopes);
      }
      const grantId = await grant.save();
      const to = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      ctx.status = 303;
      ctx.redirect(to);
      return;
    }
    if (ctx.method !== "POST") {
      ctx.set("Allow", "GET, HEAD, POST");
      return sendPage(ctx, 405, errorPage("invalid_request", "method not allowed"));
    }
    const form = await readForm(ctx.req);
    const typed = form.get("user") ?? "";
    const accountId = userIdFor(typed);
    if (!accountId || !findUser(accountId)) {
      return sendPage(
        ctx,
        400,
        loginPage({
          action,
          clientName: clientId,
          value: typed.slice(0, 120),
          error:
            "Enter a user name (letters, digits, . _ @ + -) or a full user id such as google-oauth2|123.",
        }),
      );
    }
    const to = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(to);
  };

  const indexPage = () =>
    messagePage(
      "Auth0 development tenant",
      `Issuer ${issuer} · clients ${config.clients.map((c) => c.clientId).join(", ")} · audiences ${config.audiences.join(", ")}. Discovery: ${issuer}.well-known/openid-configuration`,
    );

  const configuration = (signingKeys: SigningKey[]): Configuration => ({
    adapter: (name: string) => store.adapterFor(name),
    clients: config.clients.map((c) => ({
      client_id: c.clientId,
      application_type: "web",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.redirectUris,
    })),
    responseTypes: ["code"],
    scopes: OIDC_SCOPES,
    claims: Object.fromEntries(SCOPE_CLAIMS),
    conformIdTokenClaims: false,
    // Cookies on one host are shared by all ports, so names carry the port: tenants on localhost don't clash.
    cookies: {
      keys: cookieKeys,
      names: {
        session: `_session.${port}`,
        interaction: `_interaction.${port}`,
        resume: `_interaction_resume.${port}`,
      },
    },
    jwks: { keys: signingKeys.map((k) => k.privateJwk) },
    pkce: { required: () => true },
    routes: {
      authorization: "/authorize",
      token: "/oauth/token",
      userinfo: "/userinfo",
      jwks: "/.well-known/jwks.json",
      revocation: "/oauth/revoke",
    },
    extraParams: {
      // Auth0's `audience` selects the API (see resourceIndicators). Its validator restores `offline_access`: oidc-provider keeps that
      // scope only with prompt=consent, which auth0-spa-js never sends; Auth0 issues a refresh token whenever the
      // client asks for offline_access.
      audience(ctx, _value, client) {
        const raw = ctx.method === "POST" ? ctx.oidc.body?.scope : ctx.query.scope;
        const params = ctx.oidc.params as { scope?: string };
        if (
          typeof raw === "string" &&
          raw.split(" ").includes("offline_access") &&
          client.grantTypeAllowed("refresh_token") &&
          params.scope &&
          !params.scope.split(" ").includes("offline_access")
        ) {
          params.scope = `${params.scope} offline_access`;
        }
      },
    },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      // A public client may revoke only its own tokens (another client's token is left alone, as RFC 7009 allows).
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      webMessageResponseMode: { enabled: true, ack: "individual-draft-01" },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, _client, oneOf) => {
          if (oneOf?.length) return oneOf[0];
          const audience = (ctx.oidc.params as { audience?: unknown } | undefined)?.audience;
          return typeof audience === "string" && audience ? audience : undefined;
        },
        // auth0-spa-js sends no audience to /oauth/token: the code and refresh token carry the API.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          // Auth0's answer for an unknown API.
          if (!config.audiences.includes(indicator))
            throw new errors.AccessDenied(`Service not found: ${indicator}`);
          return resourceServer(indicator);
        },
      },
    },
    formats: {
      customizers: {
        jwt(_ctx, _token, parts) {
          const shaped = shapeAccessToken(parts.payload as Record<string, unknown>, state.profile);
          const payload = parts.payload as Record<string, unknown>;
          for (const k of Object.keys(payload)) delete payload[k];
          Object.assign(payload, shaped);
          parts.header = { typ: state.profile === "auth0" ? "JWT" : "at+jwt" };
        },
      },
    },
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    rotateRefreshToken: true,
    // Every client is first-party: the requested scopes are granted without a consent screen, as on Auth0.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      let grant = grantId ? await provider.Grant.find(grantId) : undefined;
      if (grant && (grant.accountId !== session.accountId || grant.clientId !== client.clientId))
        grant = undefined;
      grant ??= new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].filter((s) => OIDC_SCOPES.includes(s)));
      for (const [indicator, server] of Object.entries(ctx.oidc.resourceServers ?? {})) {
        grant.addResourceScope(indicator, server.scope);
      }
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx, origin, client) => originAllowed(origin, client),
    findAccount: (_ctx, sub) => {
      const user = findUser(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ ...user }) };
    },
    interactions: { url: (_ctx, interaction) => `/login/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.set(PAGE_HEADERS);
      ctx.body = errorPage(
        String(out.error),
        out.error_description ? String(out.error_description) : undefined,
      );
    },
    ttl: {
      AccessToken: currentAccessTokenTTL,
      AuthorizationCode: 60,
      IdToken: 36000,
      Interaction: 3600,
      Session: 3 * 24 * 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: (ctx, token, client) => {
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken;
        if (rotated && client.clientAuthMethod === "none" && !token.isSenderConstrained())
          return rotated.remainingTTL;
        return 30 * 24 * 3600;
      },
    },
  });

  const build = (signingKeys: SigningKey[]) => {
    const provider = new Provider(issuer, configuration(signingKeys));
    // Dev-only: any loopback http URL is an allowed callback and logout URL (Auth0 needs them registered).
    const { redirectUriAllowed, postLogoutRedirectUriAllowed } = provider.Client.prototype;
    provider.Client.prototype.redirectUriAllowed = function (this: Client, uri: string) {
      return redirectUriAllowed.call(this, uri) || isLoopbackHttpUrl(uri);
    };
    provider.Client.prototype.postLogoutRedirectUriAllowed = function (this: Client, uri: string) {
      return postLogoutRedirectUriAllowed.call(this, uri) || isLoopbackHttpUrl(uri);
    };
    // Auth0 answers allowed web origins with Access-Control-Allow-Credentials, so a page whose fetch adds
    // `credentials: "include"` (supertokens-web-js does for every request to its API's host name) still works.
    provider.use(async (ctx, next) => {
      await next();
      const origin = ctx.get("Origin");
      if (origin && ctx.response.get("Access-Control-Allow-Origin") === origin) {
        ctx.set("Access-Control-Allow-Credentials", "true");
      }
    });
    provider.use(async (ctx, next) => {
      const path = ctx.path;
      try {
        if (path === "/.well-known/jwks.json") {
          stats.jwksRequests++;
          if (!state.jwksAvailable) {
            ctx.status = 503;
            ctx.set("Cache-Control", "no-store");
            ctx.set("Retry-After", "1");
            ctx.body = {
              error: "temporarily_unavailable",
              error_description: "JWKS switched off for a test",
            };
            return;
          }
        } else if (path === "/oauth/token" && ctx.method === "POST") {
          stats.tokenRequests++;
        } else if (path === "/userinfo" && ctx.method !== "OPTIONS") {
          stats.userinfoRequests++;
          const match = /^Bearer ([^\s.]+\.[^\s.]+\.[^\s.]+)$/i.exec(ctx.get("Authorization"));
          if (match?.[1]) return await jwtUserinfo(ctx, match[1]);
        } else if (path === "/v2/logout") {
          return await v2Logout(ctx, provider);
        } else if (path.startsWith("/login/")) {
          return await loginRoute(ctx, provider);
        } else if (path === "/" && (ctx.method === "GET" || ctx.method === "HEAD")) {
          return sendPage(ctx, 200, indexPage());
        }
      } catch (err) {
        if (err instanceof HttpError)
          return sendPage(ctx, err.status, errorPage("invalid_request", err.message));
        console.error("auth0-tenant: unexpected error on", ctx.method, path, err);
        return sendPage(ctx, 500, errorPage("server_error", "unexpected error"));
      }
      await next();
    });
    return { provider, handle: provider.callback() };
  };

  current = build(keys);

  const clientIdOf = (id?: string) => {
    const c = clientsById.get(id ?? config.clients[0]?.clientId ?? "");
    if (!c) throw new TypeError(`unknown client ${String(id)}`);
    return c;
  };

  const login: Auth0Tenant["login"] = async (o) => {
    const client = clientIdOf(o.clientId);
    if (!userIdFor(o.user)) throw new TypeError(`invalid user ${o.user}`);
    const audience = o.audience === undefined ? config.audiences[0] : o.audience;
    const redirectUri = client.redirectUris[0] ?? DEFAULT_REDIRECT_URIS[0] ?? "";
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash("sha256").update(verifier).digest());
    const stateParam = base64url(randomBytes(16));
    const jar = new Map<string, string>();

    const send = async (target: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (jar.size) headers.set("Cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
      const res = await fetch(target, { ...init, headers, redirect: "manual" });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const eq = pair.indexOf("=");
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      return res;
    };
    const redirectOf = async (res: Response, step: string) => {
      const location = res.headers.get("location");
      if (res.status < 300 || res.status > 399 || !location) {
        const body = (await res.text())
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .slice(0, 300);
        throw new Error(`login: ${step} answered ${res.status} instead of a redirect: ${body}`);
      }
      await res.body?.cancel();
      return new URL(location, res.url).href;
    };

    const authorize = new URL("/authorize", url);
    const params: Record<string, string> = {
      client_id: client.clientId,
      redirect_uri: redirectUri,
      response_type: "code",
      response_mode: "query",
      scope: o.scope ?? DEFAULT_SCOPE,
      state: stateParam,
      nonce: base64url(randomBytes(16)),
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...(audience ? { audience } : {}),
    };
    for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);

    const target = new URL(redirectUri);
    let res = await send(authorize.href);
    let callback: URL | undefined;
    // Follow the tenant's redirects: the login form (submitted as the user), the resumed authorize request, and
    // finally the redirect to redirect_uri, which is not loaded.
    for (let hop = 0; hop < 8 && !callback; hop++) {
      const next = new URL(await redirectOf(res, `step ${hop + 1}`));
      if (
        next.origin === target.origin &&
        next.pathname === target.pathname &&
        next.origin !== new URL(url).origin
      ) {
        callback = next;
      } else if (next.pathname.startsWith("/login/")) {
        res = await send(next.href, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ user: o.user }).toString(),
        });
      } else {
        res = await send(next.href);
      }
    }
    if (!callback) throw new Error("login: too many redirects");
    if (callback.searchParams.get("error")) {
      throw new Error(
        `login: ${callback.searchParams.get("error")}: ${callback.searchParams.get("error_description") ?? ""}`,
      );
    }
    const code = callback.searchParams.get("code");
    if (!code || callback.searchParams.get("state") !== stateParam)
      throw new Error("login: no code or state mismatch");
    const tokenRes = await fetch(new URL("/oauth/token", url), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: client.clientId,
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
      }).toString(),
    });
    const body = (await tokenRes.json()) as TokenResponse & { error?: string; error_description?: string };
    if (!tokenRes.ok)
      throw new Error(`login: token endpoint: ${body.error}: ${body.error_description ?? ""}`);
    return body;
  };

  let stopped: Promise<void> | undefined;
  const tenant: Auth0Tenant = {
    issuer,
    url,
    port,
    clientId: config.clients[0]?.clientId ?? DEFAULT_CLIENT_ID,
    audience: config.audiences[0] ?? DEFAULT_AUDIENCE,
    stats,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.clear());
      return stopped;
    },
    setAccessTokenTTL(seconds) {
      state.accessTokenTTL = positiveSeconds(seconds, "accessTokenTTL");
    },
    setAccessTokenProfile(profile) {
      state.profile = checkProfile(profile);
    },
    async rotateSigningKey(o = {}) {
      const next = await newSigningKey();
      keys = o.keepOld === false ? [next] : [next, ...keys];
      current = build(keys);
    },
    setJwksAvailable(available) {
      state.jwksAvailable = Boolean(available);
    },
    login,
    async signAccessToken(claims, o = {}) {
      const key = keys[0];
      if (!key) throw new Error("no signing key");
      const header = { alg: "RS256", typ: "JWT", kid: key.kid, ...o.header } as { alg: string };
      return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
    },
    accessTokenClaims,
  };
  return tenant;
}
