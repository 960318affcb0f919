import { generatedTarget } from "./generate.js";
import { contractSuite } from "./suite.js";

// The migration route sits at the API root, outside SuperTokens' API_BASE_PATH.
for (const language of ["ts", "js"] as const) {
  contractSuite({ ...generatedTarget("nestjs", language), migratePath: "/migrate-session" });
}
