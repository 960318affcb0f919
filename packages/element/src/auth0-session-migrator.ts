import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from "lit";
import type {
  MigrationCompleteDetail,
  MigrationCompleteEvent,
  MigrationErrorDetail,
  MigrationErrorEvent,
  MigrationSkippedDetail,
  MigrationSkippedEvent,
  MigrationStartDetail,
  MigrationStartEvent,
} from "./events.js";
import type { MigrateAuth0SessionOptions } from "./flow.js";
import { hasAuth0Session } from "./gate.js";
import { headStart, sdkLoaders } from "./loaders.js";
import { styles } from "./styles.js";
import type { Auth0ClientLike, MigrationLoaders, MigrationResult, MigrationState } from "./types.js";

/**
 * Moves a visitor who is signed in with Auth0 (auth0-spa-js) into a SuperTokens session without a new login, then
 * ends the Auth0 session in this browser. Invisible unless it is migrating, failed, or shows a slotted done message. A
 * thin shell over `migrateAuth0Session()`: the cookie gate runs synchronously, everything else (and both SDKs) loads
 * lazily.
 *
 * @summary Silent Auth0 → SuperTokens session migration.
 * @tagname auth0-session-migrator
 *
 * @fires {CustomEvent<{ clientId: string }>} auth0-migration-start - A migration begins (after the gate and lock).
 * @fires {CustomEvent<{ userId: string }>} auth0-migration-complete - The SuperTokens session exists and Auth0 was signed out.
 * @fires {CustomEvent<{ reason: "no-auth0-session" | "already-migrated" | "auth0-login-required" }>} auth0-migration-skipped - Nothing to do.
 * @fires {CustomEvent<{ code: string; status: number | undefined; attempts: number; message: string }>} auth0-migration-error - The migration failed; the Auth0 session is untouched.
 *
 * @slot migrating - Shown while migrating (default: a spinner and "Signing you in…"), inside an aria-live region.
 * @slot done - Shown after a successful migration (default: nothing; without it the element takes no room).
 * @slot error - Shown after a failure (default: a short message), inside a role="alert" region.
 *
 * @csspart status - The aria-live region holding the migrating/done content.
 * @csspart spinner - The default spinner.
 * @csspart label - The default "Signing you in…" text.
 * @csspart error - The region holding the error content.
 *
 * @cssproperty --auth0-session-migrator-color - Text colour (default: inherit).
 * @cssproperty --auth0-session-migrator-font - Font shorthand (default: inherit).
 * @cssproperty --auth0-session-migrator-gap - Space between spinner and label (default: 0.5em).
 * @cssproperty --auth0-session-migrator-spinner-size - Spinner size (default: 1em).
 * @cssproperty --auth0-session-migrator-spinner-color - Spinner colour (default: currentColor).
 * @cssproperty --auth0-session-migrator-spinner-track - Spinner track colour.
 * @cssproperty --auth0-session-migrator-error-color - Error text colour (default: #b00020).
 */
export class Auth0SessionMigrator extends LitElement {
  static override styles = styles;

  // String is lit's default property type.
  static override properties: PropertyDeclarations = {
    domain: {},
    clientId: { attribute: "client-id" },
    audience: {},
    scope: {},
    cacheLocation: { attribute: "cache-location" },
    useRefreshTokens: { type: Boolean, attribute: "use-refresh-tokens" },
    timeout: { type: Number },
    apiDomain: { attribute: "api-domain" },
    apiBasePath: { attribute: "api-base-path" },
    migrateUrl: { attribute: "migrate-url" },
    tokenTransfer: { attribute: "token-transfer" },
    detect: {},
    auth0Logout: { attribute: "auth0-logout" },
    maxAttempts: { type: Number, attribute: "max-attempts" },
    manual: { type: Boolean },
    state: { reflect: true },
    auth0Client: { attribute: false },
    loaders: { attribute: false },
  };

  /** Auth0 domain, as for auth0-spa-js. */
  declare domain: string | undefined;
  /** Auth0 application (client) id. Required. */
  declare clientId: string | undefined;
  /** API audience of the access token the backend expects. */
  declare audience: string | undefined;
  /** Scopes, as for auth0-spa-js `authorizationParams.scope`. */
  declare scope: string | undefined;
  /** auth0-spa-js `cacheLocation`: "memory" (default) or "localstorage". Match your app's client. */
  declare cacheLocation: "memory" | "localstorage" | undefined;
  /** auth0-spa-js `useRefreshTokens`; also makes the migrator revoke refresh tokens after migrating. */
  declare useRefreshTokens: boolean;
  /** Seconds to wait for a silent Auth0 token. */
  declare timeout: number | undefined;
  /** SuperTokens API origin; used to initialise supertokens-web-js when the page has not. */
  declare apiDomain: string | undefined;
  /** SuperTokens API base path (default "/auth"). */
  declare apiBasePath: string | undefined;
  /** Migrate endpoint (default `<api-domain>/migrate-session`). */
  declare migrateUrl: string | undefined;
  /** supertokens-web-js `tokenTransferMethod` ("cookie" or "header") when the element initialises it. */
  declare tokenTransfer: "cookie" | "header" | undefined;
  /** "always" skips the Auth0 cookie/localStorage gate. */
  declare detect: "auto" | "always" | undefined;
  /** "global" also tries to end the Auth0 SSO session in a hidden iframe (best effort; see README). */
  declare auth0Logout: "local" | "global" | undefined;
  /** Migrate requests to try on network errors and 5xx (default 3). */
  declare maxAttempts: number | undefined;
  /** Do nothing on connect; call `migrate()` instead. */
  declare manual: boolean;
  /** Where the element is: idle, checking, migrating, done, skipped, error. Reflected for CSS. */
  declare state: MigrationState;
  /** An existing auth0-spa-js client to use instead of creating one from the attributes. */
  declare auth0Client: Auth0ClientLike | undefined;
  /** Replaces the SDK loaders (dynamic imports). */
  declare loaders: MigrationLoaders | undefined;

  constructor() {
    super();
    this.useRefreshTokens = false;
    this.manual = false;
    this.state = "idle";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A microtask later, so properties set right after insertion are seen.
    queueMicrotask(() => {
      if (this.isConnected && !this.manual && this.state === "idle") void this.migrate();
    });
  }

  /** Runs the migration (or returns the running one). Resolves with the outcome; never rejects. */
  migrate(): Promise<MigrationResult> {
    let running = runs.get(this);
    if (!running) {
      running = run(this).finally(() => runs.delete(this));
      runs.set(this, running);
    }
    return running;
  }

  override render(): TemplateResult {
    const s = this.state;
    return html`<div part="status" role="status" aria-live="polite">${
      s === "migrating"
        ? html`<slot name="migrating"><span part="spinner" aria-hidden="true"></span><span part="label">Signing you in…</span></slot>`
        : s === "done"
          ? // has-done while a done message is slotted, so the CSS keeps an empty done out of the flow (:host() ignores
            // :has() in Chromium). A slot fires slotchange when it gets content, loses it, or leaves the shadow tree
            // with some (when done ends), so the attribute never outlives done. Flattened: a wrapper component that
            // forwards an empty slot of its own has no message.
            html`<slot name="done" @slotchange=${(e: Event) =>
              this.toggleAttribute(
                "has-done",
                !!(e.currentTarget as HTMLSlotElement).assignedNodes({ flatten: true }).length,
              )}></slot>`
          : nothing
    }</div><div part="error" role="alert">${
      s === "error" ? html`<slot name="error">We couldn't finish signing you in.</slot>` : nothing
    }</div>`;
  }

  /**
   * Registers the element (default tag `auth0-session-migrator`) unless that name is taken. Another tag gets its own
   * subclass, as one constructor can only be defined once per registry.
   */
  static define(tag = "auth0-session-migrator", registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag))
      registry.define(
        tag,
        tag === "auth0-session-migrator" ? Auth0SessionMigrator : class extends Auth0SessionMigrator {},
      );
  }
}

// Module-level helpers rather than private members: keeps the public class type structural, so the source and
// the built .d.ts can both declare HTMLElementTagNameMap in one program (monorepo typecheck).
const runs = new WeakMap<Auth0SessionMigrator, Promise<MigrationResult>>();

function optionsOf(el: Auth0SessionMigrator): MigrateAuth0SessionOptions {
  // Passed as set: the flow reads empty or removed attributes (null), a non-positive timeout and a NaN max-attempts
  // as not set, and rejects unknown enumerated values with INVALID_OPTIONS.
  return {
    clientId: el.clientId?.trim() ?? "",
    domain: el.domain,
    auth0Client: el.auth0Client,
    audience: el.audience,
    scope: el.scope,
    cacheLocation: el.cacheLocation,
    // false stays "not set": with a page-provided client the flow then revokes its refresh tokens, if any.
    useRefreshTokens: el.useRefreshTokens || undefined,
    timeoutInSeconds: el.timeout,
    apiDomain: el.apiDomain,
    apiBasePath: el.apiBasePath,
    migrateUrl: el.migrateUrl,
    tokenTransferMethod: el.tokenTransfer,
    detect: el.detect,
    auth0Logout: el.auth0Logout,
    maxAttempts: el.maxAttempts,
    loaders: el.loaders,
  };
}

async function run(el: Auth0SessionMigrator): Promise<MigrationResult> {
  const options = optionsOf(el);
  let result: MigrationResult;
  // Only an explicit "always" skips the gate: a mistyped value must not make every visitor download the SDKs (the flow
  // reports it when there is a session to migrate).
  const gated = options.detect !== "always";
  if (options.clientId && gated && !hasAuth0Session(options.clientId)) {
    // The common case: no Auth0 session. Decided synchronously; nothing else is loaded. (Other options are validated
    // by the lazily loaded flow, i.e. whenever there is a session to migrate.)
    result = { outcome: "skipped", reason: "no-auth0-session" };
  } else {
    el.state = "checking";
    // The flow and both SDKs download side by side, rather than the SDKs after the flow has arrived, and SDKs the
    // page handed over start their network waits at once. A missing client id is reported by the flow, with nothing
    // else downloaded.
    try {
      const loaders = sdkLoaders(options.loaders);
      const head = options.clientId ? headStart(loaders, options) : undefined;
      const { runMigration } = await import("./flow.js");
      result = await runMigration(
        {
          ...options,
          onStateChange: (state) => {
            el.state = state;
            if (state === "migrating") {
              emit<MigrationStartDetail>(el, "auth0-migration-start", { clientId: options.clientId });
            }
          },
        },
        (clientId) => hasAuth0Session(clientId),
        loaders,
        head,
      );
    } catch (e) {
      result = {
        outcome: "error",
        code: "SDK_LOAD_FAILED",
        status: undefined,
        attempts: 0,
        message: `the migrator could not be loaded: ${(e as Error)?.message}`,
      };
    }
  }
  if (result.outcome === "done") {
    el.state = "done";
    emit<MigrationCompleteDetail>(el, "auth0-migration-complete", { userId: result.userId });
  } else if (result.outcome === "skipped") {
    el.state = "skipped";
    emit<MigrationSkippedDetail>(el, "auth0-migration-skipped", { reason: result.reason });
  } else {
    el.state = "error";
    const { outcome: _, ...detail } = result;
    emit<MigrationErrorDetail>(el, "auth0-migration-error", detail);
  }
  return result;
}

function emit<T>(el: Auth0SessionMigrator, type: string, detail: T): void {
  el.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementTagNameMap {
    "auth0-session-migrator": Auth0SessionMigrator;
  }
  interface HTMLElementEventMap {
    "auth0-migration-start": MigrationStartEvent;
    "auth0-migration-complete": MigrationCompleteEvent;
    "auth0-migration-skipped": MigrationSkippedEvent;
    "auth0-migration-error": MigrationErrorEvent;
  }
  // The events bubble and are composed, so listeners on document and window get them too (DocumentEventMap and
  // WindowEventMap extend this map, as HTMLElementEventMap does).
  interface GlobalEventHandlersEventMap {
    "auth0-migration-start": MigrationStartEvent;
    "auth0-migration-complete": MigrationCompleteEvent;
    "auth0-migration-skipped": MigrationSkippedEvent;
    "auth0-migration-error": MigrationErrorEvent;
  }
}
