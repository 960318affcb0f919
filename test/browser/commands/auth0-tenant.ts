// Server commands for browser tests that need the development Auth0 tenant (dev/auth0-tenant).
// The test page itself never navigates: `auth0-tenant:login` signs in through a second tab of the same browser.
import type { ChromeLauncher } from "@web/test-runner-chrome";
import {
  type AccessTokenProfile,
  type Auth0Tenant,
  type Auth0TenantOptions,
  startAuth0Tenant,
} from "../../../dev/auth0-tenant/index.js";

type Page = ReturnType<ChromeLauncher["getPage"]>;
interface CommandContext {
  session: { id: string; browser: unknown };
}

const tenants = new Map<string, Auth0Tenant>();
let nextId = 1;
const LOGIN_TIMEOUT_MS = 15_000;

function tenantFor(payload: { id?: unknown }): Auth0Tenant {
  const tenant = typeof payload.id === "string" ? tenants.get(payload.id) : undefined;
  if (!tenant) throw new Error(`auth0-tenant: no running tenant with id ${String(payload.id)}`);
  return tenant;
}

function testPage(session: CommandContext["session"]): Page {
  const launcher = session.browser as Partial<ChromeLauncher>;
  if (typeof launcher.getPage !== "function") throw new Error("auth0-tenant:login needs the Chrome launcher");
  return launcher.getPage(session.id);
}

/**
 * Opens authorizeUrl in a new tab of the test page's browser context, submits the login form as `user`, and returns
 * the URL the tenant redirects to (the app's redirect_uri with code and state) without loading it.
 */
async function loginInNewTab(session: CommandContext["session"], authorizeUrl: string, user: string) {
  const authorize = new URL(authorizeUrl);
  const redirectUri = authorize.searchParams.get("redirect_uri");
  if (!redirectUri) throw new Error("auth0-tenant:login: the authorize URL has no redirect_uri");
  const target = new URL(redirectUri);
  const isCallback = (candidate: string) => {
    const u = new URL(candidate);
    return u.origin === target.origin && u.pathname === target.pathname && u.origin !== authorize.origin;
  };

  const page = await testPage(session).browserContext().newPage();
  try {
    let resolveCallback: (url: string) => void = () => {};
    const callback = new Promise<string>((resolve) => {
      resolveCallback = resolve;
    });
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (request.isNavigationRequest() && isCallback(request.url())) {
        resolveCallback(request.url());
        void request.abort("aborted");
      } else {
        void request.continue();
      }
    });
    const timeout = (what: string) =>
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`auth0-tenant:login: timed out ${what}`)),
          LOGIN_TIMEOUT_MS,
        ).unref(),
      );
    await page
      .goto(authorize.href, { waitUntil: "domcontentloaded", timeout: LOGIN_TIMEOUT_MS })
      .catch(() => {});
    // Already signed in at the tenant: the authorize request redirected straight to the app.
    const early = await Promise.race([
      callback,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 0)),
    ]);
    if (early) return early;
    const input = await page.waitForSelector("input[name=user]", { timeout: LOGIN_TIMEOUT_MS });
    if (!input) throw new Error("auth0-tenant:login: no login form");
    await input.type(user);
    // The form is shown again with an alert when the tenant refuses the name.
    const refused = page
      .waitForSelector("[role=alert]", { timeout: LOGIN_TIMEOUT_MS })
      .then(async (alert) => {
        const text = await alert?.evaluate((el) => el.textContent);
        throw new Error(`auth0-tenant:login: the login form refused "${user}": ${text}`);
      });
    await page.click("button.primary");
    return await Promise.race([callback, refused, timeout("waiting for the callback")]);
  } finally {
    await page.close().catch(() => {});
  }
}

export const commands = {
  async "auth0-tenant:start"(payload: Auth0TenantOptions) {
    const tenant = await startAuth0Tenant(payload);
    const id = `t${nextId++}`;
    tenants.set(id, tenant);
    return {
      issuer: tenant.issuer,
      url: tenant.url,
      clientId: tenant.clientId,
      audience: tenant.audience,
      id,
    };
  },
  async "auth0-tenant:stop"(payload: { id?: string }) {
    const tenant = tenantFor(payload);
    tenants.delete(payload.id as string);
    await tenant.stop();
    return { stopped: true };
  },
  async "auth0-tenant:set"(payload: {
    id?: string;
    accessTokenTTL?: number;
    jwksAvailable?: boolean;
    profile?: AccessTokenProfile;
  }) {
    const tenant = tenantFor(payload);
    if (payload.accessTokenTTL !== undefined) tenant.setAccessTokenTTL(payload.accessTokenTTL);
    if (payload.jwksAvailable !== undefined) tenant.setJwksAvailable(payload.jwksAvailable);
    if (payload.profile !== undefined) tenant.setAccessTokenProfile(payload.profile);
    return { ok: true };
  },
  /** Extension: rotate the signing key (payload `{ id, keepOld? }`). */
  async "auth0-tenant:rotate-key"(payload: { id?: string; keepOld?: boolean }) {
    await tenantFor(payload).rotateSigningKey({ keepOld: payload.keepOld });
    return { ok: true };
  },
  async "auth0-tenant:stats"(payload: { id?: string }) {
    return { ...tenantFor(payload).stats };
  },
  async "auth0-tenant:login"(payload: { authorizeUrl?: string; user?: string }, { session }: CommandContext) {
    if (typeof payload.authorizeUrl !== "string" || typeof payload.user !== "string") {
      throw new Error("auth0-tenant:login needs { authorizeUrl, user }");
    }
    return { callbackUrl: await loginInNewTab(session, payload.authorizeUrl, payload.user) };
  },
};

export async function stopAll(): Promise<void> {
  const all = [...tenants.values()];
  tenants.clear();
  await Promise.allSettled(all.map((t) => t.stop()));
}
