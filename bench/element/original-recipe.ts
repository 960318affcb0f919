// The baseline: the original session-migration recipe's front end, which imported @auth0/auth0-spa-js,
// supertokens-web-js and axios up front on every page and migrated with axios. Bundled by run.ts the same way as
// the element's CDN build (esbuild, ESM, splitting, minify). Not shipped; only measured.
import { createAuth0Client } from "@auth0/auth0-spa-js";
import axios from "axios";
import SuperTokens from "supertokens-web-js";
import Session from "supertokens-web-js/recipe/session/index.js";

declare global {
  interface Window {
    originalRecipe?: { domain: string; clientId: string; apiDomain: string };
  }
}

async function main(): Promise<void> {
  const config = window.originalRecipe;
  if (!config) return;
  SuperTokens.init({
    appInfo: { appName: "original", apiDomain: config.apiDomain, apiBasePath: "/auth" },
    recipeList: [Session.init()],
  });
  const auth0 = await createAuth0Client({ domain: config.domain, clientId: config.clientId });
  if (!(await auth0.isAuthenticated())) return;
  if (await Session.doesSessionExist()) return;
  const accessToken = await auth0.getTokenSilently();
  await axios.post(
    `${config.apiDomain}/migrate-session`,
    {},
    { headers: { Authorization: `Bearer ${accessToken}` } },
  );
  await auth0.logout({ openUrl: false });
}

void main();
