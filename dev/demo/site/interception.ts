// supertokens-web-js intercepts every request to the API's host name, ignoring the port. In the demo the Auth0 tenant
// is on that host too (everything runs on localhost), so the pages narrow interception to the API's own origin:
// otherwise auth0-spa-js's calls to the tenant would be sent with credentials and SuperTokens headers.

type ShouldIntercept = (url: string, apiDomain: string, backendDomain: string | undefined) => boolean;

function sameOrigin(url: string, apiDomain: string): boolean {
  try {
    return new URL(url, location.href).origin === new URL(apiDomain).origin;
  } catch {
    return false;
  }
}

/** A Session recipe `override.functions` that intercepts only requests to the API's origin. */
export function apiOriginOnly<T extends { shouldDoInterceptionBasedOnUrl: ShouldIntercept }>(original: T): T {
  return {
    ...original,
    shouldDoInterceptionBasedOnUrl: (url, apiDomain, backendDomain) =>
      sameOrigin(url, apiDomain) && original.shouldDoInterceptionBasedOnUrl(url, apiDomain, backendDomain),
  };
}
