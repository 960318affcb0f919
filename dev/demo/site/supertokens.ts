// The page's own supertokens-web-js set-up (the demo's default; ?init=element leaves it to the migrator).
import { init as initSuperTokens } from "supertokens-web-js";
import { doesSessionExist, init as initSession } from "supertokens-web-js/recipe/session/index.js";
import type { Settings } from "./settings.js";

function sameOrigin(url: string, apiDomain: string): boolean {
  try {
    return new URL(url, location.href).origin === new URL(apiDomain).origin;
  } catch {
    return false;
  }
}

export function initPageSuperTokens(settings: Settings): void {
  initSuperTokens({
    appInfo: {
      appName: "Session migration demo",
      apiDomain: settings.apiDomain,
      apiBasePath: settings.apiBasePath,
    },
    recipeList: [
      initSession({
        tokenTransferMethod: settings.tokenTransfer,
        // supertokens-web-js intercepts every request to the API's host name, ignoring the port. Here the Auth0
        // tenant is on that host too (everything runs on localhost), so only the API's own origin is intercepted:
        // otherwise auth0-spa-js's calls to the tenant would be sent with credentials and SuperTokens headers.
        override: {
          functions: (original) => ({
            ...original,
            shouldDoInterceptionBasedOnUrl: (url, apiDomain, backendDomain) =>
              sameOrigin(url, apiDomain) &&
              original.shouldDoInterceptionBasedOnUrl(url, apiDomain, backendDomain),
          }),
        },
      }),
    ],
  });
}

/** What most apps do on load: ask whether a session exists (leaves supertokens-web-js's front-end state behind). */
export function pageHasSession(): Promise<boolean> {
  return doesSessionExist();
}
