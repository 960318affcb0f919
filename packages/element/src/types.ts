/** Where a migration run is. Reflected on the element as the `state` attribute. */
export type MigrationState = "idle" | "checking" | "migrating" | "done" | "skipped" | "error";

/** Why a run ended without migrating. */
export type SkipReason = "no-auth0-session" | "already-migrated" | "auth0-login-required";

/**
 * Error codes: the backend's `status` strings (`BAD_REQUEST`, `INVALID_TOKEN`, `TOKEN_TOO_OLD`, `FORBIDDEN_ORIGIN`,
 * `SESSION_EXISTS_FOR_ANOTHER_USER`, `AUTH0_UNAVAILABLE`, ...) or one of the client-side codes below.
 */
export type ClientErrorCode =
  | "INVALID_OPTIONS" // missing or malformed options / attributes
  | "SDK_LOAD_FAILED" // a dynamic import of an SDK failed
  | "AUTH0_ERROR" // auth0-spa-js failed for a reason other than "the user must log in again"
  | "NETWORK_ERROR" // the migrate request never got an HTTP answer
  | "SERVER_ERROR" // 5xx without a JSON status
  | "INVALID_RESPONSE" // an answer that is not the documented JSON
  | "SESSION_NOT_VISIBLE" // the backend said OK but supertokens-web-js sees no session
  | "UNEXPECTED"; // anything else (a bug)

export type MigrationResult =
  | { outcome: "done"; userId: string }
  | { outcome: "skipped"; reason: SkipReason }
  | {
      outcome: "error";
      /** Backend status string or a {@link ClientErrorCode}. */
      code: string;
      /** HTTP status of the last migrate answer, when there was one. */
      status: number | undefined;
      /** Migrate requests sent (0 when the run failed before the first one). */
      attempts: number;
      /** A human-readable explanation (English; safe to log, never contains tokens). */
      message: string;
    };

/** The part of an auth0-spa-js `Auth0Client` the migrator uses. */
export interface Auth0ClientLike {
  getTokenSilently(options?: {
    cacheMode?: "on" | "off" | "cache-only";
    timeoutInSeconds?: number;
    authorizationParams?: { audience?: string; scope?: string };
  }): Promise<unknown>;
  logout(options?: { openUrl?: false | ((url: string) => Promise<void> | void) }): Promise<void>;
  revokeRefreshToken?(options?: { audience?: string }): Promise<void>;
}

/** The part of the `@auth0/auth0-spa-js` module the migrator uses. */
export interface Auth0Module {
  Auth0Client: new (options: {
    domain: string;
    clientId: string;
    authorizationParams?: { audience?: string; scope?: string };
    cacheLocation?: "memory" | "localstorage";
    useRefreshTokens?: boolean;
    useRefreshTokensFallback?: boolean;
    authorizeTimeoutInSeconds?: number;
  }) => Auth0ClientLike;
}

/** The parts of `supertokens-web-js` and `supertokens-web-js/recipe/session` the migrator uses. */
export interface SuperTokensModule {
  init(config: {
    appInfo: { appName: string; apiDomain: string; apiBasePath?: string };
    recipeList: unknown[];
  }): void;
  Session: {
    init(config?: {
      tokenTransferMethod?: "cookie" | "header";
      // Method syntax on purpose: the SDK's own override type (the whole RecipeInterface, and a builder) must fit.
      override?: { functions?(original: SessionRecipeFunctions, builder?: unknown): SessionRecipeFunctions };
    }): unknown;
    doesSessionExist(): Promise<boolean>;
  };
}

/** The one Session recipe function the migrator overrides (supertokens-web-js `RecipeInterface`). */
export interface SessionRecipeFunctions {
  shouldDoInterceptionBasedOnUrl(url: string, apiDomain: string, sessionTokenBackendDomain?: string): boolean;
}

/** SDK loaders; the defaults use dynamic `import()`. Tests and apps with their own copies can replace them. */
export interface MigrationLoaders {
  auth0?: () => Promise<Auth0Module>;
  supertokens?: () => Promise<SuperTokensModule>;
}
