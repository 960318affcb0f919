import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import cors from "cors";
import express, { type NextFunction, type Request, type Response } from "express";
import supertokens from "supertokens-node";
import type { SessionRequest } from "supertokens-node/framework/express";
import { errorHandler, middleware } from "supertokens-node/framework/express";
import Session, { type SessionContainer } from "supertokens-node/recipe/session";
import { verifySession } from "supertokens-node/recipe/session/framework/express";
import { configOrExit, readConfig } from "./session-migration/config.js";
import { sessionMigrationRouter } from "./session-migration/express.js";
import { createSessionMigration } from "./session-migration/migrate-session.js";

// Values already in the environment win over the .env file.
if (existsSync(".env")) process.loadEnvFile(".env");
const { migration, server } = configOrExit(() => readConfig(process.env));

supertokens.init({
  framework: "express",
  supertokens: { connectionURI: server.connectionURI, apiKey: server.apiKey },
  appInfo: {
    appName: "{{projectName}}",
    apiDomain: server.apiDomain,
    apiBasePath: server.apiBasePath,
    websiteDomain: server.websiteDomain,
  },
  recipeList: [Session.init()],
});

const app = express();
app.disable("x-powered-by");

// Only your site may call this API with credentials, and it may send SuperTokens' own headers.
app.use(
  cors({
    origin: migration.allowedOrigins,
    allowedHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
    credentials: true,
  }),
);
app.use(middleware());

// POST <route> with { "access_token": "<Auth0 access token>" }, at the API's root, where the element looks by default.
const migrationRoute = "{{route}}";
app.use(sessionMigrationRouter(createSessionMigration(migration), migrationRoute));

// Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked.
app.get("/session", verifySession(), (req: SessionRequest, res: Response) => {
  // verifySession() has already answered 401 when there is no session.
  const session = req.session as SessionContainer;
  res.json({ userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() });
});

app.use(errorHandler());
// Anything else that went wrong: log it here, never send a stack trace to the browser.
app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  console.error(error);
  res.status(500).json({ status: "INTERNAL_ERROR", message: "Something went wrong." });
});

// Without HOST, Node listens on every interface, as most hosting platforms expect.
const listener = app.listen({ port: server.port, host: server.host }, (error?: Error) => {
  if (error) {
    console.error(`Could not listen on port ${server.port}: ${error.message}`);
    process.exit(1);
  }
  const { address, port } = listener.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  console.log(`Listening on http://${host}:${port}${migrationRoute}`);
});
