import { generatedTarget } from "./generate.js";
import { contractSuite } from "./suite.js";

contractSuite(generatedTarget("express", "ts"));
