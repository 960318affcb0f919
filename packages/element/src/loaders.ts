// Default SDK loaders: dynamic imports, so neither SDK is downloaded until a migration actually runs
// (the CDN build turns each into its own lazily loaded chunk). Imported by the entries only, never by the flow chunk,
// so the CDN entry and the lazily loaded code share no chunk.
import { cookieNames } from "./gate.js";
import { type TokenOptions, tokenRequest } from "./token.js";
import type { Auth0ClientLike, Auth0Module, MigrationLoaders, SuperTokensModule } from "./types.js";

export async function loadAuth0(): Promise<Auth0Module> {
  // The module itself: its Auth0Client is all the flow uses.
  return (await import("@auth0/auth0-spa-js")) as unknown as Auth0Module;
}

export async function loadSuperTokens(): Promise<SuperTokensModule> {
  return scriptTagSuperTokens() ?? (await import("./supertokens-sdk.js")).default;
}

/**
 * supertokens-web-js loaded with script tags (its `bundle/` files, as SuperTokens documents for pages without a
 * bundler) defines the globals `supertokens` and `supertokensSession`. Using the page's copy costs no download, and
 * lets the session check run next to the Auth0 token: a second copy has no instance to ask.
 */
export function scriptTagSuperTokens(win: object = globalThis): SuperTokensModule | undefined {
  const { supertokens: root, supertokensSession: session } = win as {
    supertokens?: Partial<SuperTokensModule>;
    supertokensSession?: Partial<SuperTokensModule["Session"]>;
  };
  const fn = (f: unknown) => typeof f === "function";
  if (!root || !session || !fn(root.init) || !fn(session.init) || !fn(session.doesSessionExist))
    return undefined;
  return { init: root.init as SuperTokensModule["init"], Session: session as SuperTokensModule["Session"] };
}

/** The first call starts the load, later calls share it (a failed module import fails again anyway). */
function shared<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    if (!p) {
      p = load();
      // Marks the promise as handled: a prefetch nobody ends up awaiting must not report an unhandled rejection.
      p.catch(() => {});
    }
    return p;
  };
}

/** The loaders a run uses: the given ones (tests, apps with their own copies) or the dynamic imports, each shared. */
export function sdkLoaders(given: MigrationLoaders = {}): Required<MigrationLoaders> {
  return {
    auth0: shared(given.auth0 ?? loadAuth0),
    supertokens: shared(given.supertokens ?? loadSuperTokens),
  };
}

/** Work the element starts at connect, before the flow's code has arrived; the flow picks it up. */
export interface HeadStart {
  /** The first `getTokenSilently()` of a page-provided Auth0 client (see token.ts `getAccessToken`). */
  token?: Promise<unknown>;
  /** The SuperTokens session check of a supertokens-web-js the page already initialised; undefined: not asked. */
  session: Promise<boolean | undefined>;
}

/**
 * Called only after the gate passed. Starts downloading what a migration will need, at once and in parallel:
 * supertokens-web-js always, auth0-spa-js unless an auth0Client is given or the SuperTokens front token is present
 * (then the run most likely ends as already-migrated and never needs it). With SDKs the page handed over, their
 * network waits start here too, side by side with the flow's download instead of after it: the Auth0 token and
 * supertokens-web-js's session check (its refresh request on a browser without SuperTokens state).
 */
export function headStart(
  loaders: Required<MigrationLoaders>,
  options: TokenOptions & { auth0Client?: Auth0ClientLike },
  cookie: string = document.cookie,
): HeadStart {
  const migrated = cookieNames(cookie).has("sFrontToken");
  const client = migrated ? undefined : options.auth0Client;
  if (!options.auth0Client && !migrated) void loaders.auth0();
  // Not a client (a forgotten `await createAuth0Client()`): no early request; the flow reports INVALID_OPTIONS.
  const token =
    typeof client?.getTokenSilently === "function"
      ? client.getTokenSilently(tokenRequest(options))
      : undefined;
  token?.catch(() => {}); // handled by the flow, or not needed after all
  return {
    token,
    session: loaders
      .supertokens()
      // Only a copy the page initialised can answer before the flow runs; another copy throws "no instance".
      .then((sdk) =>
        "__supertokensOriginalFetch" in globalThis ? sdk.Session.doesSessionExist() : undefined,
      )
      .catch(() => undefined),
  };
}
