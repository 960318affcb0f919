// supertokens-web-js in the page: reuse it when the page already initialised it, else initialise it ourselves, and
// read its front-end session state without forcing a network refresh.
import type { SuperTokensModule } from "./types.js";

export interface SuperTokensSetup {
  apiDomain?: string;
  apiBasePath?: string;
  tokenTransferMethod?: "cookie" | "header";
  appName?: string;
}

/**
 * supertokens-web-js patches `window.fetch` once per page and keeps the original in `__supertokensOriginalFetch`
 * (supertokens-website `AuthHttpRequest.init`); there is no public `isInitialized`.
 */
export function isSuperTokensInitialised(win: object = globalThis): boolean {
  return (win as { __supertokensOriginalFetch?: unknown }).__supertokensOriginalFetch !== undefined;
}

/**
 * Initialises supertokens-web-js unless the page already did. Throws a clear error when it cannot.
 *
 * The SDK patches the page's `fetch` and, by default, intercepts every request to the API's host name, whatever the
 * port. As a guest on the page, the migrator narrows that to the API's origin (and the migrate URL's): other requests
 * never get credentials or SuperTokens headers added, e.g. an Auth0 tenant that shares the API's host name in a
 * local set-up.
 */
export function ensureSuperTokens(
  sdk: SuperTokensModule,
  setup: SuperTokensSetup & { migrateUrl?: string },
): "reused" | "initialised" {
  if (isSuperTokensInitialised()) return "reused";
  if (!setup.apiDomain) {
    throw new TypeError(
      "supertokens-web-js is not initialised on this page: set api-domain (apiDomain) so the migrator can initialise it",
    );
  }
  const origins = new Set<string | undefined>([
    originOf(setup.apiDomain),
    originOf(setup.migrateUrl ?? setup.apiDomain),
  ]);
  origins.delete(undefined);
  sdk.init({
    appInfo: {
      appName: setup.appName ?? "auth0-session-migrator",
      apiDomain: setup.apiDomain,
      ...(setup.apiBasePath ? { apiBasePath: setup.apiBasePath } : {}),
    },
    recipeList: [
      sdk.Session.init({
        ...(setup.tokenTransferMethod ? { tokenTransferMethod: setup.tokenTransferMethod } : {}),
        override: {
          functions: (original) => ({
            ...original,
            shouldDoInterceptionBasedOnUrl: (url, apiDomain, backendDomain) =>
              origins.has(originOf(url)) &&
              original.shouldDoInterceptionBasedOnUrl(url, apiDomain, backendDomain),
          }),
        },
      }),
    ],
  });
  return "initialised";
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url, globalThis.location?.href).origin;
  } catch {
    return undefined;
  }
}

/**
 * The front-end cookies supertokens-web-js keeps (default cookie handler): `sFrontToken` and the
 * `st-last-access-token-update` marker. Without the marker the SDK can only learn about a session through a refresh
 * request; with the marker and no front token it knows there is none.
 */
export function readSuperTokensLocalState(
  cookie: string = typeof document === "undefined" ? "" : document.cookie,
): {
  frontToken: boolean;
  marker: boolean;
} {
  // Own tiny parser rather than gate.ts's, so the CDN entry and the lazily loaded flow share no chunk.
  const names = cookie.split(";").map((c) => c.split("=")[0]?.trim());
  return { frontToken: names.includes("sFrontToken"), marker: names.includes("st-last-access-token-update") };
}

const NO_INSTANCE = /No instance of Session found|init function not called/i;

/**
 * Does the front end see a SuperTokens session? Answers from cookies when they settle it (no network); only when both
 * the marker and the front token are present asks the SDK, which refreshes only if the access token has expired.
 * `load` is called only in that case.
 */
export async function superTokensSessionExists(load: () => Promise<SuperTokensModule>): Promise<boolean> {
  const local = readSuperTokensLocalState();
  if (!local.marker || !local.frontToken) return false;
  const sdk = await load();
  try {
    return await sdk.Session.doesSessionExist();
  } catch (e) {
    // The page initialised a different copy of supertokens-web-js (e.g. this element came from the CDN): ours has no
    // instance, but the page's interceptor keeps the same cookies, which say the session exists.
    if (NO_INSTANCE.test(String((e as Error)?.message))) return true;
    throw e;
  }
}

/**
 * Loads and initialises the SDK (`load`) and settles its session state before the migrate request.
 *
 * Without the `st-last-access-token-update` marker the SDK's local state is "may exist": a session could live in
 * httpOnly cookies set by the server alone (a server-side sign-in, another subdomain's front end), which the front end
 * cannot see. The SDK's interceptor then sends `POST <apiBasePath>/session/refresh` before the first API request
 * (supertokens-website `getLocalSessionState(true)`); its `Session.doesSessionExist()` does the same. Calling that here
 * lets the caller overlap it with other work, and tells it about such a session. Afterwards the SDK is in a settled
 * state (session found, or its own "no session" marker after the 401), so the interceptor adds no refresh.
 *
 * With the marker the cookies settle it locally: no front token, no session; a front token, as in
 * {@link superTokensSessionExists}.
 * Returns `undefined` when it cannot ask: this copy of the SDK is not the page's (the page's interceptor will settle
 * the state itself, before the migrate request).
 */
export async function discoverSuperTokensSession(
  load: () => Promise<SuperTokensModule>,
): Promise<boolean | undefined> {
  const sdk = await load();
  const local = readSuperTokensLocalState();
  if (local.marker) return local.frontToken ? superTokensSessionExists(load) : false;
  try {
    return await sdk.Session.doesSessionExist();
  } catch (e) {
    if (NO_INSTANCE.test(String((e as Error)?.message))) return undefined;
    throw e;
  }
}
