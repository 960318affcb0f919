// The page's own auth0-spa-js client, configured from the page settings (the demo app, and the bare page with ?give=1).
import { Auth0Client } from "@auth0/auth0-spa-js";
import type { Settings } from "./settings.js";

export function createPageAuth0Client(settings: Settings): Auth0Client {
  return new Auth0Client({
    domain: settings.domain,
    clientId: settings.clientId,
    authorizationParams: {
      redirect_uri: `${location.origin}/`,
      ...(settings.audience ? { audience: settings.audience } : {}),
    },
    cacheLocation: settings.cacheLocation,
    useRefreshTokens: settings.useRefreshTokens,
  });
}
