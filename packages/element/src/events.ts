// Typed events (registered in HTMLElementEventMap by auth0-session-migrator.ts). All bubble and are composed, so a
// listener on document sees them from inside shadow roots.
import type { SkipReason } from "./types.js";

export interface MigrationStartDetail {
  clientId: string;
}
export interface MigrationCompleteDetail {
  userId: string;
}
export interface MigrationSkippedDetail {
  reason: SkipReason;
}
export interface MigrationErrorDetail {
  /** Backend status (e.g. INVALID_TOKEN) or a client-side code (e.g. NETWORK_ERROR). */
  code: string;
  /** HTTP status of the last migrate answer, if any. */
  status: number | undefined;
  /** Migrate requests sent. */
  attempts: number;
  message: string;
}

export type MigrationStartEvent = CustomEvent<MigrationStartDetail>;
export type MigrationCompleteEvent = CustomEvent<MigrationCompleteDetail>;
export type MigrationSkippedEvent = CustomEvent<MigrationSkippedDetail>;
export type MigrationErrorEvent = CustomEvent<MigrationErrorDetail>;
