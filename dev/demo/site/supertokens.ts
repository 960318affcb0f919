// The page's own supertokens-web-js set-up (the demo's default; ?init=element leaves it to the migrator).
import { init as initSuperTokens } from "supertokens-web-js";
import { doesSessionExist, init as initSession } from "supertokens-web-js/recipe/session/index.js";
import { apiOriginOnly } from "./interception.js";
import type { Settings } from "./settings.js";

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
        override: { functions: apiOriginOnly },
      }),
    ],
  });
}

/** What most apps do on load: ask whether a session exists (leaves supertokens-web-js's front-end state behind). */
export function pageHasSession(): Promise<boolean> {
  return doesSessionExist();
}

/** The page's copy of supertokens-web-js in the shape of the element's `loaders.supertokens`. */
export function pageSuperTokensModule() {
  return { init: initSuperTokens, Session: { init: initSession, doesSessionExist } };
}
