import { type MigrateAuth0SessionOptions, runMigration } from "./flow.js";
import { hasAuth0Session } from "./gate.js";
import { sdkLoaders } from "./loaders.js";
import type { MigrationResult } from "./types.js";

/**
 * Migrates the page's Auth0 session to SuperTokens, the same flow as `<auth0-session-migrator>` without an element:
 * gate → already migrated? → cross-tab lock → SDKs (lazily) → Auth0 token and
 * SuperTokens state side by side → POST → confirm → sign out of Auth0.
 * Never rejects: the outcome is in the result. On every error outcome the Auth0 session is untouched.
 */
export function migrateAuth0Session(options: MigrateAuth0SessionOptions): Promise<MigrationResult> {
  // A missing or malformed argument is reported by the flow (INVALID_OPTIONS), never thrown.
  return runMigration(
    options,
    (clientId) => hasAuth0Session(clientId),
    sdkLoaders(options?.loaders ?? undefined),
  );
}
