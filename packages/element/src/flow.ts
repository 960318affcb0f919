// The whole migration, behind migrateAuth0Session() (migrate-auth0-session.ts) and the element. Order is
// rollback-safe: the Auth0 session is only touched after the backend said OK and the front end sees the new
// SuperTokens session.

import type { HeadStart } from "./loaders.js";
import { type LockOptions, lockName, withLock } from "./lock.js";
import { isRetryable, type MigrateAnswer, postMigration } from "./migrate.js";
import { type BackoffOptions, withRetry } from "./retry.js";
import { revokeAuth0Session } from "./revoke.js";
import { discoverSuperTokensSession, ensureSuperTokens, superTokensSessionExists } from "./supertokens.js";
import { getAccessToken } from "./token.js";
import type {
  Auth0ClientLike,
  Auth0Module,
  MigrationLoaders,
  MigrationResult,
  MigrationState,
  SkipReason,
  SuperTokensModule,
} from "./types.js";

export interface MigrateAuth0SessionOptions {
  /** Auth0 application (client) id. Required: it names the cookies, cache entries and lock. */
  clientId: string;
  /** Auth0 domain (`tenant.eu.auth0.com`, a custom domain, or a URL). Required unless `auth0Client` is given. */
  domain?: string;
  /** An existing auth0-spa-js client; used instead of creating one from the options below. */
  auth0Client?: Auth0ClientLike;
  audience?: string;
  scope?: string;
  cacheLocation?: "memory" | "localstorage";
  useRefreshTokens?: boolean;
  /** Seconds auth0-spa-js may wait for a silent token (`timeoutInSeconds`, `authorizeTimeoutInSeconds`). */
  timeoutInSeconds?: number;
  /** SuperTokens API origin, e.g. `https://api.example.com`; needed unless the page initialised supertokens-web-js. */
  apiDomain?: string;
  /** SuperTokens API base path (default `/auth`). */
  apiBasePath?: string;
  /** Migrate endpoint (default `<apiDomain>/migrate-session`). */
  migrateUrl?: string;
  /** supertokens-web-js `tokenTransferMethod`, used only when the migrator initialises the SDK. */
  tokenTransferMethod?: "cookie" | "header";
  /** "always": skip the cookie/localStorage gate (Auth0 setups that set no cookie). Default "auto". */
  detect?: "auto" | "always";
  /** "global" additionally tries Auth0's /v2/logout in a hidden iframe (best effort). Default "local". */
  auth0Logout?: "local" | "global";
  /** Migrate requests to try on network errors and 5xx (default 3). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  lock?: LockOptions;
  loaders?: MigrationLoaders;
  /** Called on every state change. */
  onStateChange?: (state: MigrationState) => void;
}

class MigrationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly attempts = 0,
  ) {
    super(message);
  }
}

const skipped = (reason: SkipReason): MigrationResult => ({ outcome: "skipped", reason });

function trimSlash(s: string): string {
  return s.replace(/\/+$/, "");
}

/** The default migrate URL: `<apiDomain>/migrate-session`. */
export function defaultMigrateUrl(apiDomain: string): string {
  return `${trimSlash(apiDomain)}/migrate-session`;
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= fn();
    p.catch(() => {
      p = undefined;
    });
    return p;
  };
}

/** The Auth0-session gate (gate.ts `hasAuth0Session`), passed in so this module shares no code with the CDN entry. */
export type Gate = (clientId: string) => boolean;

/**
 * {@link migrateAuth0Session} with the gate and the SDK loaders passed in: the callers (the element, the function)
 * already hold gate.ts and loaders.ts, and the element starts the SDK downloads before this module has arrived.
 * `loaders` are used as given (the callers make them shared, so a load already started is not repeated).
 */
export async function runMigration(
  options: MigrateAuth0SessionOptions,
  gate: Gate,
  loaders: Required<MigrationLoaders>,
  head?: HeadStart,
): Promise<MigrationResult> {
  const report = (state: MigrationState) => {
    try {
      options.onStateChange?.(state);
    } catch {
      // a listener's bug must not change the outcome
    }
  };
  try {
    return await run(unsetEmpty(options), gate, loaders, report, head);
  } catch (e) {
    if (e instanceof MigrationError) {
      return { outcome: "error", code: e.code, status: e.status, attempts: e.attempts, message: e.message };
    }
    return {
      outcome: "error",
      code: "UNEXPECTED",
      status: undefined,
      attempts: 0,
      message: (e as Error)?.message ?? String(e),
    };
  }
}

/**
 * Empty strings (an attribute present without a value) and null (a removed attribute, or a framework's "unset") mean
 * "not set"; so do a timeout that is not a positive number and a NaN max-attempts (an attribute that is not a number).
 */
function unsetEmpty(o: MigrateAuth0SessionOptions | undefined): MigrateAuth0SessionOptions {
  const set = Object.fromEntries(
    Object.entries(o ?? {}).filter(([key, v]) => (v !== "" && v !== null) || key === "clientId"),
  );
  const options = set as MigrateAuth0SessionOptions;
  if (!(Number(options.timeoutInSeconds) > 0)) delete options.timeoutInSeconds;
  if (Number.isNaN(options.maxAttempts)) delete options.maxAttempts;
  return options;
}

function validate(o: MigrateAuth0SessionOptions): void {
  if (typeof o.clientId !== "string" || !o.clientId.trim()) {
    throw new MigrationError("INVALID_OPTIONS", "clientId (client-id) is required");
  }
  const client = o.auth0Client;
  if (
    client !== undefined &&
    (typeof client?.getTokenSilently !== "function" || typeof client.logout !== "function")
  ) {
    throw new MigrationError(
      "INVALID_OPTIONS",
      "auth0Client must be an auth0-spa-js Auth0Client (a Promise? await createAuth0Client(...) first)",
    );
  }
  for (const [name, load] of Object.entries(o.loaders ?? {})) {
    if (load !== undefined && typeof load !== "function") {
      throw new MigrationError(
        "INVALID_OPTIONS",
        `loaders.${name} must be a function returning the SDK module`,
      );
    }
  }
  if (o.maxAttempts !== undefined && !(Number.isFinite(o.maxAttempts) && o.maxAttempts >= 1)) {
    throw new MigrationError("INVALID_OPTIONS", "maxAttempts (max-attempts) must be a number >= 1");
  }
  for (const [name, value, allowed] of [
    ["cacheLocation (cache-location)", o.cacheLocation, ["memory", "localstorage"]],
    ["tokenTransferMethod (token-transfer)", o.tokenTransferMethod, ["cookie", "header"]],
    ["detect", o.detect, ["auto", "always"]],
    ["auth0Logout (auth0-logout)", o.auth0Logout, ["local", "global"]],
  ] as const) {
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      throw new MigrationError("INVALID_OPTIONS", `${name} must be one of ${allowed.join(", ")}`);
    }
  }
  for (const [name, value] of [
    ["apiDomain", o.apiDomain],
    ["migrateUrl", o.migrateUrl],
  ] as const) {
    if (value === undefined) continue;
    let url: URL | undefined;
    try {
      url = new URL(value, globalThis.location?.href);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      throw new MigrationError("INVALID_OPTIONS", `${name} must be an http(s) URL`);
    }
  }
}

async function run(
  o: MigrateAuth0SessionOptions,
  hasAuth0Session: Gate,
  loaders: Required<MigrationLoaders>,
  report: (s: MigrationState) => void,
  head: HeadStart | undefined,
): Promise<MigrationResult> {
  report("checking");
  validate(o);
  const clientId = o.clientId.trim();
  const gate = () => o.detect === "always" || hasAuth0Session(clientId);
  if (!gate()) return skipped("no-auth0-session");

  const loadSt = once(async (): Promise<SuperTokensModule> => {
    let sdk: SuperTokensModule;
    try {
      sdk = await loaders.supertokens();
    } catch (e) {
      throw new MigrationError(
        "SDK_LOAD_FAILED",
        `supertokens-web-js could not be loaded: ${(e as Error)?.message}`,
      );
    }
    try {
      ensureSuperTokens(sdk, {
        apiDomain: o.apiDomain,
        apiBasePath: o.apiBasePath,
        tokenTransferMethod: o.tokenTransferMethod,
        migrateUrl: o.migrateUrl,
      });
    } catch (e) {
      throw new MigrationError("INVALID_OPTIONS", (e as Error).message);
    }
    return sdk;
  });
  if (await superTokensSessionExists(loadSt)) return skipped("already-migrated");

  return withLock(
    lockName(clientId),
    async (waited) => {
      if (waited) {
        // Another tab or frame ran first: it may have migrated (or cleared Auth0) already.
        if (await superTokensSessionExists(loadSt)) return skipped("already-migrated");
        if (!gate()) return skipped("no-auth0-session");
      }
      report("migrating");
      return migrate(o, clientId, loaders, loadSt, head);
    },
    o.lock,
  );
}

async function migrate(
  o: MigrateAuth0SessionOptions,
  clientId: string,
  loaders: Required<MigrationLoaders>,
  loadSt: () => Promise<SuperTokensModule>,
  head: HeadStart | undefined,
): Promise<MigrationResult> {
  if (!o.auth0Client && !o.domain) {
    throw new MigrationError("INVALID_OPTIONS", "domain is required unless an auth0Client is provided");
  }
  const migrateUrl = o.migrateUrl ?? (o.apiDomain ? defaultMigrateUrl(o.apiDomain) : undefined);
  if (!migrateUrl)
    throw new MigrationError("INVALID_OPTIONS", "set migrate-url (migrateUrl) or api-domain (apiDomain)");

  const loadA0 = async (): Promise<Auth0Module | undefined> => {
    if (o.auth0Client) return undefined;
    try {
      return await loaders.auth0();
    } catch (e) {
      throw new MigrationError(
        "SDK_LOAD_FAILED",
        `@auth0/auth0-spa-js could not be loaded: ${(e as Error)?.message}`,
      );
    }
  };
  const tokenOptions = { audience: o.audience, scope: o.scope, timeoutInSeconds: o.timeoutInSeconds };
  const clientReady: Promise<Auth0ClientLike> = o.auth0Client
    ? Promise.resolve(o.auth0Client)
    : loadA0().then((a0) => createClient(a0 as Auth0Module, o, clientId));
  const token = async (fresh: boolean, started?: Promise<unknown>): Promise<string> => {
    const t = await getAccessToken(await clientReady, { ...tokenOptions, fresh }, started);
    if (t.kind === "token") return t.token;
    if (t.kind === "login-required") throw new Skip("auth0-login-required");
    throw new MigrationError("AUTH0_ERROR", t.message);
  };

  // Two independent waits, side by side: the Auth0 token (a cache read, or silent authentication over the network),
  // and supertokens-web-js (loaded, initialised, and its session state settled). Without any SuperTokens front-end
  // state the SDK cannot tell "no session" from "a session set by the server in httpOnly cookies", and finds out
  // with one POST <apiBasePath>/session/refresh: done here, next to the token, instead of inside the interceptor
  // right before the migrate request. It may find a session (already migrated); the 401 otherwise leaves the SDK
  // in its own "no session" state, so the migrate request goes out without a refresh in front of it.
  // The element may have started both already (loaders.ts `headStart`), with SDKs the page handed over.
  const [discovered, firstToken] = await Promise.allSettled([
    (head?.session ?? Promise.resolve(undefined)).then(
      (known) => known ?? discoverSuperTokensSession(loadSt),
    ),
    token(false, o.auth0Client ? head?.token : undefined),
  ]);
  if (discovered.status === "rejected") throw discovered.reason;
  if (discovered.value === true) return skipped("already-migrated");
  if (firstToken.status === "rejected") {
    if (firstToken.reason instanceof Skip) return skipped(firstToken.reason.reason);
    throw firstToken.reason;
  }
  const client = await clientReady;

  // Looked up now, after init: supertokens-web-js has replaced window.fetch with its interceptor, which stores the
  // new session's tokens (cookie or header mode) from the response.
  const send = (accessToken: string) =>
    withRetry(
      () => postMigration(globalThis.fetch, migrateUrl, accessToken),
      (a) => ({
        retryable: isRetryable(a),
        retryAfterMs: a.kind === "rejected" ? a.retryAfterMs : undefined,
      }),
      { ...o.backoff, maxAttempts: o.maxAttempts },
    );

  try {
    let { result, attempts } = await send(firstToken.value);
    if (result.kind === "rejected" && result.code === "TOKEN_TOO_OLD") {
      const { status } = result;
      const fresh = await token(true).catch((e: unknown) => {
        // The error of the fresh token, with the migrate request already sent counted.
        if (e instanceof MigrationError) throw new MigrationError(e.code, e.message, status, attempts);
        throw e;
      });
      const again = await send(fresh);
      result = again.result;
      attempts += again.attempts;
    }
    if (result.kind !== "ok") throw failure(result, attempts);
    if (!(await superTokensSessionExists(loadSt))) {
      throw new MigrationError(
        "SESSION_NOT_VISIBLE",
        "the backend created a session but supertokens-web-js does not see it: is migrate-url on the SDK's apiDomain " +
          "and is front-token in Access-Control-Expose-Headers?",
        result.status,
        attempts,
      );
    }
    await revokeAuth0Session(client, {
      revokeRefreshTokens:
        o.useRefreshTokens === true || (o.auth0Client !== undefined && o.useRefreshTokens !== false),
      logout: o.auth0Logout === "global" ? "global" : "local",
    });
    return { outcome: "done", userId: result.userId };
  } catch (e) {
    if (e instanceof Skip) return skipped(e.reason);
    throw e;
  }
}

/** auth0-spa-js's localStorage cache keys for the client (`@@auth0spajs@@::<clientId>::…`). */
function hasStoredAuth0Entries(clientId: string): boolean {
  try {
    const storage = globalThis.localStorage;
    for (let i = 0; i < storage.length; i++) {
      if (storage.key(i)?.startsWith(`@@auth0spajs@@::${clientId}::`)) return true;
    }
  } catch {
    // storage disabled
  }
  return false;
}

class Skip {
  constructor(readonly reason: SkipReason) {}
}

function failure(answer: Exclude<MigrateAnswer, { kind: "ok" }>, attempts: number): MigrationError {
  if (answer.kind === "network")
    return new MigrationError("NETWORK_ERROR", answer.message, undefined, attempts);
  return new MigrationError(answer.code, answer.message, answer.status, attempts);
}

function createClient(a0: Auth0Module, o: MigrateAuth0SessionOptions, clientId: string): Auth0ClientLike {
  // Unset: follow the app's client. Its localStorage cache entries mean it uses "localstorage"; a client on the other
  // cache would neither find its token nor clear those entries when signing out.
  const cacheLocation = o.cacheLocation ?? (hasStoredAuth0Entries(clientId) ? "localstorage" : undefined);
  const authorizationParams: { audience?: string; scope?: string } = {};
  if (o.audience) authorizationParams.audience = o.audience;
  if (o.scope) authorizationParams.scope = o.scope;
  try {
    return new a0.Auth0Client({
      domain: o.domain as string,
      clientId,
      authorizationParams,
      ...(cacheLocation ? { cacheLocation } : {}),
      // The element's own client may have no refresh token yet (memory cache): let it fall back to the iframe.
      ...(o.useRefreshTokens ? { useRefreshTokens: true, useRefreshTokensFallback: true } : {}),
      ...(o.timeoutInSeconds ? { authorizeTimeoutInSeconds: o.timeoutInSeconds } : {}),
    });
  } catch (e) {
    throw new MigrationError("AUTH0_ERROR", `auth0-spa-js could not be set up: ${(e as Error)?.message}`);
  }
}
