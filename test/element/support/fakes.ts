// Fakes at the SDK boundary only: a fake @auth0/auth0-spa-js module and a fake supertokens-web-js module whose
// init() patches the window's fetch the way the real SDK does (answering the migrate POST from a script and writing
// the front-end session cookies on OK). Everything between them (gate, lock, retry, token, migrate, revoke, element)
// is the real code.
import type {
  Auth0ClientLike,
  Auth0Module,
  MigrationLoaders,
  SuperTokensModule,
} from "../../../packages/element/src/types.js";

export const CLIENT_ID = "spa-test-client";
export const API = "https://api.example.test";

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Reject like fetch does on a network failure. */
  networkError?: boolean;
  /** Answer only after this promise settles (to hold a request open). */
  until?: Promise<unknown>;
}

export const OK = (userId = "auth0|alice"): Reply => ({ status: 200, body: { status: "OK", userId } });
export const REJECT = (status: number, code: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { status: code, message: `fake ${code}` },
  headers,
});

export type TokenStep = string | { error: string; message?: string } | Error;

export interface Post {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  /** `credentials` as the caller asked (the real SDK keeps it; it only adds `include` when unset). */
  credentials: RequestCredentials | undefined;
  at: number;
}

/** Sets a path=/ session cookie (tests need exactly the SDKs' own document.cookie behaviour). */
export function setCookie(doc: Document, name: string, value: string) {
  doc.cookie = `${name}=${value}; path=/`;
}
function deleteCookie(doc: Document, name: string) {
  doc.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}

export const AUTH0_COOKIES = [
  `auth0.${CLIENT_ID}.is.authenticated`,
  `_legacy_auth0.${CLIENT_ID}.is.authenticated`,
];
export const ST_COOKIES = [
  "sFrontToken",
  "st-last-access-token-update",
  "st-access-token",
  "st-refresh-token",
];

/** Wipes everything a test may have left: cookies, localStorage, patched fetch and SDK globals. */
export function resetPage(win: Window = window): void {
  for (const name of document.cookie.split(";").map((c) => c.split("=")[0]?.trim())) {
    if (name) deleteCookie(win.document, name);
  }
  win.localStorage.clear();
  const w = win as Window & {
    __supertokensOriginalFetch?: typeof fetch;
    __supertokensSessionRecipe?: unknown;
  };
  if (w.__supertokensOriginalFetch) win.fetch = w.__supertokensOriginalFetch;
  delete w.__supertokensOriginalFetch;
  delete w.__supertokensSessionRecipe;
}

/** A scripted world: one Auth0 tenant, one backend, shared by every window (frame) that asks for loaders. */
export class FakeWorld {
  readonly posts: Post[] = [];
  readonly replies: Reply[] = [];
  readonly tokenSteps: TokenStep[] = [];
  readonly tokenCalls: Array<Record<string, unknown> | undefined> = [];
  readonly clientOptions: unknown[] = [];
  readonly revokeCalls: unknown[] = [];
  readonly logoutCalls: Array<{ openUrl?: unknown }> = [];
  readonly stInitConfigs: unknown[] = [];
  readonly sessionInitConfigs: unknown[] = [];
  readonly loads = { auth0: 0, supertokens: 0 };
  /** What the migrate endpoint answers when `replies` is empty. */
  defaultReply: Reply = OK();
  /** Default token (returned when `tokenSteps` is empty). */
  token = "header.payload.signature";
  /** Make auth0 logout remove the cookies and cache, like auth0-spa-js does. */
  logoutClears = true;
  /** getTokenSilently waits for this first (to observe what runs meanwhile). */
  holdToken: Promise<unknown> | undefined;
  /**
   * The backend holds a SuperTokens session in httpOnly cookies the front end has no state for (server-side sign-in):
   * the fake SDK's refresh finds it.
   */
  serverSession = false;
  /** Every `POST /session/refresh` the fake SDK made, and why. */
  readonly refreshes: Array<{ via: "doesSessionExist" | "interceptor"; at: number }> = [];
  private readonly copies = new WeakMap<Window, SuperTokensModule>();

  /** Sets the auth0-spa-js cookie hint (both names) in `win`'s cookie jar. */
  signInToAuth0(
    win: Window = window,
    options: { cookie?: boolean; storage?: boolean } = { cookie: true },
  ): void {
    if (options.cookie !== false) for (const c of AUTH0_COOKIES) setCookie(win.document, c, "true");
    if (options.storage) {
      win.localStorage.setItem(
        `@@auth0spajs@@::${CLIENT_ID}::https://api.example.test/::openid profile email`,
        JSON.stringify({ body: { access_token: this.token }, expiresAt: Date.now() / 1000 + 3600 }),
      );
    }
  }

  /** Removes the auth0-spa-js cookie hint (both names), as signing out of Auth0 in another tab does. */
  signOutOfAuth0(win: Window = window): void {
    for (const c of AUTH0_COOKIES) deleteCookie(win.document, c);
  }

  hasAuth0Cookie(win: Window = window): boolean {
    return AUTH0_COOKIES.some((c) => win.document.cookie.includes(`${c}=`));
  }

  client(win: Window = window): Auth0ClientLike {
    const world = this;
    return {
      async getTokenSilently(options) {
        world.tokenCalls.push(options as Record<string, unknown> | undefined);
        if (world.holdToken) await world.holdToken;
        const step = world.tokenSteps.shift() ?? world.token;
        if (step instanceof Error) throw step;
        if (typeof step === "object") throw Object.assign(new Error(step.message ?? step.error), step);
        return step;
      },
      async revokeRefreshToken(options) {
        world.revokeCalls.push(options);
      },
      async logout(options) {
        world.logoutCalls.push(options ?? {});
        if (world.logoutClears) {
          for (const c of AUTH0_COOKIES) deleteCookie(win.document, c);
          for (const key of Object.keys(win.localStorage)) {
            if (key.startsWith("@@auth0spajs@@")) win.localStorage.removeItem(key);
          }
        }
        if (typeof options?.openUrl === "function")
          await options.openUrl("https://tenant.example.test/v2/logout");
      },
    };
  }

  auth0Module(win: Window = window): Auth0Module {
    const world = this;
    return {
      Auth0Client: class {
        constructor(options: unknown) {
          world.clientOptions.push(options);
          // biome-ignore lint/correctness/noConstructorReturn: a fake standing in for the SDK class
          return world.client(win);
        }
      } as unknown as Auth0Module["Auth0Client"],
    };
  }

  /**
   * supertokens-website's local session state: the marker cookie settles it (front token present or not); without the
   * marker it "may exist", and the SDK refreshes to find out. The fake refresh finds `serverSession` or answers 401,
   * after which the SDK writes its marker (and no front token), as the real one does.
   */
  private async settleLocalState(win: Window, via: "doesSessionExist" | "interceptor"): Promise<boolean> {
    const has = (name: string) => win.document.cookie.split("; ").some((c) => c.startsWith(`${name}=`));
    if (has("st-last-access-token-update")) return has("sFrontToken");
    this.refreshes.push({ via, at: Date.now() });
    await Promise.resolve();
    setCookie(win.document, "st-last-access-token-update", String(Date.now()));
    if (this.serverSession) setCookie(win.document, "sFrontToken", "eyJ1aWQiOiJ4In0");
    else deleteCookie(win.document, "sFrontToken");
    return this.serverSession;
  }

  /** The page's copy of supertokens-web-js in `win` (one module per window, as with one bundle). */
  supertokensModule(win: Window = window): SuperTokensModule {
    let copy = this.copies.get(win);
    if (!copy) {
      copy = this.anotherSupertokensCopy(win);
      this.copies.set(win, copy);
    }
    return copy;
  }

  /** A second, separately bundled copy of supertokens-web-js (e.g. the CDN element's next to the page's own). */
  anotherSupertokensCopy(win: Window = window): SuperTokensModule {
    const world = this;
    const w = win as Window & { __supertokensOriginalFetch?: typeof fetch };
    let apiDomain = "";
    let initialised = false;
    return {
      init(config) {
        world.stInitConfigs.push(config);
        initialised = true;
        apiDomain = config.appInfo.apiDomain;
        if (w.__supertokensOriginalFetch) return; // like the real SDK: patch once per page
        const original = win.fetch.bind(win);
        w.__supertokensOriginalFetch = original;
        win.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
          const url = String(input instanceof Request ? input.url : input);
          if (!url.startsWith(apiDomain)) return original(input, init);
          const headers = Object.fromEntries(new Headers(init?.headers).entries());
          let body: unknown = init?.body;
          try {
            body = JSON.parse(String(init?.body));
          } catch {
            // keep raw
          }
          await world.settleLocalState(win, "interceptor");
          world.posts.push({
            url,
            method: init?.method ?? "GET",
            headers,
            body,
            credentials: init?.credentials,
            at: Date.now(),
          });
          const reply = world.replies.shift() ?? world.defaultReply;
          if (reply.until) await reply.until;
          if (reply.networkError) throw new TypeError("Failed to fetch");
          const status = reply.status ?? 200;
          if (status === 200 && (reply.body as { status?: string } | undefined)?.status === "OK") {
            setCookie(win.document, "sFrontToken", "eyJ1aWQiOiJ4In0");
            setCookie(win.document, "st-last-access-token-update", String(Date.now()));
          }
          return new Response(JSON.stringify(reply.body ?? {}), {
            status,
            headers: { "content-type": "application/json", ...reply.headers },
          });
        };
      },
      Session: {
        init(config) {
          world.sessionInitConfigs.push(config);
          return { recipe: "session" };
        },
        async doesSessionExist() {
          // Only the copy whose init ran has a Session instance (the real SDK throws the same message).
          if (!initialised)
            throw new Error("No instance of Session found. Make sure to call the Session.init method.");
          return world.settleLocalState(win, "doesSessionExist");
        },
      },
    };
  }

  loaders(win: Window = window): Required<MigrationLoaders> {
    return {
      auth0: async () => {
        this.loads.auth0++;
        return this.auth0Module(win);
      },
      supertokens: async () => {
        this.loads.supertokens++;
        return this.supertokensModule(win);
      },
    };
  }
}

/** Records events of the given types on `target`, in order. */
export interface RecordedEvent {
  type: string;
  detail: unknown;
  bubbles: boolean;
  composed: boolean;
  /** The innermost target, captured during dispatch (composedPath() is empty afterwards). */
  origin: EventTarget | undefined;
}

export function recordEvents(target: EventTarget, types: string[]): RecordedEvent[] {
  const log: RecordedEvent[] = [];
  const listener = (event: Event) => {
    const { type, bubbles, composed } = event;
    log.push({
      type,
      detail: (event as CustomEvent).detail,
      bubbles,
      composed,
      origin: event.composedPath()[0],
    });
  };
  for (const type of types) target.addEventListener(type, listener);
  return log;
}

export const EVENTS = [
  "auth0-migration-start",
  "auth0-migration-complete",
  "auth0-migration-skipped",
  "auth0-migration-error",
];

export function nextEvent(target: EventTarget, types: string[] = EVENTS.slice(1)): Promise<CustomEvent> {
  return new Promise((resolve) => {
    const handler = (e: Event) => {
      for (const t of types) target.removeEventListener(t, handler);
      resolve(e as CustomEvent);
    };
    for (const t of types) target.addEventListener(t, handler);
  });
}
