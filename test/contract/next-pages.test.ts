import { nextTarget } from "./next-target.js";
import { contractSuite } from "./suite.js";

// `next build` once per language, then `next start`; the route is reached through the rewrite in next.config.
for (const language of ["ts", "js"] as const) contractSuite(nextTarget("next-pages", language));
