// Side-effect-free entry: the element class, the function and the pure pieces.

export { Auth0SessionMigrator } from "./auth0-session-migrator.js";
export type {
  MigrationCompleteDetail,
  MigrationCompleteEvent,
  MigrationErrorDetail,
  MigrationErrorEvent,
  MigrationSkippedDetail,
  MigrationSkippedEvent,
  MigrationStartDetail,
  MigrationStartEvent,
} from "./events.js";
export { defaultMigrateUrl, type MigrateAuth0SessionOptions } from "./flow.js";
export { auth0CookieNames, hasAuth0Session } from "./gate.js";
export { type LockOptions, lockName, withLock } from "./lock.js";
export { migrateAuth0Session } from "./migrate-auth0-session.js";
export type { BackoffOptions } from "./retry.js";
export type {
  Auth0ClientLike,
  Auth0Module,
  ClientErrorCode,
  MigrationLoaders,
  MigrationResult,
  MigrationState,
  SkipReason,
  SuperTokensModule,
} from "./types.js";
