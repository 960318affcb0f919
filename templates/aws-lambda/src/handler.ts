import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, Handler } from "aws-lambda";
import supertokens from "supertokens-node";
import { middleware } from "supertokens-node/framework/awsLambda";
import Session from "supertokens-node/recipe/session";
import { migrateSession } from "./session-migration/aws-lambda.js";
import { configOrExit, readConfig } from "./session-migration/config.js";
import { createSessionMigration } from "./session-migration/migrate-session.js";

type Result = APIGatewayProxyStructuredResultV2;

// Read once per cold start: a bad setting stops the function with one line in its log.
const { migration, server } = configOrExit(() => readConfig(process.env));

supertokens.init({
  framework: "awsLambda",
  isInServerlessEnv: true,
  supertokens: { connectionURI: server.connectionURI, apiKey: server.apiKey },
  appInfo: {
    appName: "{{projectName}}",
    apiDomain: server.apiDomain,
    apiBasePath: server.apiBasePath,
    websiteDomain: server.websiteDomain,
  },
  recipeList: [Session.init()],
});

const sessionMigration = createSessionMigration(migration);
// POST <route> with { "access_token": "<Auth0 access token>" }.
const migrationRoute = "{{route}}";

/** This function's own routes; SuperTokens' middleware answers its routes under API_BASE_PATH first. */
async function route(event: APIGatewayProxyEventV2): Promise<Result> {
  const method = event.requestContext.http.method;
  const path = pathOf(event);
  if (method === "POST" && path === migrationRoute) return migrateSession(sessionMigration, event);
  if (method === "GET" && path === "/session") {
    // Who am I? Without a valid session this throws, and SuperTokens' middleware answers 401.
    const session = await Session.getSession(event, event);
    return json(200, { userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() });
  }
  return json(404, { message: "Not found." });
}

const withSupertokens = middleware(route);

// CORS is answered here, so it holds for SuperTokens' routes too. (If you configure CORS on the HTTP API instead,
// API Gateway answers preflights itself: allow only your website, with credentials, and the headers below.)
export const handler: Handler<APIGatewayProxyEventV2, Result> = async (
  event: APIGatewayProxyEventV2,
  context: Context,
) => {
  const origin = event.headers.origin;
  const allowed = origin !== undefined && migration.allowedOrigins.includes(origin);
  const cors: Record<string, string> = allowed
    ? { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "origin" }
    : { vary: "origin" };
  if (event.requestContext.http.method === "OPTIONS") {
    if (!allowed) return { statusCode: 204, headers: cors };
    return {
      statusCode: 204,
      headers: {
        ...cors,
        "access-control-allow-methods": "GET, POST, DELETE, PUT, OPTIONS",
        "access-control-allow-headers": ["content-type", ...supertokens.getAllCORSHeaders()].join(", "),
        "access-control-max-age": "600",
      },
    };
  }
  const result = (await withSupertokens(event, context, () => undefined)) as Result;
  return { ...result, headers: { ...result.headers, ...cors } };
};

/** The request path without the stage prefix that a named (non-$default) stage adds. */
function pathOf(event: APIGatewayProxyEventV2): string {
  const stage = event.requestContext.stage;
  const path = event.rawPath;
  return stage && stage !== "$default" && path.startsWith(`/${stage}/`) ? path.slice(stage.length + 1) : path;
}

function json(statusCode: number, body: unknown): Result {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  };
}
