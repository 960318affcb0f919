// A compile-time check, run by `npm test`'s typecheck (tsc -p .): the real SDKs fit the element's options exactly as
// packages/element/README.md hands them over ("In an app that has both SDKs"), so a TypeScript app needs no casts.
import type { Auth0Client } from "@auth0/auth0-spa-js";
import SuperTokens from "supertokens-web-js";
import Session from "supertokens-web-js/recipe/session/index.js";
import type { Auth0SessionMigrator } from "../../packages/element/src/auth0-session-migrator.js";

export function handOver(el: Auth0SessionMigrator, auth0: Auth0Client): void {
  el.auth0Client = auth0;
  el.loaders = { supertokens: async () => ({ init: SuperTokens.init, Session }) };
}

/** A page that bundles auth0-spa-js itself may hand over its module instead of a client. */
export function handOverModule(el: Auth0SessionMigrator): void {
  el.loaders = { auth0: () => import("@auth0/auth0-spa-js") };
}
