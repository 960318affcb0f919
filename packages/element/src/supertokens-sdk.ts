// supertokens-web-js (CommonJS) as one module, so it becomes a single lazily loaded chunk in bundles.
import * as root from "supertokens-web-js";
import * as session from "supertokens-web-js/recipe/session/index.js";
import type { SuperTokensModule } from "./types.js";

type Namespace = Record<string, unknown> & { default?: Record<string, unknown> };

/** CommonJS exports appear as named exports, on `default`, or both, depending on the bundler. */
function pick<T>(ns: unknown, name: string): T {
  const n = ns as Namespace;
  return (n[name] ?? n.default?.[name]) as T;
}

const sdk: SuperTokensModule = {
  init: pick(root, "init"),
  Session: { init: pick(session, "init"), doesSessionExist: pick(session, "doesSessionExist") },
};
export default sdk;
