import { existsSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import supertokens from "supertokens-node";
import { handleAuthAPIRequest, withSession } from "supertokens-node/custom";
import Session from "supertokens-node/recipe/session";
import { configOrExit, readConfig } from "./session-migration/config.js";
import { sessionMigrationRoutes, withDecodableCookies } from "./session-migration/hono.js";
import { createSessionMigration } from "./session-migration/migrate-session.js";

// Values already in the environment win over the .env file.
if (existsSync(".env")) process.loadEnvFile(".env");
const { migration, server } = configOrExit(() => readConfig(process.env));

supertokens.init({
  framework: "custom",
  supertokens: { connectionURI: server.connectionURI, apiKey: server.apiKey },
  appInfo: {
    appName: "{{projectName}}",
    apiDomain: server.apiDomain,
    apiBasePath: server.apiBasePath,
    websiteDomain: server.websiteDomain,
  },
  recipeList: [Session.init()],
});

const app = new Hono();

// Only your site may call this API with credentials, and it may send SuperTokens' own headers.
app.use(
  cors({
    origin: migration.allowedOrigins,
    allowHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
    credentials: true,
  }),
);

// SuperTokens' own routes under API_BASE_PATH (session refresh, sign-out).
const supertokensApi = handleAuthAPIRequest();
app.all(`${server.apiBasePath}/*`, (c) => supertokensApi(withDecodableCookies(c.req.raw)));

// POST <route> with { "access_token": "<Auth0 access token>" }.
const migrationRoute = "{{route}}";
app.route("/", sessionMigrationRoutes(createSessionMigration(migration), migrationRoute));

// Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked.
app.get("/session", (c) =>
  withSession(withDecodableCookies(c.req.raw), async (error, session) => {
    // Without a valid session, withSession has already answered 401; `error` is anything else that went wrong.
    if (error !== undefined || session === undefined) throw error;
    return c.json({ userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() });
  }),
);

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  // Anything else that went wrong: log it here, never send a stack trace to the browser.
  console.error(error);
  return c.json({ status: "INTERNAL_ERROR", message: "Something went wrong." }, 500);
});

// Without HOST, Node listens on every interface, as most hosting platforms expect. overrideGlobalObjects: false keeps
// Node's own Response: @hono/node-server's faster one shares the Headers object it is given, and supertokens-node
// edits that object after building its Response, so a session refresh would send only one of its two cookies (the
// rotated refresh token would never reach the browser).
const listener = serve(
  { fetch: app.fetch, port: server.port, hostname: server.host, overrideGlobalObjects: false },
  ({ address, port }) => {
    const host = address.includes(":") ? `[${address}]` : address;
    console.log(`Listening on http://${host}:${port}${migrationRoute}`);
  },
);
listener.on("error", (error) => {
  console.error(`Could not listen on port ${server.port}: ${error.message}`);
  process.exit(1);
});
