// Ending the Auth0 session, only after the SuperTokens session is confirmed. Never navigates the page.
import type { Auth0ClientLike } from "./types.js";

export interface RevokeOptions {
  /** Revoke refresh tokens first (a no-op in auth0-spa-js when the client does not use them). */
  revokeRefreshTokens: boolean;
  /**
   * "global": also load Auth0's /v2/logout in a hidden iframe, best effort: it only ends the Auth0 SSO session when the
   * browser sends Auth0's cookies to that frame (custom domain on the same site, or third-party cookies allowed).
   */
  logout: "local" | "global";
  /** How long to wait for the hidden logout frame in ms (default 5000). */
  frameTimeoutMs?: number;
}

export interface RevokeReport {
  refreshTokensRevoked: boolean;
  loggedOut: boolean;
}

/** Loads `url` in a hidden, sandbox-free iframe and removes it on load or after `timeoutMs`. */
export function loadInHiddenFrame(url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = "Auth0 logout";
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      frame.remove();
      resolve();
    };
    timer = setTimeout(finish, timeoutMs);
    frame.addEventListener("load", finish, { once: true });
    frame.addEventListener("error", finish, { once: true });
    frame.src = url;
    document.body.append(frame);
  });
}

export async function revokeAuth0Session(
  client: Auth0ClientLike,
  options: RevokeOptions,
): Promise<RevokeReport> {
  const report: RevokeReport = { refreshTokensRevoked: false, loggedOut: false };
  if (options.revokeRefreshTokens && typeof client.revokeRefreshToken === "function") {
    try {
      await client.revokeRefreshToken();
      report.refreshTokensRevoked = true;
    } catch {
      // Best effort: the local logout below still removes the tokens from this browser.
    }
  }
  try {
    // auth0-spa-js clears its cache and cookies first, then calls openUrl (or nothing with openUrl: false).
    await client.logout({
      openUrl:
        options.logout === "global" ? (url) => loadInHiddenFrame(url, options.frameTimeoutMs ?? 5000) : false,
    });
    report.loggedOut = true;
  } catch {
    // Nothing else to do without navigating.
  }
  return report;
}
