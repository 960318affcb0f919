// Default SDK loaders: dynamic imports, so neither SDK is downloaded until a migration actually runs
// (the CDN build turns each into its own lazily loaded chunk). Imported by the entries only, never by the flow chunk,
// so the CDN entry and the lazily loaded code share no chunk.
import { cookieNames } from "./gate.js";
import type { Auth0Module, MigrationLoaders, SuperTokensModule } from "./types.js";

export async function loadAuth0(): Promise<Auth0Module> {
  const { Auth0Client } = await import("@auth0/auth0-spa-js");
  return { Auth0Client: Auth0Client as unknown as Auth0Module["Auth0Client"] };
}

export async function loadSuperTokens(): Promise<SuperTokensModule> {
  return (await import("./supertokens-sdk.js")).default;
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

/**
 * Starts downloading what a migration will need, at once and in parallel (called only after the gate passed):
 * supertokens-web-js always, auth0-spa-js unless an auth0Client is given or the SuperTokens front token is present
 * (then the run most likely ends as already-migrated and never needs it).
 */
export function prefetchSdks(
  loaders: Required<MigrationLoaders>,
  options: { auth0Client?: unknown },
  cookie: string = typeof document === "undefined" ? "" : document.cookie,
): void {
  void loaders.supertokens();
  if (!options.auth0Client && !cookieNames(cookie).has("sFrontToken")) void loaders.auth0();
}
