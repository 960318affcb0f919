import { awsLambdaTarget } from "./aws-lambda-target.js";
import { contractSuite } from "./suite.js";

// Served through a local API Gateway (HTTP API, payload 2.0) stand-in; the route sits at the API root.
for (const language of ["ts", "js"] as const) contractSuite(awsLambdaTarget(language));
