// Getting the Auth0 access token: cache first, a fresh one on demand. Errors that mean "this user has to log in
// again" (or that Auth0 cannot answer silently in time) are told apart from real failures.
import type { Auth0ClientLike } from "./types.js";

/** auth0-spa-js `error` values meaning silent authentication cannot succeed without the user. */
export const LOGIN_REQUIRED_ERRORS: ReadonlySet<string> = new Set([
  "login_required",
  "consent_required",
  "interaction_required",
  "missing_refresh_token",
  "invalid_grant",
  "mfa_required",
  "timeout", // auth0-spa-js TimeoutError
]);

export type TokenResult =
  | { kind: "token"; token: string }
  | { kind: "login-required"; error: string }
  | { kind: "failed"; message: string };

export interface TokenOptions {
  audience?: string;
  scope?: string;
  timeoutInSeconds?: number;
  /** Skip the cache (`cacheMode: "off"`): used after the backend said TOKEN_TOO_OLD. */
  fresh?: boolean;
}

/** The `getTokenSilently()` argument for these options. */
export function tokenRequest(options: TokenOptions = {}): Parameters<Auth0ClientLike["getTokenSilently"]>[0] {
  const authorizationParams: { audience?: string; scope?: string } = {};
  // Only set keys with values: an explicit `undefined` would override the client's own defaults.
  if (options.audience) authorizationParams.audience = options.audience;
  if (options.scope) authorizationParams.scope = options.scope;
  return {
    cacheMode: options.fresh ? "off" : "on",
    ...(Number(options.timeoutInSeconds) > 0 ? { timeoutInSeconds: options.timeoutInSeconds } : {}),
    ...(Object.keys(authorizationParams).length ? { authorizationParams } : {}),
  };
}

/**
 * Gets the token, or interprets `started`: the same `getTokenSilently(tokenRequest(options))` call, already made by the
 * element at connect so that it runs while the flow's own code downloads.
 */
export async function getAccessToken(
  client: Auth0ClientLike,
  options: TokenOptions = {},
  started?: Promise<unknown>,
): Promise<TokenResult> {
  try {
    const token = await (started ?? client.getTokenSilently(tokenRequest(options)));
    if (typeof token === "string" && token) return { kind: "token", token };
    return { kind: "failed", message: "auth0-spa-js returned no access token" };
  } catch (e) {
    const error = (e as { error?: unknown } | null)?.error;
    if (typeof error === "string" && LOGIN_REQUIRED_ERRORS.has(error))
      return { kind: "login-required", error };
    const description = (e as { message?: unknown } | null)?.message;
    return {
      kind: "failed",
      message: `auth0-spa-js could not get a token: ${typeof error === "string" ? error : typeof description === "string" ? description : String(e)}`,
    };
  }
}
