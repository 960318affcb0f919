import { existsSync } from "node:fs";
import Hapi from "@hapi/hapi";
import supertokens from "supertokens-node";
import { type SessionRequest, plugin as supertokensPlugin } from "supertokens-node/framework/hapi";
import Session, { type SessionContainer } from "supertokens-node/recipe/session";
import { verifySession } from "supertokens-node/recipe/session/framework/hapi";
import { configOrExit, readConfig } from "./session-migration/config.js";
import { sessionMigrationPlugin } from "./session-migration/hapi.js";
import { createSessionMigration } from "./session-migration/migrate-session.js";

// Values already in the environment win over the .env file.
if (existsSync(".env")) process.loadEnvFile(".env");
const { migration, server: settings } = configOrExit(() => readConfig(process.env));

supertokens.init({
  framework: "hapi",
  supertokens: { connectionURI: settings.connectionURI, apiKey: settings.apiKey },
  appInfo: {
    appName: "{{projectName}}",
    apiDomain: settings.apiDomain,
    apiBasePath: settings.apiBasePath,
    websiteDomain: settings.websiteDomain,
  },
  recipeList: [Session.init()],
});

// Without HOST, hapi listens on every interface, as most hosting platforms expect.
const server = Hapi.server({
  port: settings.port,
  address: settings.host,
  routes: {
    // Only your site may call this API with credentials, and it may send SuperTokens' own headers.
    cors: {
      origin: migration.allowedOrigins,
      additionalHeaders: supertokens.getAllCORSHeaders(),
      credentials: true,
    },
    // SuperTokens reads its cookies itself: a malformed cookie of another app on your domain must not fail requests.
    state: { parse: true, failAction: "ignore" },
  },
});

// SuperTokens' own routes under API_BASE_PATH (session refresh, sign-out), and its error handling.
await server.register(supertokensPlugin);

// POST <route> with { "access_token": "<Auth0 access token>" }.
const migrationRoute = "{{route}}";
await server.register({
  plugin: sessionMigrationPlugin,
  options: { migration: createSessionMigration(migration), path: migrationRoute },
});

// Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked.
server.route({
  method: "GET",
  path: "/session",
  options: { pre: [{ method: verifySession() }] },
  handler: (request: SessionRequest) => {
    // verifySession() has already answered 401 when there is no session.
    const session = request.session as SessionContainer;
    return { userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() };
  },
});

try {
  await server.start();
} catch (error) {
  console.error(`Could not listen on port ${settings.port}: ${(error as Error).message}`);
  process.exit(1);
}
const { address, port } = server.info;
const host = address?.includes(":") ? `[${address}]` : address;
console.log(`Listening on http://${host}:${port}${migrationRoute}`);
