// Self-defining entry: `import "auth0-session-migrator/define"` registers <auth0-session-migrator>.
// Kept minimal on purpose: the migration flow and both SDKs load only when an Auth0 session is detected.
import { Auth0SessionMigrator } from "./auth0-session-migrator.js";

Auth0SessionMigrator.define();

export { Auth0SessionMigrator };
export default Auth0SessionMigrator;
